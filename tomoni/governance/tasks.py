"""Jobs of the governance context (in-process unless CELERY_BROKER_URL names a broker)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="governance.meeting_notice_send")
def meeting_notice_send(notice_id: int) -> int:
    """Mail a queued meeting notice (convocation or results) to each member; returns how many were sent."""
    from tomoni.governance.voice import notices

    return notices.notice_deliver(notice_id=notice_id)
