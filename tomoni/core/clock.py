"""The one seam for the current time, so tests can move it, and the demo can live on the replica's own day."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone


def now() -> dt.datetime:
    """The current time; on the demo's day (settings.TOMONI_TODAY) the same time of day on that date."""
    moment = timezone.now()
    day: dt.date | None = getattr(settings, "TOMONI_TODAY", None)
    if day is None:
        return moment
    local = timezone.localtime(moment)
    return local.replace(year=day.year, month=day.month, day=day.day)


def today() -> dt.date:
    return timezone.localdate(now())
