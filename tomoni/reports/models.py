"""Notifications: what happened that concerns a person, kept for their start page and mailed to them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tomoni.core.models import BaseModel


class NotificationKind(models.TextChoices):
    VOTE_OPEN = "vote_open", _("A vote is open")
    ROSTER_PUBLISHED = "roster_published", _("A roster is published")
    SWAP_ANSWERED = "swap_answered", _("A swap is answered")
    PROPOSAL_ANSWERED = "proposal_answered", _("A proposal is answered")


class Notification(BaseModel):
    """One event told to one person: on their start page until read, and by email where they have an address.

    Written only by tomoni.reports.services from an audit event, once per person and event (the constraint), so
    a job run twice neither duplicates a notice nor mails it twice. Its words are made when it is read or mailed,
    in the reader's language, from `kind` and `params`.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    coop = models.ForeignKey("federation.Coop", on_delete=models.PROTECT, related_name="+")
    event = models.ForeignKey("core.AuditEvent", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=30, choices=NotificationKind.choices)
    params = models.JSONField(_("details"), default=dict)
    url = models.CharField(_("address"), max_length=300)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["user", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "event"], name="notification_once_per_event"),
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_unread")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}"
