"""The core's rules as pure functions (no Django import, dates passed in): when two-factor becomes required."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum


class TwoFactor(StrEnum):
    """Where a login stands with two-factor authentication."""

    NOT_REQUIRED = "not_required"  # reads no one else's records, or their coops do not require it
    ENABLED = "enabled"  # an authenticator app is on
    GRACE = "grace"  # required, not yet on, the grace period still running
    REQUIRED = "required"  # required, not on, the grace period over: only the security pages open


def two_factor_state(
    *, required: bool, enabled: bool, since: dt.date | None, grace_days: int, today: dt.date
) -> tuple[TwoFactor, dt.date | None]:
    """The state, and the last day of the grace period while it runs.

    APPI (個人情報保護法) Art. 23's safety measures: whoever can read other people's records protects their login
    with a second factor; `since` is the day the login first could (its earliest such grant).
    """
    if enabled:
        return TwoFactor.ENABLED, None
    if not required or since is None:
        return TwoFactor.NOT_REQUIRED, None
    last_day = since + dt.timedelta(days=max(grace_days, 0))
    if today <= last_day:
        return TwoFactor.GRACE, last_day
    return TwoFactor.REQUIRED, None
