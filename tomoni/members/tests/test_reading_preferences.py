"""An officer sets a member's reading preferences when the member asks: scoped to their grants, audited."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tomoni.core.errors import TomoniError
from tomoni.core.models import AuditEvent
from tomoni.members import services
from tomoni.preferences.models import PLAIN_JAPANESE, Preferences, TextSize
from tomoni.preferences.selectors import language_for_user
from tomoni.testing import World, make_user

PLAIN_LARGE = {"language": PLAIN_JAPANESE, "large_text": "on"}


def url(world: World, person_id: int, coop: str = "cwc") -> str:
    return reverse("members:reading_preferences", args=[coop, person_id])


def test_an_officer_sets_plain_japanese_and_large_text_for_a_member(client: Client, world: World) -> None:
    client.force_login(world.officer)
    assert client.get(url(world, world.member_person.pk)).status_code == 200
    response = client.post(url(world, world.member_person.pk), PLAIN_LARGE)
    assert response.status_code == 302
    prefs = Preferences.objects.get(user=world.member)
    assert (prefs.language, prefs.text_size, prefs.high_contrast) == (PLAIN_JAPANESE, TextSize.LARGE, False)
    assert language_for_user(world.member) == PLAIN_JAPANESE
    event = AuditEvent.objects.get(action="preferences.updated")
    assert event.actor_id == world.officer.pk
    assert event.coop_id == world.cwc.pk
    assert event.data["for_another"] is True and event.data["user_id"] == world.member.pk


def test_the_page_shows_what_the_member_has_now(client: Client, world: World) -> None:
    Preferences.objects.create(user=world.member, language="en", high_contrast=True)
    client.force_login(world.officer)
    form = client.get(url(world, world.member_person.pk)).context["form"]
    assert form.initial == {"language": "en", "large_text": False, "high_contrast": True}


def test_the_centre_manager_sets_them_for_a_member_of_their_centre(client: Client, world: World) -> None:
    client.force_login(world.manager)
    assert client.post(url(world, world.member_person.pk), {"language": "en"}).status_code == 302
    assert Preferences.objects.get(user=world.member).language == "en"


def test_a_manager_gets_404_for_a_member_of_another_centre(client: Client, world: World) -> None:
    world.nara_person.user = make_user("nara")
    world.nara_person.save()
    client.force_login(world.manager)
    assert client.get(url(world, world.nara_person.pk)).status_code == 404
    assert client.post(url(world, world.nara_person.pk), PLAIN_LARGE).status_code == 404
    assert not Preferences.objects.filter(user__username="nara").exists()


def test_outside_the_grants_the_page_is_404(client: Client, world: World) -> None:
    for user in (world.outsider, world.staff):
        client.force_login(user)
        assert client.get(url(world, world.member_person.pk)).status_code == 404
        assert client.post(url(world, world.member_person.pk), PLAIN_LARGE).status_code == 404
    client.force_login(world.officer)
    assert client.get(url(world, world.other_person.pk, coop="other")).status_code == 404
    assert not Preferences.objects.exists()
    assert not AuditEvent.objects.filter(action="preferences.updated").exists()


def test_an_auditor_and_the_member_themself_cannot_use_it(client: Client, world: World) -> None:
    for user in (world.auditor, world.member):
        client.force_login(user)
        assert client.post(url(world, world.member_person.pk), PLAIN_LARGE).status_code in {403, 404}
    assert not Preferences.objects.exists()


def test_a_person_without_a_login_has_no_such_page(client: Client, world: World) -> None:
    client.force_login(world.officer)
    assert client.get(url(world, world.nara_person.pk)).status_code == 404


def test_an_unoffered_language_is_refused_and_nothing_saved(client: Client, world: World) -> None:
    client.force_login(world.officer)
    response = client.post(url(world, world.member_person.pk), {"language": "xx"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.context["form"].errors["language"]
    assert not Preferences.objects.exists()


def test_the_service_refuses_a_writer_outside_the_persons_centres(world: World) -> None:
    with pytest.raises(TomoniError):
        services.person_reading_preferences_set(
            actor=world.outsider,
            person=world.member_person,
            language="en",
            text_size=TextSize.NORMAL,
            high_contrast=False,
        )
    assert not Preferences.objects.exists()
