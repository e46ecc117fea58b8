"""Jobs of the reports layer (in-process unless CELERY_BROKER_URL names a broker)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="reports.notify")
def notify(event_id: int) -> int:
    """Tell the people an event concerns, on their start page and by email; returns how many were mailed."""
    from tomoni.reports import services

    services.notifications_create(event_id=event_id)
    return services.notifications_mail(event_id=event_id)
