"""Work integration: programmes and their funding, participants and their path into work.

A participant is a Person (member or not) in a programme. Their path is recorded step by step
(referral, intake, training, certificate, placement with a mentor, outcome, follow-ups) and the
dates of each milestone are kept on the participant row, written by the same service that records
the step, so impact reports are one grouped query.

Special-care personal information (要配慮個人情報, APPI Art 2(3)) — the assessment, the support plan
and its goals and reviews, support session notes — is encrypted at rest (tomoni.core.crypto) and
read only by the participant's own caseworkers and the participant; each read is audited.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tomoni.core.models import TenantModel
from tomoni.federation.models import Centre
from tomoni.members.models import MINUTES_IN_DAY


class ProgrammeKind(models.TextChoices):
    VOCATIONAL = "vocational", _("Vocational training")
    JOB_READINESS = "job_readiness", _("Job readiness")
    EMPLOYMENT_SUPPORT = "employment_support", _("Employment support")
    COMMUNITY = "community", _("Community and volunteering")


class FunderKind(models.TextChoices):
    PREFECTURE = "prefecture", _("Prefecture")
    MUNICIPALITY = "municipality", _("Municipality")
    NATIONAL = "national", _("National scheme")
    OTHER = "other", _("Other")


class Funder(TenantModel):
    """Who pays for a programme: a prefecture, a municipality or a national scheme."""

    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=FunderKind.choices)

    class Meta:
        verbose_name = _("funder")
        verbose_name_plural = _("funders")
        ordering = ["coop", "code"]
        constraints = [models.UniqueConstraint(fields=["coop", "code"], name="funder_code_unique_in_coop")]

    def __str__(self) -> str:
        return self.name


class Programme(TenantModel):
    """A work-integration or training programme (事業・研修) run at one or more host centres."""

    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=30, choices=ProgrammeKind.choices)
    centres: models.ManyToManyField[Centre, ProgrammeCentre] = models.ManyToManyField(
        "federation.Centre", through="ProgrammeCentre", related_name="programmes", verbose_name=_("host centres")
    )
    capacity = models.PositiveIntegerField(_("places"), default=0)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["coop", "code"]
        constraints = [
            models.UniqueConstraint(fields=["coop", "code"], name="programme_code_unique_in_coop"),
            models.CheckConstraint(
                name="programme_ends_after_start", condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on"))
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProgrammeCentre(TenantModel):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE)
    centre = models.ForeignKey("federation.Centre", on_delete=models.PROTECT)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["coop", "programme", "centre"], name="programme_centre_unique"),
        ]


class FundingAgreement(TenantModel):
    """A funder's agreement for a programme: the period, the amount and the targets it pays for."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="agreements")
    funder = models.ForeignKey(Funder, on_delete=models.PROTECT, related_name="agreements")
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    amount_yen = models.PositiveBigIntegerField(_("amount (yen)"))
    target_trained = models.PositiveIntegerField(_("target: people trained"), default=0)
    target_certified = models.PositiveIntegerField(_("target: people certified"), default=0)
    target_employed = models.PositiveIntegerField(_("target: people employed"), default=0)
    target_retained = models.PositiveIntegerField(_("target: people in work at 6 months"), default=0)

    class Meta:
        verbose_name = _("funding agreement")
        verbose_name_plural = _("funding agreements")
        ordering = ["coop", "starts_on"]
        constraints = [
            models.CheckConstraint(name="agreement_ends_after_start", condition=Q(ends_on__gte=F("starts_on"))),
        ]

    def __str__(self) -> str:
        return f"{self.funder} {self.starts_on:%Y-%m-%d}"


class Cohort(TenantModel):
    """A group of participants who start a programme together, optionally paid for by one agreement."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="cohorts")
    agreement = models.ForeignKey(
        FundingAgreement, null=True, blank=True, on_delete=models.PROTECT, related_name="cohorts"
    )
    centre = models.ForeignKey("federation.Centre", on_delete=models.PROTECT, related_name="cohorts")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["coop", "starts_on", "code"]
        constraints = [
            models.UniqueConstraint(fields=["coop", "programme", "code"], name="cohort_code_unique_in_programme"),
            models.CheckConstraint(name="cohort_ends_after_start", condition=Q(ends_on__gte=F("starts_on"))),
        ]

    def __str__(self) -> str:
        return self.name


class CurriculumUnit(TenantModel):
    """A unit of a programme's curriculum with the minutes a participant must attend."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="units")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    required_minutes = models.PositiveIntegerField(_("required minutes"))
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("curriculum unit")
        verbose_name_plural = _("curriculum units")
        ordering = ["coop", "programme", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["coop", "programme", "code"], name="unit_code_unique_in_programme"),
            models.CheckConstraint(name="unit_requires_minutes", condition=Q(required_minutes__gt=0)),
        ]

    def __str__(self) -> str:
        return self.name


class ReferralSource(models.TextChoices):
    HELLO_WORK = "hello_work", _("Hello Work")
    YOUTH_SUPPORT_STATION = "youth_support_station", _("Youth Support Station")
    WELFARE_OFFICE = "welfare_office", _("Welfare office")
    FAMILY = "family", _("Family")
    SELF = "self", _("Self")
    OTHER = "other", _("Other")


class Participant(TenantModel):
    """A person in a programme (利用者・研修生), member or not, and the milestones of their path.

    The milestone dates are written by the services that record each step; nothing else sets them.
    """

    # None once anonymised (retention): the milestones stay for statistics, the person is gone.
    person = models.ForeignKey(
        "members.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="programme_participations"
    )
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="participants")
    cohort = models.ForeignKey(Cohort, null=True, blank=True, on_delete=models.PROTECT, related_name="participants")
    centre = models.ForeignKey(
        "federation.Centre", on_delete=models.PROTECT, related_name="participants", verbose_name=_("centre")
    )
    referral_source = models.CharField(_("referred by"), max_length=30, choices=ReferralSource.choices)
    referred_on = models.DateField(_("referred on"))
    started_on = models.DateField(_("started on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    certified_on = models.DateField(_("certified on"), null=True, blank=True)
    placed_on = models.DateField(_("placed on"), null=True, blank=True)
    employed_on = models.DateField(_("employed on"), null=True, blank=True)
    member_on = models.DateField(_("became a member on"), null=True, blank=True)
    in_work_6m = models.BooleanField(_("in work at 6 months"), null=True, blank=True)
    in_work_12m = models.BooleanField(_("in work at 12 months"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    closed_on = models.DateField(_("file closed on"), null=True, blank=True)
    anonymised_on = models.DateField(_("anonymised on"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["coop", "referred_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["coop", "person", "programme", "referred_on"], name="participant_unique_referral"
            ),
            models.CheckConstraint(
                name="participant_person_until_anonymised",
                condition=Q(person__isnull=False, anonymised_on__isnull=True)
                | Q(person__isnull=True, anonymised_on__isnull=False),
            ),
            models.CheckConstraint(
                name="participant_starts_after_referral",
                condition=Q(started_on__isnull=True) | Q(started_on__gte=F("referred_on")),
            ),
        ]
        indexes = [
            models.Index(fields=["coop", "programme", "cohort"], name="participant_coop_programme"),
            models.Index(fields=["coop", "centre"], name="participant_coop_centre"),
            models.Index(fields=["coop", "person"], name="participant_coop_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person} / {self.programme}"


class Caseworker(TenantModel):
    """A support worker (支援員) assigned to a participant: they, and the participant, may read the file."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="caseworkers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="caseloads")
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("caseworker")
        verbose_name_plural = _("caseworkers")
        constraints = [
            models.UniqueConstraint(
                fields=["coop", "participant", "user"],
                condition=Q(ended_on__isnull=True),
                name="caseworker_one_open_assignment",
            ),
        ]
        indexes = [models.Index(fields=["coop", "user", "ended_on"], name="caseworker_coop_user")]


class ConsentPurpose(models.TextChoices):
    SUPPORT = "support", _("Support")
    FUNDER = "funder", _("Sharing with the funder")
    AGENCY = "agency", _("Sharing with another agency")
    STATISTICS = "statistics", _("Statistics")


class Consent(TenantModel):
    """The participant's consent for one purpose, from a day, within a scope, until withdrawn or expired."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    scope = models.CharField(_("scope"), max_length=200, blank=True)
    given_on = models.DateField(_("given on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["coop", "participant", "purpose", "given_on"]
        constraints = [
            models.CheckConstraint(
                name="consent_withdrawn_after_given",
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=F("given_on")),
            ),
        ]
        indexes = [models.Index(fields=["coop", "participant", "purpose"], name="consent_coop_participant")]


class Assessment(TenantModel):
    """The intake assessment (アセスメント): special-care data, encrypted (strengths, needs, health, disability)."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    payload_encrypted = models.BinaryField()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        indexes = [models.Index(fields=["coop", "participant"], name="assessment_coop_participant")]


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AGREED = "agreed", _("Agreed")
    SUPERSEDED = "superseded", _("Superseded")


class SupportPlan(TenantModel):
    """An individual support plan (個別支援計画): wishes, issues and goals, agreed by the participant.

    The wishes (the person's and their family's) and the issues are in the encrypted payload.
    """

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="plans")
    version = models.PositiveSmallIntegerField(_("version"))
    drawn_up_on = models.DateField(_("drawn up on"))
    review_every_months = models.PositiveSmallIntegerField(_("review every (months)"), default=3)
    payload_encrypted = models.BinaryField()
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    agreed_at = models.DateTimeField(_("agreed at"), null=True, blank=True)
    next_review_on = models.DateField(_("next review on"), null=True, blank=True)

    class Meta:
        verbose_name = _("support plan")
        verbose_name_plural = _("support plans")
        ordering = ["coop", "participant", "version"]
        constraints = [
            models.UniqueConstraint(fields=["coop", "participant", "version"], name="plan_version_unique"),
            models.CheckConstraint(
                name="plan_agreed_has_time",
                condition=~Q(status="agreed") | Q(agreed_at__isnull=False, next_review_on__isnull=False),
            ),
        ]
        indexes = [models.Index(fields=["coop", "status", "next_review_on"], name="plan_coop_review_due")]


class GoalTerm(models.TextChoices):
    LONG = "long", _("Long-term goal")
    SHORT = "short", _("Short-term goal")


class Goal(TenantModel):
    """A goal of a plan with its target date; the goal, the support for it and who gives it are encrypted."""

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="goals")
    term = models.CharField(_("term"), max_length=10, choices=GoalTerm.choices)
    target_on = models.DateField(_("target date"))
    payload_encrypted = models.BinaryField()
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["coop", "plan", "sort_order", "id"]


class GoalProgress(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    PROGRESSING = "progressing", _("Progressing")
    ACHIEVED = "achieved", pgettext_lazy("goal progress", "Achieved")
    CHANGED = "changed", _("To be changed")


class Review(TenantModel):
    """A monitoring review (モニタリング) of a plan: progress per goal and notes, encrypted."""

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("reviewed on"))
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    payload_encrypted = models.BinaryField()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["coop", "plan", "reviewed_on"]


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    MISSED = "missed", _("Missed")


class SupportSession(TenantModel):
    """A support session (面談) with a participant; its note is special-care data, encrypted."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="sessions")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    on_date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=SessionStatus.choices, default="planned")
    note_encrypted = models.BinaryField(null=True, blank=True)

    class Meta:
        verbose_name = _("support session")
        verbose_name_plural = _("support sessions")
        ordering = ["coop", "on_date", "starts_at"]
        indexes = [models.Index(fields=["coop", "worker", "on_date"], name="session_coop_worker_day")]


class TrainingSession(TenantModel):
    """A session of a cohort's training in one curriculum unit."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    unit = models.ForeignKey(CurriculumUnit, on_delete=models.PROTECT, related_name="sessions")
    on_date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"))
    length_minutes = models.PositiveIntegerField(_("length in minutes"))
    trainer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["coop", "on_date", "starts_at"]
        constraints = [
            models.CheckConstraint(
                name="training_session_in_day",
                condition=Q(length_minutes__gt=0) & Q(length_minutes__lte=MINUTES_IN_DAY),
            ),
        ]


class TrainingAttendance(TenantModel):
    """Minutes a participant attended a training session (0: absent)."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="attendance")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="attendance")
    attended_minutes = models.PositiveIntegerField(_("minutes attended"))

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["coop", "session", "participant"], name="attendance_once_per_session"),
            models.CheckConstraint(name="attendance_in_day", condition=Q(attended_minutes__lte=MINUTES_IN_DAY)),
        ]
        indexes = [models.Index(fields=["coop", "participant"], name="attendance_coop_participant")]


class Certificate(TenantModel):
    """A certificate earned (e.g. 介護職員初任者研修修了証明書), with its number and date."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="certificates")
    name = models.CharField(_("certificate"), max_length=120)
    number = models.CharField(_("number"), max_length=40)
    issued_on = models.DateField(_("issued on"))

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(fields=["coop", "name", "number"], name="certificate_number_unique"),
        ]


class Placement(TenantModel):
    """Real work at a centre as a trainee, with a mentor (a member of the centre)."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="placements")
    centre = models.ForeignKey("federation.Centre", on_delete=models.PROTECT, related_name="placements")
    mentor = models.ForeignKey("members.Person", on_delete=models.PROTECT, related_name="mentored_placements")
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            models.CheckConstraint(
                name="placement_ends_after_start", condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on"))
            ),
        ]


class OutcomeKind(models.TextChoices):
    COOP_EMPLOYED = "coop_employed", _("Employed by the coop")
    MEMBER = "member", _("Became a worker member")
    EMPLOYED_ELSEWHERE = "employed_elsewhere", _("Employed elsewhere")
    FURTHER_TRAINING = "further_training", _("Further training")
    LEFT = "left", _("Left")


class Outcome(TenantModel):
    """Where a participant went: employed by the coop, a member, employed elsewhere, training, left."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("outcome"), max_length=30, choices=OutcomeKind.choices)
    on_date = models.DateField(_("date"))
    employer = models.CharField(_("employer"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["coop", "participant", "on_date"]


class FollowUp(TenantModel):
    """A follow-up 6 or 12 months after a placement: was the person still in work?"""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="follow_ups")
    months = models.PositiveSmallIntegerField(_("months after placement"))
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    in_work = models.BooleanField(_("in work"), null=True, blank=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["coop", "due_on"]
        constraints = [
            models.UniqueConstraint(fields=["coop", "participant", "months"], name="follow_up_once_per_mark"),
            models.CheckConstraint(name="follow_up_at_6_or_12", condition=Q(months__in=[6, 12])),
        ]
        indexes = [models.Index(fields=["coop", "done_on", "due_on"], name="follow_up_coop_due")]


class VolunteerActivity(TenantModel):
    """An activity of a volunteer or local supporter, with minutes given (not work: no dividend)."""

    volunteer = models.ForeignKey("members.Volunteer", on_delete=models.CASCADE, related_name="activities")
    on_date = models.DateField(_("date"))
    minutes = models.PositiveIntegerField(_("minutes"))
    description = models.CharField(_("activity"), max_length=200)

    class Meta:
        verbose_name = _("volunteer activity")
        verbose_name_plural = _("volunteer activities")
        ordering = ["coop", "on_date"]
        constraints = [
            models.CheckConstraint(
                name="volunteer_activity_in_day", condition=Q(minutes__gt=0) & Q(minutes__lte=MINUTES_IN_DAY)
            ),
        ]
