"""The registry's writes: registering coops, opening regions and centres, each checked and audited once."""

from __future__ import annotations

import datetime as dt

import pytest

from tomoni.core.errors import TomoniError
from tomoni.core.models import AuditEvent, User
from tomoni.federation import services
from tomoni.federation.models import Centre, CentreBusinessLine, Coop
from tomoni.testing import World

OPENED = dt.date(2015, 4, 1)


def a_coop(code: str = "kobe") -> services.CoopValues:
    return services.CoopValues(
        code=code,
        name="神戸ワーカーズコープ",
        kind="worker_coop",
        legal_form="worker_coop_act",
        prefecture_code="28",
        joined_federation_on=OPENED,
    )


def a_centre(world: World, coop: Coop, **changes: object) -> services.CentreValues:
    values = {
        "coop": coop,
        "region": None,
        "code": "sannomiya",
        "name": "三宮センター",
        "prefecture_code": "28",
        "municipality": "神戸市",
        "opened_on": OPENED,
        "lines": (world.care,),
    }
    return services.CentreValues(**(values | changes))  # type: ignore[arg-type]


def test_an_operator_registers_a_coop_with_one_audit_event(world: World) -> None:
    operator = User.objects.create_superuser("operator", "op@example.jp", "x")
    events = AuditEvent.objects.count()
    coop = services.coop_register(actor=operator, federation=world.federation, values=a_coop())
    assert Coop.objects.get(code="kobe") == coop
    assert AuditEvent.objects.count() == events + 1
    event = AuditEvent.objects.latest("pk")
    assert (event.action, event.object_id) == ("federation.coops.registered", str(coop.pk))


def test_only_an_operator_or_a_system_job_changes_the_registry(world: World) -> None:
    with pytest.raises(TomoniError):
        services.coop_register(actor=world.officer, federation=world.federation, values=a_coop())
    assert not Coop.objects.filter(code="kobe").exists()


def test_a_coop_code_is_registered_once(world: World) -> None:
    with pytest.raises(TomoniError):
        services.coop_register(actor=None, federation=world.federation, values=a_coop("cwc"))
    with pytest.raises(TomoniError):
        services.coops_register(actor=None, federation=world.federation, coops=[a_coop(), a_coop()])
    assert not Coop.objects.filter(code="kobe").exists()


def test_a_centre_opens_with_its_lines_of_business(world: World) -> None:
    coop = services.coop_register(actor=None, federation=world.federation, values=a_coop())
    region = services.region_open(actor=None, coop=coop, code="hyogo", name="兵庫事業本部", opened_on=OPENED)
    centre = services.centre_open(
        actor=None, values=a_centre(world, coop, region=region, lines=(world.care, world.cleaning))
    )
    assert Centre.objects.get(coop=coop, code="sannomiya").region == region
    assert set(CentreBusinessLine.objects.filter(centre=centre).values_list("business_line__code", flat=True)) == {
        "elderly-care",
        "cleaning",
    }


def test_a_centre_reports_to_a_region_of_its_own_coop(world: World) -> None:
    coop = services.coop_register(actor=None, federation=world.federation, values=a_coop())
    with pytest.raises(TomoniError):
        services.centre_open(actor=None, values=a_centre(world, coop, region=world.region))


@pytest.mark.parametrize("closed_on", [OPENED, OPENED - dt.timedelta(days=1)])
def test_a_centre_closes_after_it_opens(world: World, closed_on: dt.date) -> None:
    coop = services.coop_register(actor=None, federation=world.federation, values=a_coop())
    with pytest.raises(TomoniError):
        services.centre_open(actor=None, values=a_centre(world, coop, closed_on=closed_on))


def test_a_centre_runs_at_least_one_line_of_business(world: World) -> None:
    coop = services.coop_register(actor=None, federation=world.federation, values=a_coop())
    with pytest.raises(TomoniError):
        services.centre_open(actor=None, values=a_centre(world, coop, lines=()))


def test_many_centres_open_in_a_fixed_number_of_queries(world: World, django_assert_max_num_queries) -> None:
    coop = services.coop_register(actor=None, federation=world.federation, values=a_coop())
    many = [a_centre(world, coop, code=f"c{n:03d}") for n in range(200)]
    # 14 whatever the number of centres: the one audit event opens its coop's chain (the head is made on first use).
    with django_assert_max_num_queries(14):
        opened = services.centres_open(actor=None, centres=many)
    assert len(opened) == 200


def test_the_business_lines_are_added_once(world: World) -> None:
    lines = [
        services.BusinessLineValues("elderly-care", "高齢者介護", "Elderly care"),
        services.BusinessLineValues("forestry", "林業", "Forestry"),
    ]
    first = services.business_lines_register(actor=None, lines=lines)
    again = services.business_lines_register(actor=None, lines=lines)
    assert first.keys() == again.keys() >= {"elderly-care", "forestry", "cleaning"}
