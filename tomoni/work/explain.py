"""Sentences a person reads about a roster: why a hand edit is refused, why demand cannot be covered.

The solving core speaks in codes and figures (tomoni.work.problem); this turns them into whole
translated sentences in the reader's language, naming the day, the shift, the qualification and the
member as the roster page shows them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tomoni.work import problem as p


def day_label(day: dt.date) -> str:
    """A day as the roster shows it: 3月14日(土) / Sat 14 March."""
    return _("%(date)s (%(weekday)s)") % {
        "date": date_format(day, "MONTH_DAY_FORMAT"),
        "weekday": date_format(day, "D"),
    }


def hours(minutes: int | str) -> str:
    """Minutes as hours and minutes: 7時間30分 / 7 h 30 min."""
    value = int(minutes)
    return _("%(hours)d h %(minutes)02d min") % {"hours": value // 60, "minutes": value % 60}


class Names:
    """How ids of a roster's problem read: members by name, shifts by code and name, skills by name."""

    def __init__(
        self,
        *,
        first: dt.date,
        people: Mapping[str, Any],
        shift_types: Mapping[str, Any],
        skills: Mapping[str, str],
    ) -> None:
        self.first = first
        self.people = people
        self.shift_types = shift_types
        self.skills = skills

    def member(self, member_id: str | None) -> str:
        person = self.people.get(member_id or "")
        return person.full_name if person is not None else _("an unknown member")

    def shift(self, shift_id: str | int | None) -> str:
        shift = self.shift_types.get(str(shift_id))
        return f"{shift.code} {shift.name}" if shift is not None else _("an unknown shift")

    def skill(self, code: str | None) -> str:
        if code is None:
            return _("anyone")
        return self.skills.get(code, code)

    def day(self, index: int | None) -> str:
        if index is None:
            return ""
        return day_label(self.first + dt.timedelta(days=index))


def violation_message(v: p.Violation, names: Names) -> str:
    """One hard rule broken, as a whole sentence."""
    prm = dict(v.params)
    who = names.member(v.member_id)
    day = names.day(v.day)
    shift = names.shift(v.shift_id)
    args: dict[str, Any] = {"name": who, "day": day, "shift": shift}
    code = v.code
    if code == p.ViolationCode.TWO_SHIFTS_ONE_DAY:
        return _("%(name)s would work two shifts on %(day)s.") % args
    if code == p.ViolationCode.DAY_OFF:
        return _("%(name)s cannot work on %(day)s (a day they are not available).") % args
    if code == p.ViolationCode.LACKS_SKILL:
        return _("%(name)s does not hold %(skill)s, which the shift %(shift)s needs.") % (
            args | {"skill": names.skill(str(prm.get("skill", "")))}
        )
    if code == p.ViolationCode.NO_NIGHTS:
        return _("%(name)s does not work night shifts (an accommodation).") % args
    if code == p.ViolationCode.FORBIDDEN_SUCCESSION:
        return _(
            "%(name)s would have only %(rest)s of rest between %(previous)s and %(next)s on %(day)s; "
            "the rule is at least %(minimum)s."
        ) % (
            args
            | {
                "rest": hours(prm.get("rest_minutes", 0)),
                "minimum": hours(prm.get("min_rest_minutes", 0)),
                "previous": names.shift(prm.get("previous")),
                "next": names.shift(prm.get("next")),
            }
        )
    if code == p.ViolationCode.DAILY_LIMIT:
        return _("%(name)s would work %(worked)s on %(day)s; the daily limit is %(limit)s.") % (
            args | {"worked": hours(prm.get("minutes", 0)), "limit": hours(prm.get("limit", 0))}
        )
    if code == p.ViolationCode.WEEKLY_LIMIT:
        start = prm.get("week_start_day")
        return _("%(name)s would work %(worked)s in the week from %(week)s; the limit is %(limit)s.") % (
            args
            | {
                "worked": hours(prm.get("minutes", 0)),
                "limit": hours(prm.get("limit", 0)),
                "week": names.day(int(start)) if start is not None else day,
            }
        )
    if code in (p.ViolationCode.PERIOD_AVERAGE_LIMIT, p.ViolationCode.MAX_MINUTES):
        return _("%(name)s would work %(worked)s this month; the limit is %(limit)s.") % (
            args | {"worked": hours(prm.get("minutes", 0)), "limit": hours(prm.get("limit", 0))}
        )
    if code == p.ViolationCode.MIN_MINUTES:
        return _("%(name)s would work only %(worked)s this month; at least %(limit)s are agreed.") % (
            args | {"worked": hours(prm.get("minutes", 0)), "limit": hours(prm.get("limit", 0))}
        )
    if code == p.ViolationCode.MAX_CONSECUTIVE_DAYS:
        return _("%(name)s would work %(count)s days in a row from %(day)s; at most %(limit)s are allowed.") % (
            args | {"count": prm.get("count", ""), "limit": prm.get("limit", "")}
        )
    if code == p.ViolationCode.MISSING_MENTOR:
        return _("%(name)s works only with their mentor %(mentor)s, who is not on %(shift)s on %(day)s.") % (
            args | {"mentor": names.member(str(prm.get("mentor", "")))}
        )
    if code == p.ViolationCode.MISSING_PARTNER:
        return _("%(name)s works only with a partner holding %(skill)s, and none is on %(shift)s on %(day)s.") % (
            args | {"skill": names.skill(str(prm.get("skill", "")))}
        )
    if code == p.ViolationCode.MAX_SHIFTS_OF_TYPE:
        return _("%(name)s would work %(shift)s %(count)s times; at most %(limit)s are allowed.") % (
            args | {"count": prm.get("count", ""), "limit": prm.get("limit", "")}
        )
    if code == p.ViolationCode.MAX_WEEKENDS:
        return _("%(name)s would work %(count)s weekends; at most %(limit)s are allowed.") % (
            args | {"count": prm.get("count", ""), "limit": prm.get("limit", "")}
        )
    if code in (p.ViolationCode.MIN_CONSECUTIVE_DAYS, p.ViolationCode.MIN_CONSECUTIVE_DAYS_OFF):
        return _("%(name)s would have a run of %(count)s days from %(day)s; at least %(limit)s are needed.") % (
            args | {"count": prm.get("count", ""), "limit": prm.get("limit", "")}
        )
    if code == p.ViolationCode.PIN_BROKEN:
        return _("A shift set by hand for %(name)s on %(day)s is missing.") % args
    if code == p.ViolationCode.UNKNOWN_MEMBER:
        return _("%(name)s has no labour contract at this centre for the month.") % args
    if code == p.ViolationCode.UNKNOWN_SHIFT:
        return _("That shift is not one of this centre's shift types.")
    return _("The day is outside the roster's month.")


def reason_message(reason: str, count: int) -> str:
    """Why `count` of the qualified members could not be put on the shift."""
    if reason == p.ShortfallReason.DAY_OFF:
        return ngettext("%(count)d is not available that day", "%(count)d are not available that day", count) % {
            "count": count
        }
    if reason == p.ShortfallReason.NO_NIGHTS:
        return ngettext("%(count)d does not work nights", "%(count)d do not work nights", count) % {"count": count}
    if reason == p.ShortfallReason.WEEKLY_LIMIT:
        return ngettext(
            "%(count)d has reached the weekly hours limit", "%(count)d have reached the weekly hours limit", count
        ) % {"count": count}
    if reason == p.ShortfallReason.PERIOD_LIMIT:
        return ngettext(
            "%(count)d has reached their hours for the month", "%(count)d have reached their hours for the month", count
        ) % {"count": count}
    if reason == p.ShortfallReason.ON_OTHER_SHIFT:
        return ngettext("%(count)d works another shift that day", "%(count)d work another shift that day", count) % {
            "count": count
        }
    if reason == p.ShortfallReason.REST:
        return ngettext(
            "%(count)d needs rest (rest between shifts or days in a row)",
            "%(count)d need rest (rest between shifts or days in a row)",
            count,
        ) % {"count": count}
    if reason == p.ShortfallReason.NEEDS_PARTNER:
        return ngettext(
            "%(count)d works only with a mentor or partner who is not there",
            "%(count)d work only with a mentor or partner who is not there",
            count,
        ) % {"count": count}
    if reason == p.ShortfallReason.DAILY_LIMIT:
        return ngettext(
            "%(count)d cannot work a shift this long in one day",
            "%(count)d cannot work a shift this long in one day",
            count,
        ) % {"count": count}
    return ngettext("%(count)d lacks the qualification", "%(count)d lack the qualification", count) % {"count": count}


def shortfall_message(item: Mapping[str, Any], names: Names) -> dict[str, str]:
    """A stored shortfall (see services.shortfall_json) as a heading and an explanation."""
    day = dt.date.fromisoformat(str(item["date"]))
    missing = int(item["required"]) - int(item["assigned"])
    args = {
        "day": day_label(day),
        "shift": names.shift(item["shift_type"]),
        "skill": names.skill(item.get("skill")),
        "missing": missing,
        "required": item["required"],
        "qualified": item["qualified"],
    }
    if item.get("skill"):
        heading = (
            ngettext(
                "%(day)s, %(shift)s: %(missing)d more holding %(skill)s needed (%(required)d in all)",
                "%(day)s, %(shift)s: %(missing)d more holding %(skill)s needed (%(required)d in all)",
                missing,
            )
            % args
        )
    else:
        heading = (
            ngettext(
                "%(day)s, %(shift)s: %(missing)d more person needed (%(required)d in all)",
                "%(day)s, %(shift)s: %(missing)d more people needed (%(required)d in all)",
                missing,
            )
            % args
        )
    reasons = [
        reason_message(reason, int(count)) for reason, count in sorted(dict(item.get("unavailable", {})).items())
    ]
    if int(item["qualified"]) == 0:
        why = _("Nobody at the centre holds %(skill)s.") % args
    else:
        why = (
            ngettext(
                "%(qualified)d member holds %(skill)s.", "%(qualified)d members hold %(skill)s.", int(item["qualified"])
            )
            % args
        )
    if reasons:
        why += " " + _("Of them: %(reasons)s.") % {"reasons": _(", ").join(reasons)}
    if int(item.get("free", 0)):
        why += " " + ngettext(
            "%(count)d was free but putting them on would break another rule or goal.",
            "%(count)d were free but putting them on would break another rule or goal.",
            int(item["free"]),
        ) % {"count": int(item["free"])}
    return {"heading": heading, "why": why}
