"""Writes of delegate constituencies (総代の選挙区): which they are, their seats, and the delegates they elect.

A constituency is a region (事業本部) or a centre (事業所) of the coop; a centre that is a constituency of its
own is left out of its region's, so each member belongs to one constituency at most. Seats are shared in
proportion to members by `rules.apportion_seats`; each constituency's election (an election motion with the
constituency) has its members alone on the roll and as candidates (tomoni.governance.voting.services).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from tomoni.core import clock
from tomoni.core.audit import audit_record
from tomoni.core.errors import TomoniError
from tomoni.core.models import User
from tomoni.core.scopes import scope_for
from tomoni.federation.models import Centre, Coop, Region
from tomoni.governance import rules
from tomoni.governance.delegates.selectors import member_count
from tomoni.governance.models import Constituency, Delegate, Motion, MotionKind, MotionStatus
from tomoni.members.models import Person

SEATS_MAX = 32767


def _require_officer(actor: User | None, coop_id: int) -> None:
    if actor is not None and not scope_for(actor).writes_coop(coop_id):
        raise TomoniError(_("Only the coop's officers may set its delegate constituencies."))


@transaction.atomic
def constituency_create(
    *, actor: User | None, coop: Coop, region: Region | None = None, centre: Centre | None = None, name: str = ""
) -> Constituency:
    """Make a region or a centre of the coop a delegate constituency (with no seats until they are apportioned)."""
    _require_officer(actor, coop.pk)
    if (region is None) == (centre is None):
        raise TomoniError(_("Choose either a region or a centre."), field="region")
    unit = region if region is not None else centre
    assert unit is not None
    if unit.coop_id != coop.pk:
        raise TomoniError(_("That region or centre belongs to another coop."), field="region")
    taken = (
        Constituency.objects.filter(coop=coop, region=region)
        if region
        else Constituency.objects.filter(coop=coop, centre=centre)
    )
    if taken.exists():
        raise TomoniError(_("That region or centre is already a constituency."), field="region")
    if not name.strip():
        # A name of record, like the minutes': in the coop's language, whoever makes it.
        with translation.override(settings.LANGUAGE_CODE):
            name = _("%(name)s constituency") % {"name": unit.name}
    constituency = Constituency.objects.create(coop=coop, region=region, centre=centre, name=name.strip())
    audit_record(
        actor=actor,
        action="governance.constituency.created",
        coop_id=coop.pk,
        target=constituency,
        data={"region": region.pk if region else None, "centre": centre.pk if centre else None},
    )
    return constituency


@transaction.atomic
def constituencies_apportion(
    *, actor: User | None, coop: Coop, total_seats: int, minimum: int = 0, on: dt.date | None = None
) -> list[Constituency]:
    """Share the delegate seats among the coop's constituencies in proportion to their members on `on` (today)."""
    _require_officer(actor, coop.pk)
    day = on or clock.today()
    if not 0 < total_seats <= SEATS_MAX:
        raise TomoniError(_("Give the number of delegate seats the articles set."), field="total_seats")
    constituencies = list(Constituency.objects.select_for_update().filter(coop=coop).order_by("name", "pk"))
    if not constituencies:
        raise TomoniError(_("Make the constituencies first."), field="total_seats")
    counts = {c.pk: member_count(c, day) for c in constituencies}
    try:
        seats = rules.apportion_seats(total=total_seats, members=counts, minimum=minimum)
    except ValueError:
        raise TomoniError(
            _("%(seats)s seats cannot give every constituency with members %(minimum)s.")
            % {"seats": total_seats, "minimum": minimum},
            field="minimum",
        ) from None
    for c in constituencies:
        c.seats = seats[c.pk]
    Constituency.objects.bulk_update(constituencies, ["seats", "updated_at"])
    audit_record(
        actor=actor,
        action="governance.constituencies.apportioned",
        coop_id=coop.pk,
        data={"on": day.isoformat(), "total": total_seats, "minimum": minimum, "members": counts, "seats": seats},
    )
    return constituencies


@transaction.atomic
def constituency_seats_set(*, actor: User | None, constituency: Constituency, seats: int) -> Constituency:
    """Set one constituency's seats by hand (the articles may fix them otherwise than by members)."""
    _require_officer(actor, constituency.coop_id)
    if not 0 <= seats <= SEATS_MAX:
        raise TomoniError(_("Give a number of seats of zero or more."), field="seats")
    before = constituency.seats
    constituency.seats = seats
    constituency.save(update_fields=["seats", "updated_at"])
    audit_record(
        actor=actor,
        action="governance.constituency.seats_set",
        coop_id=constituency.coop_id,
        target=constituency,
        data={"before": before, "seats": seats},
    )
    return constituency


@transaction.atomic
def delegates_record_elected(
    *, actor: User | None, motion: Motion, started_on: dt.date, ended_on: dt.date | None = None
) -> list[Delegate]:
    """Record the candidates a constituency's counted election elected as its delegates for the term."""
    _require_officer(actor, motion.coop_id)
    if motion.kind != MotionKind.ELECTION or motion.constituency is None:
        raise TomoniError(_("Only a constituency's delegate election elects delegates."))
    if motion.status != MotionStatus.TALLIED or motion.passed is None:
        raise TomoniError(_("Count the election (and draw any lot) before recording its delegates."))
    if Delegate.objects.filter(coop_id=motion.coop_id, elected_by=motion).exists():
        raise TomoniError(_("The delegates of this election are already recorded."))
    elected = motion.candidates.filter(elected=True).select_related("person").order_by("order")
    return [
        delegate_add(
            actor=actor,
            coop=motion.coop,
            person=candidate.person,
            started_on=started_on,
            ended_on=ended_on,
            constituency=motion.constituency,
            elected_by=motion,
        )
        for candidate in elected
    ]


@transaction.atomic
def delegate_add(
    *,
    actor: User | None,
    coop: Coop,
    person: Person,
    started_on: dt.date,
    constituency: Constituency | None = None,
    constituency_name: str = "",
    ended_on: dt.date | None = None,
    elected_by: Motion | None = None,
) -> Delegate:
    """Record a delegate (総代) elected by a constituency (its name kept as it was when elected)."""
    if actor is not None and not scope_for(actor).writes_coop(coop.pk):
        raise TomoniError(_("Only the coop's officers may record delegates."))
    if person.coop_id != coop.pk:
        raise TomoniError(_("That person belongs to another coop."), field="person")
    if constituency is not None and constituency.coop_id != coop.pk:
        raise TomoniError(_("The constituency belongs to another coop."), field="constituency")
    if ended_on is not None and ended_on <= started_on:
        raise TomoniError(_("The end date must be after the start date."), field="ended_on")
    name = constituency_name.strip() or (constituency.name if constituency is not None else "")
    if not name:
        raise TomoniError(_("Name the constituency that elected the delegate."), field="constituency")
    delegate = Delegate.objects.create(
        coop=coop,
        person=person,
        constituency=constituency,
        constituency_name=name,
        started_on=started_on,
        ended_on=ended_on,
        elected_by=elected_by,
    )
    audit_record(
        actor=actor,
        action="governance.delegate.added",
        coop_id=coop.pk,
        target=delegate,
        data={"constituency": name, "elected_by": elected_by.pk if elected_by is not None else None},
    )
    return delegate
