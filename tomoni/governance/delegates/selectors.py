"""Reads of delegate constituencies, scoped like the meetings: whoever reaches the coop's meetings sees its
constituencies, their seats and delegates (a member, a centre manager, the officers); anyone else gets a 404.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from tomoni.core import clock
from tomoni.core.models import User
from tomoni.core.scopes import scope_for
from tomoni.federation.models import Centre, Coop, Region, open_on
from tomoni.governance.meetings.selectors import coop_for_meetings, meetings_q
from tomoni.governance.models import Constituency, Delegate, Motion, MotionKind
from tomoni.members.models import Membership
from tomoni.members.selectors import memberships_on


@dataclass(frozen=True)
class ConstituencyRow:
    constituency: Constituency
    members: int
    delegates: int  # in office on the day


def constituencies_visible(user: User, coop: Coop) -> QuerySet[Constituency]:
    """The coop's constituencies, for a user who reaches its meetings; none otherwise."""
    if meetings_q(user, coop) is None:
        return Constituency.objects.none()
    return Constituency.objects.filter(coop=coop).select_related("region", "centre").order_by("name", "pk")


def constituency_get(user: User, code: str, constituency_id: int) -> Constituency:
    """One constituency of a coop whose meetings the user reaches; else 404."""
    coop = coop_for_meetings(user=user, code=code)
    found = constituencies_visible(user, coop).filter(pk=constituency_id).first()
    if found is None:
        raise Http404
    return found


def delegates_in_office(constituency: Constituency, day: dt.date) -> QuerySet[Delegate]:
    return (
        Delegate.objects.filter(open_on(day, "started_on", "ended_on"), coop_id=constituency.coop_id)
        .filter(constituency=constituency)
        .select_related("person")
        .order_by("person__family_name_kana", "person_id")
    )


def constituency_rows(constituencies: QuerySet[Constituency], day: dt.date | None = None) -> list[ConstituencyRow]:
    """Each constituency with its members and delegates in office on `day` (today)."""
    on = day or clock.today()
    return [
        ConstituencyRow(
            constituency=c,
            members=member_count(c, on),
            delegates=delegates_in_office(c, on).count(),
        )
        for c in constituencies
    ]


def constituency_elections(constituency: Constituency) -> QuerySet[Motion]:
    """The delegate elections held in the constituency, newest first."""
    return (
        Motion.objects.filter(coop_id=constituency.coop_id, constituency=constituency, kind=MotionKind.ELECTION)
        .select_related("meeting")
        .order_by("-opens_at", "-pk")
    )


def may_set_constituencies(user: User, coop: Coop) -> bool:
    return scope_for(user).writes_coop(coop.pk)


def unassigned_regions(coop: Coop) -> QuerySet[Region]:
    """Regions of the coop that are not yet a constituency."""
    return Region.objects.filter(coop=coop).exclude(constituencies__isnull=False).order_by("code")


def unassigned_centres(coop: Coop) -> QuerySet[Centre]:
    """Centres of the coop that are not yet a constituency of their own."""
    return Centre.objects.filter(coop=coop).exclude(constituencies__isnull=False).order_by("code")


def constituency_choices(meeting_coop: Coop, *, centre_id: int | None = None) -> QuerySet[Constituency]:
    """The constituencies an election may be held in (the service checks which fit the meeting); a centre's
    all-member meeting offers its centre's only (`centre_id`, 0 for none)."""
    found = Constituency.objects.filter(coop=meeting_coop)
    if centre_id is not None:
        found = found.filter(centre_id=centre_id)
    return found.order_by("name", "pk")


# Who belongs to a constituency (reads, used by the services too) ------------------------------------------


def membership_q(constituency: Constituency, *, prefix: str = "") -> Q:
    """Memberships (or rows reached through `prefix`, e.g. "person__memberships__") in the constituency."""
    if constituency.centre_id is not None:
        return Q(**{f"{prefix}centre_id": constituency.centre_id})
    own = Constituency.objects.filter(coop_id=constituency.coop_id, centre__isnull=False).values("centre_id")
    return Q(**{f"{prefix}centre__region_id": constituency.region_id}) & ~Q(**{f"{prefix}centre_id__in": own})


def constituency_memberships(constituency: Constituency, day: dt.date) -> QuerySet[Membership]:
    """The memberships of the constituency's members on `day`."""
    return Membership.objects.filter(memberships_on(day), membership_q(constituency), coop_id=constituency.coop_id)


def member_count(constituency: Constituency, day: dt.date) -> int:
    """How many members the constituency has on `day` (each person once)."""
    return constituency_memberships(constituency, day).values("person_id").distinct().count()


def is_member(constituency: Constituency, person_id: int, day: dt.date) -> bool:
    return constituency_memberships(constituency, day).filter(person_id=person_id).exists()
