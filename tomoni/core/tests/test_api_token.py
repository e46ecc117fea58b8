"""API token authentication: the same user and token as DRF's, and DRF's refusals, in its own words."""

from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tomoni.core.auth import TokenAuthentication
from tomoni.core.models import User
from tomoni.governance.tests.factories import open_motion


def vote(world, authorization: str):
    cache.clear()
    motion = open_motion(world)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=authorization, HTTP_ACCEPT_LANGUAGE="en")
    return client.post(f"/api/v1/coops/cwc/motions/{motion.pk}/vote/", {"choice": "for"}, format="json")


def test_it_finds_the_same_user_and_token_as_the_database(world):
    token = Token.objects.create(user=world.member)
    user, found = TokenAuthentication().authenticate_credentials(token.key)
    stored = User.objects.get(pk=world.member.pk)
    assert [getattr(user, f.attname) for f in User._meta.concrete_fields] == [
        getattr(stored, f.attname) for f in User._meta.concrete_fields
    ]
    assert (found.key, found.user_id, found.created, found.user) == (token.key, stored.pk, token.created, user)
    assert not found._state.adding


def test_a_member_with_a_token_casts(world):
    token = Token.objects.create(user=world.member)
    assert vote(world, f"Token {token.key}").status_code == 201


def test_an_unknown_token_is_refused(world):
    Token.objects.create(user=world.member)
    r = vote(world, "Token " + "0" * 40)
    assert r.status_code == 401 and r.json()["detail"] == "Invalid token."


def test_the_token_of_an_inactive_user_is_refused(world):
    token = Token.objects.create(user=world.member)
    User.objects.filter(pk=world.member.pk).update(is_active=False)
    r = vote(world, f"Token {token.key}")
    assert r.status_code == 401 and r.json()["detail"] == "User inactive or deleted."


def test_no_credentials_is_refused(world):
    assert vote(world, "").status_code == 401
