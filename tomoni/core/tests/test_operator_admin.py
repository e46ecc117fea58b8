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
