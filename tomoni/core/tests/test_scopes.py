"""What each persona's grants reach: the tree, personal data, writes and special-care data."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from pytest_django import DjangoAssertNumQueries

from tomoni.core.models import Grant, Role, User
from tomoni.core.scopes import ANONYMOUS, Nodes, Scope, scope_for
from tomoni.federation.models import Centre, Region
from tomoni.members.models import Membership, Person
from tomoni.members.selectors import people_visible
from tomoni.testing import World, make_user


def centres_reached(scope: Scope, nodes: Nodes | None = None) -> set[str]:
    return set(Centre.objects.filter(scope.centre_q(nodes)).values_list("code", flat=True))


def people_reached(user: User) -> set[int]:
    return set(people_visible(user=user).values_list("pk", flat=True))


def reads_special_care_at(scope: Scope, centre: Centre) -> bool:
    return scope.reads_special_care(coop_id=centre.coop_id, region_id=centre.region_id, centre_id=centre.pk)


def test_federation_staff_reach_the_federation_and_no_coops_personal_data(world: World) -> None:
    scope = scope_for(world.staff)

    assert scope.federation_ids == {world.federation.pk}
    assert not scope.read and not scope.write and not scope.special_care
    assert not scope.reads_coop(world.cwc.pk) and not scope.reads_coop(world.other.pk)
    assert centres_reached(scope) == set()
    assert people_reached(world.staff) == set()


def test_a_coop_officer_reads_and_writes_the_whole_coop_and_nothing_else(world: World) -> None:
    scope = scope_for(world.officer)

    assert scope.reads_coop(world.cwc.pk) and scope.writes_coop(world.cwc.pk)
    assert not scope.reads_coop(world.other.pk)
    assert centres_reached(scope) == {"ajisai", "west-nara"}
    assert centres_reached(scope, scope.write) == {"ajisai", "west-nara"}
    assert people_reached(world.officer) == {world.member_person.pk, world.nara_person.pk}
    assert not reads_special_care_at(scope, world.ajisai)
    assert scope.audit_coop_ids == frozenset()


def test_an_auditor_reads_the_coop_and_its_access_log_but_writes_nothing(world: World) -> None:
    scope = scope_for(world.auditor)

    assert scope.reads_coop(world.cwc.pk)
    assert scope.audit_coop_ids == {world.cwc.pk}
    assert not scope.write
    assert not scope.writes_coop(world.cwc.pk)
    assert not scope.writes_centre(coop_id=world.cwc.pk, region_id=world.region.pk, centre_id=world.ajisai.pk)
    # An empty write scope matches no centre; it must not widen to the read scope.
    assert centres_reached(scope, scope.write) == set()
    assert people_reached(world.auditor) == {world.member_person.pk, world.nara_person.pk}


def test_a_centre_manager_reaches_their_centre_only(world: World) -> None:
    scope = scope_for(world.manager)

    assert not scope.reads_coop(world.cwc.pk)
    assert scope.reads_centre(coop_id=world.cwc.pk, region_id=world.region.pk, centre_id=world.ajisai.pk)
    assert not scope.reads_centre(coop_id=world.cwc.pk, region_id=None, centre_id=world.west_nara.pk)
    assert scope.writes_centre(coop_id=world.cwc.pk, region_id=world.region.pk, centre_id=world.ajisai.pk)
    assert not scope.writes_centre(coop_id=world.cwc.pk, region_id=None, centre_id=world.west_nara.pk)
    assert not scope.writes_coop(world.cwc.pk)
    assert centres_reached(scope) == {"ajisai"}
    assert people_reached(world.manager) == {world.member_person.pk}
    assert not reads_special_care_at(scope, world.ajisai)


def test_a_support_worker_reads_special_care_data_at_their_centre_only(world: World) -> None:
    scope = scope_for(world.support)

    assert reads_special_care_at(scope, world.ajisai)
    assert not reads_special_care_at(scope, world.west_nara)
    assert not reads_special_care_at(scope, world.other_centre)
    # Granted on a centre, not the coop: no reach over the coop's people at large.
    assert not scope.reads_special_care(coop_id=world.cwc.pk, region_id=None, centre_id=None)
    assert not scope.write
    assert centres_reached(scope) == {"ajisai"}


def test_a_member_reaches_only_themself(world: World) -> None:
    scope = scope_for(world.member)

    assert scope.own_person_ids == {world.member_person.pk}
    assert not scope.read and not scope.write and not scope.special_care and not scope.federation_ids
    assert people_reached(world.member) == {world.member_person.pk}


def test_an_officer_of_another_coop_reaches_nothing_of_cwc(world: World) -> None:
    scope = scope_for(world.outsider)

    assert not scope.reads_coop(world.cwc.pk)
    assert scope.reads_coop(world.other.pk) and scope.writes_coop(world.other.pk)
    assert centres_reached(scope) == {"osaka"}
    assert people_reached(world.outsider) == {world.other_person.pk}


def test_anonymous_visitors_and_no_user_get_the_empty_scope(world: World) -> None:
    assert scope_for(AnonymousUser()) is ANONYMOUS
    assert scope_for(None) is ANONYMOUS
    assert not ANONYMOUS.read and ANONYMOUS.user_id is None
    assert centres_reached(ANONYMOUS) == set()


def test_a_grant_on_a_region_reaches_the_centres_of_that_region(world: World) -> None:
    user = make_user("kanto-manager")
    Grant.objects.create(user=user, role=Role.CENTRE_MANAGER, coop=world.cwc, region=world.region)
    scope = scope_for(user)

    assert centres_reached(scope) == {"ajisai"}  # West Nara belongs to no region
    assert scope.writes_centre(coop_id=world.cwc.pk, region_id=world.region.pk, centre_id=world.ajisai.pk)
    assert people_reached(user) == {world.member_person.pk}


def test_a_centre_added_to_a_region_later_is_reached_by_the_region_grant(world: World) -> None:
    user = make_user("kanto-officer")
    Grant.objects.create(user=user, role=Role.COOP_OFFICER, coop=world.cwc, region=world.region)
    Centre.objects.create(
        coop=world.cwc,
        region=world.region,
        code="new",
        name="新しい事業所",
        prefecture_code="12",
        municipality="柏市",
        opened_on=dt.date(2015, 1, 1),
    )

    assert centres_reached(scope_for(user)) == {"ajisai", "new"}


def test_a_region_grant_does_not_reach_another_region(world: World) -> None:
    kansai = Region.objects.create(coop=world.cwc, code="kansai", name="関西事業本部", opened_on=dt.date(1990, 1, 1))
    user = make_user("kansai-manager")
    Grant.objects.create(user=user, role=Role.CENTRE_MANAGER, coop=world.cwc, region=kansai)

    assert centres_reached(scope_for(user)) == set()
    assert people_reached(user) == set()


def test_a_federation_staff_role_misplaced_on_a_coop_opens_no_personal_data(world: World) -> None:
    user = make_user("misplaced")
    Grant.objects.create(user=user, role=Role.FEDERATION_STAFF, coop=world.cwc)
    scope = scope_for(user)

    assert not scope.read and not scope.write
    assert people_reached(user) == set()


def test_a_support_worker_granted_on_the_coop_reads_special_care_across_it(world: World) -> None:
    user = make_user("coop-support")
    Grant.objects.create(user=user, role=Role.SUPPORT_WORKER, coop=world.cwc)
    scope = scope_for(user)

    assert scope.reads_special_care(coop_id=world.cwc.pk, region_id=None, centre_id=None)
    assert reads_special_care_at(scope, world.west_nara)
    assert not reads_special_care_at(scope, world.other_centre)


def test_a_person_with_a_contract_at_a_centre_is_reached_by_its_manager(world: World) -> None:
    # No membership at Ajisai, only a contract there.
    worker = Person.objects.create(coop=world.cwc, family_name="契約", given_name="者")
    worker.labour_contracts.create(
        coop=world.cwc, centre=world.ajisai, started_on=dt.date(2014, 4, 1), contracted_minutes_per_week=600
    )
    assert worker.pk in people_reached(world.manager)


def test_a_member_of_another_centre_is_not_reached_by_a_manager(world: World) -> None:
    assert not Membership.objects.filter(person=world.nara_person, centre=world.ajisai).exists()
    assert world.nara_person.pk not in people_reached(world.manager)


def test_the_scope_is_resolved_once_per_user_object(
    world: World, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_num_queries(2):  # the grants, and the user's own person record
        first = scope_for(world.officer)
    with django_assert_num_queries(0):
        assert scope_for(world.officer) is first


def test_resolving_a_scope_costs_the_same_queries_however_many_grants(
    world: World, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    user = make_user("many-hats")
    Grant.objects.create(user=user, role=Role.COOP_OFFICER, coop=world.cwc)
    Grant.objects.create(user=user, role=Role.COOP_OFFICER, coop=world.other)
    Grant.objects.create(user=user, role=Role.SUPPORT_WORKER, coop=world.cwc, centre=world.ajisai)
    Grant.objects.create(user=user, role=Role.AUDITOR, coop=world.other)
    Grant.objects.create(user=user, role=Role.FEDERATION_STAFF, federation=world.federation)
    with django_assert_num_queries(2):
        scope = scope_for(user)

    assert scope.reads_coop(world.cwc.pk) and scope.reads_coop(world.other.pk)
    assert scope.audit_coop_ids == {world.other.pk}
    assert scope.federation_ids == {world.federation.pk}
    assert reads_special_care_at(scope, world.ajisai) and not reads_special_care_at(scope, world.west_nara)


def test_a_grant_belongs_to_its_user_alone(world: World) -> None:
    assert scope_for(world.member).read == Nodes()
    assert scope_for(world.manager).read == Nodes(centre_ids=frozenset({world.ajisai.pk}))
