"""Users, grants of roles on the tree, and the append-only audit log."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    """Every row knows when it was made and last changed."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class TenantModel(BaseModel):
    """A row a coop owns: carries coop_id so every query and constraint can include it."""

    coop = models.ForeignKey("federation.Coop", on_delete=models.PROTECT, verbose_name=_("coop"))

    class Meta:
        abstract = True


class User(AbstractUser):
    """A login. `username` holds the member number, so members can log in with it."""

    email = models.EmailField(_("email address"), blank=True, db_index=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class Role(models.TextChoices):
    FEDERATION_STAFF = "federation_staff", _("Federation staff")
    COOP_OFFICER = "coop_officer", _("Coop officer")
    AUDITOR = "auditor", _("Auditor")
    CENTRE_MANAGER = "centre_manager", _("Centre manager")
    SUPPORT_WORKER = "support_worker", _("Support worker")


class Grant(BaseModel):
    """A role granted on one node of the tree (federation, coop, region or centre), reaching its subtree.

    A member's view of themself needs no grant: it follows from Person.user.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grants")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    federation = models.ForeignKey("federation.Federation", null=True, blank=True, on_delete=models.CASCADE)
    coop = models.ForeignKey("federation.Coop", null=True, blank=True, on_delete=models.CASCADE)
    region = models.ForeignKey("federation.Region", null=True, blank=True, on_delete=models.CASCADE)
    centre = models.ForeignKey("federation.Centre", null=True, blank=True, on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        constraints = [
            # Exactly one node: a federation grant, or a coop grant optionally narrowed to a region or centre.
            models.CheckConstraint(
                name="grant_one_node",
                condition=(
                    Q(federation__isnull=False, coop__isnull=True, region__isnull=True, centre__isnull=True)
                    | Q(federation__isnull=True, coop__isnull=False, region__isnull=True, centre__isnull=True)
                    | Q(federation__isnull=True, coop__isnull=False, region__isnull=False, centre__isnull=True)
                    | Q(federation__isnull=True, coop__isnull=False, region__isnull=True, centre__isnull=False)
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.role}"


class TwoFactorPolicy(BaseModel):
    """A coop's rule for two-factor authentication of those who read other people's records (officers, the auditor,
    centre managers, support workers). Without a row, it is required after TWO_FACTOR_GRACE_DAYS."""

    coop = models.OneToOneField(
        "federation.Coop", on_delete=models.CASCADE, related_name="two_factor_policy", verbose_name=_("coop")
    )
    required = models.BooleanField(_("two-factor authentication required"), default=True)
    grace_days = models.PositiveSmallIntegerField(
        _("grace period in days"), default=14, help_text=_("Days from a role's grant before two-factor is required.")
    )

    class Meta:
        verbose_name = _("two-factor policy")
        verbose_name_plural = _("two-factor policies")

    def __str__(self) -> str:
        return f"{self.coop_id} {self.required} {self.grace_days}"


class AuditEvent(models.Model):
    """One write or sensitive read. Append-only: triggers refuse UPDATE, DELETE and TRUNCATE.

    A link of a hash chain (tomoni.core.chain), as the capital ledger is: the events of one coop (or, without a
    coop, of the platform) written by actors of one lane (the actor's id modulo AUDIT_LANES) follow each other by
    `sequence`, each carrying the previous event's hash. See tomoni.core.audit.
    """

    occurred_at = models.DateTimeField(_("occurred at"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False
    )
    action = models.CharField(_("action"), max_length=100)
    coop_id = models.BigIntegerField(_("coop"), null=True, blank=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    data = models.JSONField(default=dict, blank=True)
    lane = models.PositiveSmallIntegerField(default=0)
    sequence = models.PositiveBigIntegerField(default=0)
    prev_hash = models.CharField(max_length=64, default="")
    event_hash = models.CharField(max_length=64, default="")

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [
            models.Index(fields=["coop_id", "occurred_at"], name="audit_coop_time"),
            models.Index(fields=["coop_id", "lane", "sequence"], name="audit_chain"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action}"


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("Being checked")
    CHECKED = "checked", _("Ready to import")
    REFUSED = "refused", _("Not imported")
    SAVING = "saving", _("Being imported")
    DONE = "done", _("Imported")


class ImportJob(TenantModel):
    """A file being imported in the background: checked first (the preview), then saved all or nothing.

    The file is kept until it is imported or refused, so that the save reads and checks exactly what the
    person previewed; the problems and the rows shown are stored in the language of the person who started it.
    """

    kind = models.CharField(_("kind"), max_length=40)
    filename = models.CharField(_("file name"), max_length=255)
    data = models.BinaryField(_("file"), blank=True)
    language = models.CharField(_("language"), max_length=10, default="ja")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.CHECKING)
    progress_percent = models.PositiveSmallIntegerField(_("progress"), default=0)
    rows_total = models.PositiveIntegerField(_("rows in the file"), default=0)
    rows_saved = models.PositiveIntegerField(_("rows imported"), default=0)
    file_error = models.TextField(_("problem with the file"), blank=True)
    # The first problems, row by row ({"row", "column", "label", "message"}); the count of all of them.
    problems = models.JSONField(_("problems"), default=list, blank=True)
    problem_count = models.PositiveIntegerField(_("problems"), default=0)
    rows_with_problems = models.PositiveIntegerField(_("rows with problems"), default=0)
    # The first rows as they will be (or were) imported: {"row": n, "cells": [...]} in the kind's column order.
    shown_rows = models.JSONField(_("rows shown"), default=list, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["coop", "-created_at"]
        constraints = [
            models.CheckConstraint(name="import_job_progress_percent", condition=Q(progress_percent__lte=100)),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.filename}"


class ClientSubmission(TenantModel):
    """A record sent from a phone under the key the phone made for it, so a replay is stored only once.

    Forms that work offline carry a UUID made in the browser; the service that stores the record claims the
    key here in the same transaction. A second send of the same key answers with the first result; the same
    key with other values is refused as a conflicting edit.
    """

    key = models.UUIDField(_("client key"))
    action = models.CharField(_("action"), max_length=100)
    fingerprint = models.CharField(max_length=64)
    object_id = models.CharField(max_length=64, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = _("record sent from a phone")
        verbose_name_plural = _("records sent from a phone")
        constraints = [models.UniqueConstraint(fields=["coop", "key"], name="client_submission_unique_key")]

    def __str__(self) -> str:
        return f"{self.action} {self.key}"


class AuditChainHead(models.Model):
    """The head of one audit chain (a coop, 0 for the platform, and a lane): locked by every event appended to it."""

    coop_id = models.BigIntegerField(default=0)
    lane = models.PositiveSmallIntegerField(default=0)
    last_sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain heads")
        constraints = [models.UniqueConstraint(fields=["coop_id", "lane"], name="audit_chain_head_unique")]

    def __str__(self) -> str:
        return f"{self.coop_id}/{self.lane}#{self.last_sequence}"
