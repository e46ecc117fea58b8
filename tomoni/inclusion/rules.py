"""The rules of work integration, as pure Python: no Django, dates passed in.

Review schedules of an individual support plan (個別支援計画), follow-up windows after a placement,
completion of a course by hours, the validity of a consent, small-group suppression in reports,
and the retention period of each kind of special-care record (APPI 要配慮個人情報).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping

# Reports: a group of fewer than this many people shows "—", never the count, so no one can be
# singled out from a published figure (APPI Art 2(9)-(10): statistics must not identify a person).
SMALL_GROUP = 5
SUPPRESSED = "—"

# Follow-ups after a placement: funders count retention at 6 and 12 months; a contact within this
# many days either side of the due day counts for it.
FOLLOW_UP_MONTHS = (6, 12)
FOLLOW_UP_TOLERANCE_DAYS = 30

# Review intervals a plan may take (months); the plan says which.
REVIEW_INTERVALS = (1, 3, 6)

# How long each kind of special-care record is kept after the participant's file is closed, in years.
# APPI Art 22 asks for deletion once a record is no longer needed; welfare and training providers keep
# support records five years after the service ends (障害者総合支援法 指定基準 and funders' contract terms),
# consents as long as what they cover.
RETENTION_YEARS: Mapping[str, int] = {
    "assessment": 5,
    "plan": 5,
    "session_note": 5,
    "consent": 5,
}
# After the longest retention the participant's own row is anonymised: its counts stay for statistics.
ANONYMISE_AFTER_YEARS = 5


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the month's last day where it is shorter (31 Aug + 6 = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: dt.date, years: int) -> dt.date:
    return add_months(day, 12 * years)


# Individual support plans -----------------------------------------------------------------------------


def review_due_on(*, last_on: dt.date, every_months: int) -> dt.date:
    """The next monitoring review: `every_months` after the plan was agreed or last reviewed."""
    if every_months not in REVIEW_INTERVALS:
        raise ValueError(f"a review interval is one of {REVIEW_INTERVALS} months")
    return add_months(last_on, every_months)


def review_overdue(*, due_on: dt.date, today: dt.date) -> bool:
    """A review is overdue the day after its due day."""
    return today > due_on


# Follow-ups after a placement ----------------------------------------------------------------------------


def follow_up_due_on(*, placed_on: dt.date, months: int) -> dt.date:
    if months not in FOLLOW_UP_MONTHS:
        raise ValueError(f"follow-ups are at {FOLLOW_UP_MONTHS} months")
    return add_months(placed_on, months)


def follow_up_window(
    *, placed_on: dt.date, months: int, tolerance_days: int = FOLLOW_UP_TOLERANCE_DAYS
) -> tuple[dt.date, dt.date]:
    """First and last day (inclusive) on which a contact counts as the `months` follow-up."""
    due = follow_up_due_on(placed_on=placed_on, months=months)
    tolerance = dt.timedelta(days=tolerance_days)
    return due - tolerance, due + tolerance


def follow_up_state(
    *,
    placed_on: dt.date,
    months: int,
    today: dt.date,
    done_on: dt.date | None,
    tolerance_days: int = FOLLOW_UP_TOLERANCE_DAYS,
) -> str:
    """'done', 'not_yet' (window not open), 'open' (contact now) or 'overdue' (the window has closed)."""
    opens, closes = follow_up_window(placed_on=placed_on, months=months, tolerance_days=tolerance_days)
    if done_on is not None:
        return "done"
    if today < opens:
        return "not_yet"
    if today <= closes:
        return "open"
    return "overdue"


def follow_up_counts(*, placed_on: dt.date, months: int, contact_on: dt.date, tolerance_days: int = 30) -> bool:
    """Whether a contact on `contact_on` counts as the `months` follow-up (inside its window)."""
    opens, closes = follow_up_window(placed_on=placed_on, months=months, tolerance_days=tolerance_days)
    return opens <= contact_on <= closes


# Training ----------------------------------------------------------------------------------------------


def credited_minutes(*, attended: Mapping[int, int], required: Mapping[int, int]) -> int:
    """Minutes that count toward the course: each unit's attendance up to its required minutes."""
    return sum(min(max(attended.get(unit, 0), 0), need) for unit, need in required.items())


def course_completed(*, attended: Mapping[int, int], required: Mapping[int, int]) -> bool:
    """Completed when every unit's required minutes are attended (hours in one unit do not make up another)."""
    if not required:
        return False
    return all(attended.get(unit, 0) >= need for unit, need in required.items())


# Consent ------------------------------------------------------------------------------------------------


def consent_valid(
    *, given_on: dt.date, on: dt.date, withdrawn_on: dt.date | None = None, expires_on: dt.date | None = None
) -> bool:
    """A consent holds from the day given until the day before withdrawal or expiry (APPI Art 27: sharing
    with a third party needs the person's consent beforehand)."""
    if on < given_on:
        return False
    if withdrawn_on is not None and on >= withdrawn_on:
        return False
    return not (expires_on is not None and on >= expires_on)


# Reports ------------------------------------------------------------------------------------------------


def suppressed(count: int, *, threshold: int = SMALL_GROUP) -> int | None:
    """The count, or None when it is of fewer than `threshold` people (shown as "—")."""
    return None if count < threshold else count


def shown(count: int, *, threshold: int = SMALL_GROUP) -> str:
    value = suppressed(count, threshold=threshold)
    return SUPPRESSED if value is None else f"{value:,}"


# Retention ---------------------------------------------------------------------------------------------


def retention_expired(*, kind: str, closed_on: dt.date | None, today: dt.date) -> bool:
    """A record of `kind` has expired once its retention has passed since the participant's file closed."""
    if closed_on is None:
        return False
    return today >= add_years(closed_on, RETENTION_YEARS[kind])


def anonymise_due(*, closed_on: dt.date | None, today: dt.date) -> bool:
    return closed_on is not None and today >= add_years(closed_on, ANONYMISE_AFTER_YEARS)
