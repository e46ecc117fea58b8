"""The member register: people, memberships, officer terms, labour contracts, work records.

Every span has a start and an optional end, so the register answers "as of" any date.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from tomoni.core.models import TenantModel
from tomoni.members import japanese, rules

# The bounds of recorded time: a day's work fits in a day, a contracted week in a week.
MINUTES_IN_DAY = 24 * 60
MINUTES_IN_WEEK = 7 * MINUTES_IN_DAY


class Person(TenantModel):
    """A person known to a coop: member, employee, volunteer or trainee. Owned by one coop."""

    family_name = models.CharField(_("family name"), max_length=50)
    given_name = models.CharField(_("given name"), max_length=50)
    family_name_kana = models.CharField(_("family name (kana)"), max_length=50, blank=True)
    given_name_kana = models.CharField(_("given name (kana)"), max_length=50, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=8, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="person"
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["coop", "family_name_kana", "given_name_kana", "id"]
        indexes = [models.Index(fields=["coop", "family_name_kana", "given_name_kana"], name="person_coop_kana")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.family_name} {self.given_name}"

    @property
    def full_name_kana(self) -> str:
        return f"{self.family_name_kana} {self.given_name_kana}".strip()

    @property
    def postal_code_shown(self) -> str:
        """The postal code as an address writes it: 〒271-0092 (kept as its seven digits)."""
        return japanese.postal_code_shown(self.postal_code) if self.postal_code else ""


# What a person's record says about them (names, reading, birth date, contact), in the order
# forms, imports, the API and the bulk loader's row tuples use.
PERSON_FIELDS = (
    "family_name",
    "given_name",
    "family_name_kana",
    "given_name_kana",
    "birth_date",
    "email",
    "phone",
    "postal_code",
    "address",
)


class MembershipKind(models.TextChoices):
    WORKER = "worker", _("Worker member")
    USER = "user", _("User member")
    SUPPORTING = "supporting", _("Supporting member")
    CONSUMER = "consumer", _("Consumer member")


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPELLED = "expelled", _("Expelled")
    DECEASED = "deceased", _("Deceased")


class Membership(TenantModel):
    """A person's membership of a coop (組合員), from joined_on to left_on (exclusive)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    kind = models.CharField(_("kind"), max_length=20, choices=MembershipKind.choices)
    member_number = models.CharField(_("member number"), max_length=20)
    centre = models.ForeignKey(
        "federation.Centre",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("home centre"),
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MembershipStatus.choices, default="active")

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["coop", "member_number"]
        constraints = [
            models.UniqueConstraint(fields=["coop", "member_number"], name="membership_number_unique_in_coop"),
            # c0000003 and C0000003 are one number: unique in a coop without regard to case.
            models.UniqueConstraint(
                F("coop"), Lower("member_number"), name="membership_number_unique_in_coop_ignoring_case"
            ),
            models.CheckConstraint(
                name="membership_leaves_after_joining",
                condition=Q(left_on__isnull=True) | Q(left_on__gt=F("joined_on")),
            ),
            models.CheckConstraint(
                name="membership_status_matches_leaving",
                condition=(Q(left_on__isnull=True) & Q(status="active"))
                | (Q(left_on__isnull=False) & ~Q(status="active")),
            ),
        ]
        indexes = [
            models.Index(fields=["coop", "joined_on", "left_on"], name="membership_coop_span"),
            models.Index(fields=["coop", "centre"], name="membership_coop_centre"),
        ]

    def __str__(self) -> str:
        return f"{self.member_number}"


class OfficerRole(models.TextChoices):
    REPRESENTATIVE_DIRECTOR = "representative_director", _("Representative director")
    FULL_TIME_DIRECTOR = "full_time_director", _("Full-time director")
    DIRECTOR = "director", _("Director")
    AUDITOR = "auditor", _("Auditor")


DIRECTOR_ROLES = (OfficerRole.REPRESENTATIVE_DIRECTOR, OfficerRole.FULL_TIME_DIRECTOR, OfficerRole.DIRECTOR)


class OfficerTerm(TenantModel):
    """A term of office (役員の任期): director, representative director or auditor."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="officer_terms")
    role = models.CharField(_("role"), max_length=30, choices=OfficerRole.choices)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        verbose_name = _("officer term")
        verbose_name_plural = _("officer terms")
        ordering = ["coop", "role", "started_on"]
        constraints = [
            models.CheckConstraint(
                name="officer_term_ends_after_start",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gt=F("started_on")),
            ),
        ]

    @property
    def term_ends_on(self) -> dt.date:
        """Art 36(1)-(2): the first day past the longest term the coop's articles (within the Act) allow."""
        return rules.term_ends_on(
            self.started_on,
            self.role,
            director_months=self.coop.director_term_months,
            auditor_months=self.coop.auditor_term_months,
        )

    @property
    def term_last_day(self) -> dt.date:
        """The last day in office the articles allow (任期満了日)."""
        return self.term_ends_on - dt.timedelta(days=1)


class LabourContract(TenantModel):
    """A labour contract (労働契約) between the coop and a person who works, at a centre."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="labour_contracts")
    centre = models.ForeignKey("federation.Centre", on_delete=models.PROTECT, related_name="labour_contracts")
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    contracted_minutes_per_week = models.PositiveIntegerField(_("contracted minutes a week"))

    class Meta:
        verbose_name = _("labour contract")
        verbose_name_plural = _("labour contracts")
        ordering = ["coop", "started_on"]
        constraints = [
            models.CheckConstraint(
                name="contract_ends_after_start", condition=Q(ended_on__isnull=True) | Q(ended_on__gt=F("started_on"))
            ),
            # At most 7 days of 24 hours; real limits come from the Labour Standards Act rules.
            models.CheckConstraint(
                name="contract_minutes_in_week", condition=Q(contracted_minutes_per_week__lte=MINUTES_IN_WEEK)
            ),
        ]
        indexes = [
            models.Index(fields=["coop", "centre", "started_on"], name="contract_coop_centre"),
            models.Index(fields=["coop", "person"], name="contract_coop_person"),
        ]


class WorkRecord(TenantModel):
    """Minutes a person worked on one day at one centre (従事記録): the basis of the work-engaged dividend."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="work_records")
    centre = models.ForeignKey("federation.Centre", on_delete=models.PROTECT, related_name="work_records")
    business_line = models.ForeignKey("federation.BusinessLine", on_delete=models.PROTECT)
    worked_on = models.DateField(_("date"))
    worked_minutes = models.PositiveIntegerField(_("minutes worked"))

    class Meta:
        verbose_name = _("work record")
        verbose_name_plural = _("work records")
        ordering = ["coop", "worked_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["coop", "person", "centre", "business_line", "worked_on"], name="work_record_unique_day"
            ),
            models.CheckConstraint(
                name="work_record_minutes_in_day",
                condition=Q(worked_minutes__gt=0) & Q(worked_minutes__lte=MINUTES_IN_DAY),
            ),
        ]
        indexes = [
            models.Index(fields=["coop", "centre", "worked_on"], name="work_record_coop_centre_day"),
            # Covering the year's sums (minutes per member in a fiscal year, for the dividend): the database reads
            # the index alone, not a table row per work record (about 3× less CPU on CWC's million records).
            models.Index(fields=["coop", "worked_on", "person", "worked_minutes"], name="work_record_coop_day_minutes"),
        ]


class Volunteer(TenantModel):
    """A local resident who volunteers at a centre (the third level of cooperation); not a member."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="volunteering")
    centre = models.ForeignKey("federation.Centre", on_delete=models.PROTECT, related_name="volunteers")
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")


class SpecialCareCategory(models.TextChoices):
    MENTAL_DISABILITY = "mental_disability", _("Mental disability")
    INTELLECTUAL_DISABILITY = "intellectual_disability", _("Intellectual disability")
    PHYSICAL_DISABILITY = "physical_disability", _("Physical disability")
    SOCIAL_PARTICIPATION = "social_participation", _("Difficulty in social participation")
    ADDICTION = "addiction", _("Addiction")
    FORMER_HOMELESSNESS = "former_homelessness", _("Former homelessness")
    OTHER = "other", _("Other")


# Categories counted as "mental disabilities or difficulties in social participation" in the seed's cases.
MENTAL_OR_SOCIAL = {SpecialCareCategory.MENTAL_DISABILITY, SpecialCareCategory.SOCIAL_PARTICIPATION}


class SpecialCareRecord(TenantModel):
    """Special-care personal information (要配慮個人情報, APPI Art 2(3)) about a person.

    Kept apart from Person, encrypted at rest (category and note alike), read only by support
    workers granted for the person's coop or centre, and every read is logged.
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="special_care_records")
    payload_encrypted = models.BinaryField()
    recorded_on = models.DateField(_("recorded on"))

    class Meta:
        verbose_name = _("special-care record")
        verbose_name_plural = _("special-care records")
        indexes = [models.Index(fields=["coop", "person"], name="special_care_coop_person")]
