"""The reading switches: large text, high contrast and plain Japanese, remembered per member."""

from __future__ import annotations

from django.test import Client

from tomoni.core.models import AuditEvent
from tomoni.preferences.models import Preferences
from tomoni.preferences.selectors import language_for_user, languages_for_users
from tomoni.testing import World


def switch(client: Client, **fields: str) -> None:
    response = client.post("/preferences/display/", {"next": "/me/", **fields})
    assert response.status_code == 302
    assert response["Location"] == "/me/"


def test_a_member_turns_on_large_text_and_the_page_is_enlarged(client: Client, world: World) -> None:
    client.force_login(world.member)

    switch(client, text_size="large")

    html = client.get("/me/").content.decode()
    assert 'class="text-large' in html
    assert 'name="text_size" value="normal" class="switch" aria-pressed="true"' in html
    assert Preferences.objects.get(user=world.member).text_size == "large"
    assert AuditEvent.objects.filter(action="preferences.updated").count() == 1


def test_the_members_choice_is_remembered_at_their_next_login(world: World) -> None:
    first = Client()
    first.force_login(world.member)
    switch(first, high_contrast="1", language="ja-plain")

    later = Client()
    later.force_login(world.member)
    html = later.get("/me/").content.decode()

    assert "contrast-high" in html
    assert "plain-japanese" in html
    assert "<ruby>" in html


def test_a_page_costs_no_query_for_the_display(client: Client, world: World, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    client.force_login(world.member)
    switch(client, text_size="large")
    with_prefs = _count_queries(client, django_assert_num_queries)
    Preferences.objects.all().delete()
    client.force_login(world.member)

    assert _count_queries(client, django_assert_num_queries) == with_prefs


def _count_queries(client: Client, django_assert_num_queries) -> int:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        client.get("/figures/")
    return len(queries)


def test_a_visitor_can_switch_large_text_for_this_browser(client: Client, world: World) -> None:
    switch(client, text_size="large")

    assert "text-large" in client.get("/accounts/login/").content.decode()
    assert not Preferences.objects.exists()


def test_a_language_not_offered_changes_nothing(client: Client, world: World) -> None:
    client.force_login(world.member)

    switch(client, language="xx")

    assert not Preferences.objects.filter(user=world.member).exclude(language="").exists()


def test_a_link_to_another_site_is_not_followed_after_switching(client: Client, world: World) -> None:
    response = client.post("/preferences/display/", {"next": "https://evil.example/", "text_size": "large"})

    assert response["Location"] == "/"


def test_the_language_to_write_to_a_member_in_is_theirs_or_japanese(world: World) -> None:
    Preferences.objects.create(user=world.member, language="en")

    assert language_for_user(world.member) == "en"
    assert language_for_user(world.officer) == "ja"
    assert languages_for_users([world.member.pk, world.officer.pk]) == {world.member.pk: "en", world.officer.pk: "ja"}
