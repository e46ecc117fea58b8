"""The registry: federation, coops (the tenants), regions, centres, business lines, partnerships."""

from __future__ import annotations

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tomoni.core.models import BaseModel, TenantModel
from tomoni.core.prefectures import PREFECTURES


def open_on(day: dt.date, start: str, end: str) -> Q:
    """Rows whose [start, end) date span covers `day` (end null = still open)."""
    return Q(**{f"{start}__lte": day}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": day}))


class Federation(BaseModel):
    """A federation of member organisations (連合会), such as JWCU."""

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)

    class Meta:
        verbose_name = _("federation")
        verbose_name_plural = _("federations")

    def __str__(self) -> str:
        return self.name


class CoopKind(models.TextChoices):
    WORKER_COOP = "worker_coop", _("Worker co-operative")
    CONSUMER_COOP = "consumer_coop", _("Consumer co-operative")
    AFFILIATED = "affiliated", _("Affiliated organisation")
    ASSOCIATED = "associated", _("Associated member")


class LegalForm(models.TextChoices):
    WORKER_COOP_ACT = "worker_coop_act", _("Worker co-operative under the 2020 Act")
    ENTERPRISE_UNION = "enterprise_union", _("Enterprise union (kigyo kumiai)")
    CONSUMER_COOP = "consumer_coop", _("Consumer co-operative")
    NPO = "npo", _("Specified non-profit corporation")
    GENERAL_ASSOCIATION = "general_association", _("General incorporated association")
    SOCIAL_WELFARE = "social_welfare", _("Social welfare corporation")
    AGRICULTURAL = "agricultural", _("Agricultural corporation")
    COMPANY = "company", _("Company")
    UNINCORPORATED = "unincorporated", _("Unincorporated association")


class Coop(BaseModel):
    """A member organisation (組合 / 会員組織): a legal entity and the tenant."""

    federation = models.ForeignKey(Federation, on_delete=models.PROTECT, related_name="coops")
    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=CoopKind.choices)
    legal_form = models.CharField(_("legal form"), max_length=30, choices=LegalForm.choices)
    prefecture_code = models.CharField(_("prefecture"), max_length=2, choices=PREFECTURES)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    joined_federation_on = models.DateField(_("joined the federation on"))
    left_federation_on = models.DateField(_("left the federation on"), null=True, blank=True)
    directly_controlled = models.BooleanField(
        _("under the federation's direct control"),
        default=False,
        help_text=_("Run directly by the federation (as CWC is by JWCU) rather than a member society."),
    )
    # Settings from the articles of association (定款) that the Act leaves to them.
    member_audit_board = models.BooleanField(_("member audit board instead of an auditor"), default=False)
    delegate_meeting = models.BooleanField(_("holds a delegate meeting"), default=False)
    # Art 36(1)-(2): a director's term is at most two years and an auditor's at most four, as the articles set
    # within that (tomoni.members.rules caps them at the Act's whatever is stored here).
    director_term_months = models.PositiveSmallIntegerField(
        _("directors' term in months"), default=24, validators=[MinValueValidator(1), MaxValueValidator(24)]
    )
    auditor_term_months = models.PositiveSmallIntegerField(
        _("auditors' term in months"), default=48, validators=[MinValueValidator(1), MaxValueValidator(48)]
    )

    class Meta:
        verbose_name = _("coop")
        verbose_name_plural = _("coops")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Region(TenantModel):
    """A head office or regional HQ inside a coop (事業本部)."""

    code = models.SlugField(_("code"))
    name = models.CharField(_("name"), max_length=200)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["coop", "code"]
        constraints = [models.UniqueConstraint(fields=["coop", "code"], name="region_code_unique_in_coop")]

    def __str__(self) -> str:
        return self.name


class BusinessLine(models.Model):
    """A line of business (事業種別) from the seed's list. Reference data shared by all coops."""

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("business line")
        verbose_name_plural = _("business lines")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class Centre(TenantModel):
    """A business centre (事業所): the unit of daily work."""

    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="centres")
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    prefecture_code = models.CharField(_("prefecture"), max_length=2, choices=PREFECTURES)
    municipality = models.CharField(_("municipality"), max_length=100)
    business_lines: models.ManyToManyField[BusinessLine, CentreBusinessLine] = models.ManyToManyField(
        BusinessLine, through="CentreBusinessLine", related_name="centres", verbose_name=_("business lines")
    )
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("centre")
        verbose_name_plural = _("centres")
        ordering = ["coop", "code"]
        constraints = [
            models.UniqueConstraint(fields=["coop", "code"], name="centre_code_unique_in_coop"),
            models.CheckConstraint(
                name="centre_closes_after_opening",
                condition=Q(closed_on__isnull=True) | Q(closed_on__gt=models.F("opened_on")),
            ),
        ]
        indexes = [models.Index(fields=["coop", "opened_on"], name="centre_coop_opened")]

    def __str__(self) -> str:
        return self.name


class CentreBusinessLine(TenantModel):
    """A business line a centre runs; carries coop_id like every tenant row."""

    centre = models.ForeignKey(Centre, on_delete=models.CASCADE)
    business_line = models.ForeignKey(BusinessLine, on_delete=models.PROTECT)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["coop", "centre", "business_line"], name="centre_business_line_unique")
        ]


class RelatedInstitution(BaseModel):
    """An institution the federation set up or is tied to (research institute, network organisation)."""

    federation = models.ForeignKey(Federation, on_delete=models.CASCADE, related_name="related_institutions")
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("related institution")
        verbose_name_plural = _("related institutions")

    def __str__(self) -> str:
        return self.name


class PartnershipScope(models.TextChoices):
    GLOBAL = "global", _("Global")
    REGIONAL_SECTORAL = "regional_sectoral", _("Regional / sectoral")
    NATIONAL = "national", _("National")


class Partnership(BaseModel):
    """A partnership of the federation with another organisation (ICA, CICOPA, JJC …)."""

    federation = models.ForeignKey(Federation, on_delete=models.CASCADE, related_name="partnerships")
    organisation = models.CharField(_("organisation"), max_length=200)
    organisation_en = models.CharField(_("English name"), max_length=200, blank=True)
    scope = models.CharField(_("scope"), max_length=20, choices=PartnershipScope.choices)
    since = models.DateField(_("since"), null=True, blank=True)

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["scope", "organisation"]

    def __str__(self) -> str:
        return self.organisation
