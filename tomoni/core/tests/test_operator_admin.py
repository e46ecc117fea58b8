"""The Django admin is for platform operators only."""

from tomoni.core.models import User


def test_a_coop_officer_with_a_staff_flag_cannot_open_the_admin(client, world):
    world.officer.is_staff = True
    world.officer.save()
    client.force_login(world.officer)
    response = client.get("/operator/")
    assert response.status_code == 302
    assert "/operator/login/" in response["Location"]


def test_a_platform_operator_opens_the_admin(client, db):
    operator = User.objects.create_superuser(username="root", email="root@example.jp", password="x")
    client.force_login(operator)
    assert client.get("/operator/").status_code == 200


def test_the_admin_login_sends_the_operator_to_the_sites_login(client, db):
    response = client.get("/operator/login/?next=/operator/core/user/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=%2Foperator%2Fcore%2Fuser%2F"


def test_the_admin_login_form_does_not_log_anyone_in(client, db):
    User.objects.create_superuser(username="root", email="root@example.jp", password="right-password-1")
    response = client.post("/operator/login/", {"username": "root", "password": "right-password-1"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in client.session


def test_an_operator_is_locked_out_after_failed_logins_like_everyone(client, db, settings):
    from django.core.cache import cache

    cache.clear()
    User.objects.create_superuser(username="root", email="root@example.jp", password="right-password-1")
    for _ in range(settings.LOGIN_FAILURES):
        client.post("/accounts/login/?next=/operator/", {"login": "root", "password": "wrong"})
    response = client.post("/accounts/login/?next=/operator/", {"login": "root", "password": "right-password-1"})
    assert "_auth_user_id" not in client.session
    assert response.status_code == 200
    cache.clear()


def test_an_operator_with_two_factor_needs_the_code_before_the_admin(client, db):
    from allauth.mfa.models import Authenticator

    operator = User.objects.create_superuser(username="root", email="root@example.jp", password="right-password-1")
    Authenticator.objects.create(user=operator, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    response = client.post("/accounts/login/?next=/operator/", {"login": "root", "password": "right-password-1"})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    assert client.get("/operator/").status_code == 302


def test_a_logged_in_non_operator_is_sent_home_not_to_a_second_login(client, world):
    client.force_login(world.officer)
    response = client.get("/operator/login/")
    assert response.status_code == 302 and response["Location"] == "/"
