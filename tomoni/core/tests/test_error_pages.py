"""The error pages are the site's own, in the reader's language, with a way back."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import path

from tomoni.testing import World


def test_a_missing_page_is_the_sites_own_404_in_japanese(client: Client, world: World) -> None:
    client.force_login(world.member)

    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="ja")

    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="ja">' in html
    assert "ページが見つかりません" in html
    assert 'href="/"' in html
    assert "site-header" in html


def test_a_missing_page_is_in_english_for_an_english_reader(client: Client, world: World) -> None:
    client.cookies["django_language"] = "en"

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_page_the_manager_may_not_open_is_a_japanese_403_with_a_way_back(client: Client, world: World) -> None:
    client.force_login(world.manager)

    response = client.get(f"/coops/{world.cwc.code}/governance-settings/", HTTP_ACCEPT_LANGUAGE="ja")

    assert response.status_code == 403
    html = response.content.decode()
    assert "このページは開けません" in html
    assert "403 Forbidden" not in html
    assert "マイページへ" in html


def fail(request: object) -> None:
    raise RuntimeError("a fault on our side")


urlpatterns = [path("fail/", fail)]


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.django_db
def test_a_server_fault_is_the_sites_own_500_page_in_the_readers_language() -> None:
    client = Client(raise_request_exception=False)
    client.cookies["django_language"] = "ja"

    response = client.get("/fail/")

    assert response.status_code == 500
    html = response.content.decode()
    assert '<html lang="ja">' in html
    assert "問題が起きました" in html
