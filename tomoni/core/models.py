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
