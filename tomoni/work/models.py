"""Shifts, coverage, members' availability and wishes, accommodations, labour rules, rosters and swaps.

A centre (事業所) defines its shift types and the coverage each day needs; members state when they
cannot work and what they wish; a roster (勤務表) for one month is solved, edited by hand, published
and then gives planned minutes; confirmed actual minutes become work records (従事記録).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import (
    MaxValueValidator,
)  # bounds stated here, so the API schema is the same on every database
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tomoni.core.models import TenantModel
from tomoni.members.models import MINUTES_IN_DAY, MINUTES_IN_WEEK


class Qualification(TenantModel):
    """A skill or qualification a shift may need (介護福祉士, 介護職員初任者研修 …), named once per coop."""

    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        ordering = ["coop", "code"]
        constraints = [models.UniqueConstraint(fields=["coop", "code"], name="qualification_code_unique_in_coop")]

    def __str__(self) -> str:
        return self.name


class MemberQualification(TenantModel):
    """A person holds a qualification."""

    person = models.ForeignKey("members.Person", on_delete=models.CASCADE, related_name="qualifications")
    qualification = models.ForeignKey(Qualification, on_delete=models.PROTECT, related_name="holders")

    class Meta:
        verbose_name = _("member's qualification")
        verbose_name_plural = _("members' qualifications")
        constraints = [
            models.UniqueConstraint(
                fields=["coop", "person", "qualification"], name="member_qualification_unique_in_coop"
            )
        ]


class ShiftType(TenantModel):
    """A kind of shift at a centre (早番, 日勤, 夜勤 …): when it starts, how long, whether at night."""

    centre = models.ForeignKey("federation.Centre", on_delete=models.CASCADE, related_name="shift_types")
    code = models.CharField(_("code"), max_length=8, help_text=_("A short mark shown on the roster, e.g. 早 or N."))
    name = models.CharField(_("name"), max_length=50)
    starts_at = models.TimeField(_("starts at"))
    length_minutes = models.PositiveIntegerField(_("length in minutes"))
    break_minutes = models.PositiveIntegerField(_("break in minutes"), default=0)
    is_night = models.BooleanField(_("night shift"), default=False)
    colour = models.CharField(_("colour"), max_length=7, default="#e8eef7")
    qualifications = models.ManyToManyField(
        Qualification, blank=True, related_name="shift_types", verbose_name=_("qualifications needed")
    )
    business_line = models.ForeignKey(
        "federation.BusinessLine", null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("business line")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    over_cover_weight = models.PositiveIntegerField(
        _("cost of each person beyond the need"),
        default=50,
        validators=[MaxValueValidator(10000)],
        help_text=_("How much the solver avoids putting more people on this shift than it needs."),
    )

    class Meta:
        verbose_name = _("shift type")
        verbose_name_plural = _("shift types")
        ordering = ["coop", "centre", "sort_order", "starts_at", "code"]
        constraints = [
            models.UniqueConstraint(fields=["coop", "centre", "code"], name="shift_type_code_unique_in_centre"),
            models.CheckConstraint(
                name="shift_type_length_in_day",
                condition=Q(length_minutes__gt=0) & Q(length_minutes__lte=MINUTES_IN_DAY),
            ),
            models.CheckConstraint(
                name="shift_type_break_in_length", condition=Q(break_minutes__lt=F("length_minutes"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def worked_minutes(self) -> int:
        return self.length_minutes - self.break_minutes


class CoverageRequirement(TenantModel):
    """How many people a shift needs (with a qualification, if named): every day, on a weekday, or on a date.

    A date's rows replace the weekday's, and a weekday's replace the every-day ones, for the same shift
    and qualification.
    """

    centre = models.ForeignKey("federation.Centre", on_delete=models.CASCADE, related_name="coverage")
    shift_type = models.ForeignKey(ShiftType, on_delete=models.CASCADE, related_name="coverage")
    qualification = models.ForeignKey(
        Qualification, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("qualification")
    )
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), null=True, blank=True, help_text=_("0 is Monday; empty for every day.")
    )
    on_date = models.DateField(_("date"), null=True, blank=True)
    on_holidays = models.BooleanField(
        _("on public holidays"), default=False, help_text=_("Applies on public holidays instead of the weekday's.")
    )
    required_count = models.PositiveSmallIntegerField(_("people needed"))

    class Meta:
        verbose_name = _("coverage requirement")
        verbose_name_plural = _("coverage requirements")
        constraints = [
            models.CheckConstraint(
                name="coverage_weekday_or_date", condition=Q(weekday__isnull=True) | Q(on_date__isnull=True)
            ),
            models.CheckConstraint(
                name="coverage_holiday_alone",
                condition=Q(on_holidays=False) | (Q(weekday__isnull=True) & Q(on_date__isnull=True)),
            ),
            models.CheckConstraint(
                name="coverage_weekday_range", condition=Q(weekday__isnull=True) | Q(weekday__lte=6)
            ),
        ]
        indexes = [models.Index(fields=["coop", "centre"], name="coverage_coop_centre")]


class Availability(TenantModel):
    """A day a member cannot work (a hard rule for the solver), stated by them or their manager."""

    person = models.ForeignKey("members.Person", on_delete=models.CASCADE, related_name="unavailable_days")
    on_date = models.DateField(_("date"))
    available = models.BooleanField(_("available"), default=False)

    class Meta:
        verbose_name = _("availability")
        verbose_name_plural = _("availability")
        constraints = [
            models.UniqueConstraint(fields=["coop", "person", "on_date"], name="availability_unique_day"),
        ]


class WishKind(models.TextChoices):
    WANT = "want", _("I would like this shift")
    AVOID = "avoid", _("I would rather not work this shift")
    DAY_OFF = "day_off", _("I would like the day off")


class Wish(TenantModel):
    """A wish for a day (希望, a soft goal): a shift (any, if none is named) wanted or avoided, or a day off."""

    person = models.ForeignKey("members.Person", on_delete=models.CASCADE, related_name="roster_wishes")
    on_date = models.DateField(_("date"))
    kind = models.CharField(_("wish"), max_length=10, choices=WishKind.choices)
    shift_type = models.ForeignKey(
        ShiftType, null=True, blank=True, on_delete=models.CASCADE, verbose_name=_("shift type")
    )

    class Meta:
        verbose_name = _("wish")
        verbose_name_plural = _("wishes")
        ordering = ["coop", "on_date"]
        constraints = [
            models.CheckConstraint(
                name="wish_shift_matches_kind",
                condition=~Q(kind="day_off") | Q(shift_type__isnull=True),
            ),
            models.UniqueConstraint(fields=["coop", "person", "on_date", "kind", "shift_type"], name="wish_unique"),
        ]
        indexes = [models.Index(fields=["coop", "person", "on_date"], name="wish_coop_person_day")]


class Accommodation(TenantModel):
    """How a member's work is fitted to them (配慮): fewer minutes, no nights, a mentor or a qualified partner.

    Only the constraint is kept, never the reason: that may be special-care information. Seen by the
    member and those who write the centre's roster, nobody else.
    """

    person = models.ForeignKey("members.Person", on_delete=models.CASCADE, related_name="accommodations")
    max_minutes_per_week = models.PositiveIntegerField(_("at most minutes a week"), null=True, blank=True)
    no_nights = models.BooleanField(_("no night shifts"), default=False)
    mentor = models.ForeignKey(
        "members.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentees",
        verbose_name=_("works with this mentor"),
    )
    partner_qualification = models.ForeignKey(
        Qualification,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        verbose_name=_("works with a partner holding"),
        help_text=_("Works only on shifts where another member holding this qualification works too."),
    )

    class Meta:
        verbose_name = _("accommodation")
        verbose_name_plural = _("accommodations")
        constraints = [
            models.UniqueConstraint(fields=["coop", "person"], name="accommodation_one_per_person"),
            models.CheckConstraint(
                name="accommodation_minutes_in_week",
                condition=Q(max_minutes_per_week__isnull=True) | Q(max_minutes_per_week__lte=MINUTES_IN_WEEK),
            ),
            models.CheckConstraint(
                name="accommodation_mentor_not_self",
                condition=Q(mentor__isnull=True) | ~Q(mentor=F("person")),
            ),
        ]


class LabourRuleSet(TenantModel):
    """The Labour Standards Act limits a centre's roster keeps (defaults from tomoni.work.rules)."""

    centre = models.ForeignKey("federation.Centre", on_delete=models.CASCADE, related_name="labour_rules")
    max_minutes_per_day = models.PositiveIntegerField(_("at most minutes a day"), null=True, blank=True)
    max_minutes_per_week = models.PositiveIntegerField(_("at most minutes a week"), null=True, blank=True)
    average_weekly_over_period = models.BooleanField(
        _("average the weekly limit over the month (variable working hours)"), default=False
    )
    min_rest_minutes = models.PositiveIntegerField(_("at least minutes of rest between shifts"), null=True, blank=True)
    max_consecutive_days = models.PositiveSmallIntegerField(
        _("at most consecutive working days"), null=True, blank=True
    )
    week_starts_on = models.PositiveSmallIntegerField(_("the week starts on (0 is Monday)"), default=6)
    contract_tolerance_minutes = models.PositiveIntegerField(
        _("planned minutes may differ from the contract by at most (a month)"),
        default=480,
        validators=[MaxValueValidator(MINUTES_IN_WEEK)],
    )
    agreed_overtime_minutes_per_month = models.PositiveIntegerField(
        _("overtime a month under the 36 agreement (minutes)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(45 * 60)],
        help_text=_("Empty when no labour-management agreement (36協定) is recorded: no overtime beyond the Act."),
    )

    class Meta:
        verbose_name = _("labour rules")
        verbose_name_plural = _("labour rules")
        constraints = [
            models.UniqueConstraint(fields=["coop", "centre"], name="labour_rules_one_per_centre"),
            models.CheckConstraint(
                name="labour_rules_in_bounds",
                condition=(Q(max_minutes_per_day__isnull=True) | Q(max_minutes_per_day__lte=MINUTES_IN_DAY))
                & (Q(max_minutes_per_week__isnull=True) | Q(max_minutes_per_week__lte=MINUTES_IN_WEEK))
                & (Q(max_consecutive_days__isnull=True) | Q(max_consecutive_days__gte=1))
                & Q(week_starts_on__lte=6),
            ),
        ]


class RosterStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SOLVING = "solving", _("Being solved")
    SOLVED = "solved", _("Solved")
    PUBLISHED = "published", _("Published")


class Roster(TenantModel):
    """A centre's roster (勤務表) for one month, and what its last solver run reported."""

    centre = models.ForeignKey("federation.Centre", on_delete=models.PROTECT, related_name="rosters")
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    status = models.CharField(_("status"), max_length=12, choices=RosterStatus.choices, default=RosterStatus.DRAFT)
    solver_status = models.CharField(_("solver status"), max_length=20, blank=True)
    objective = models.BigIntegerField(_("objective"), null=True, blank=True)
    solve_milliseconds = models.PositiveIntegerField(
        _("solving time (ms)"), null=True, blank=True, validators=[MaxValueValidator(2147483647)]
    )
    time_limit_seconds = models.PositiveIntegerField(_("time limit (s)"), default=20)
    progress_percent = models.PositiveSmallIntegerField(_("progress"), default=0)
    shortfalls = models.JSONField(_("shortfalls"), default=list, blank=True)
    solve_error = models.TextField(_("solver message"), blank=True)
    # Hard rules the hand edits break on their own, when the solver finds no roster (checker codes).
    solve_violations = models.JSONField(_("rules broken"), default=list, blank=True)
    solved_at = models.DateTimeField(_("solved at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("roster")
        verbose_name_plural = _("rosters")
        ordering = ["coop", "centre", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["coop", "centre", "month"], name="roster_one_per_centre_month"),
            models.CheckConstraint(name="roster_month_first_day", condition=Q(month__day=1)),
            models.CheckConstraint(name="roster_progress_percent", condition=Q(progress_percent__lte=100)),
        ]

    def __str__(self) -> str:
        return f"{self.centre_id} {self.month:%Y-%m}"


class Assignment(TenantModel):
    """A person works a shift on a day of a roster; hand edits are flagged; actual minutes once confirmed."""

    roster = models.ForeignKey(Roster, on_delete=models.CASCADE, related_name="assignments")
    person = models.ForeignKey("members.Person", on_delete=models.PROTECT, related_name="shift_assignments")
    on_date = models.DateField(_("date"))
    shift_type = models.ForeignKey(ShiftType, on_delete=models.PROTECT, verbose_name=_("shift type"))
    hand_edited = models.BooleanField(_("edited by hand"), default=False)
    actual_minutes = models.PositiveIntegerField(_("actual minutes"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    # What the member reported from the field (their phone), for the manager to confirm.
    reported_minutes = models.PositiveIntegerField(_("minutes reported by the member"), null=True, blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["coop", "roster", "on_date", "shift_type__starts_at", "person_id"]
        constraints = [
            models.UniqueConstraint(fields=["coop", "roster", "person", "on_date"], name="assignment_one_a_day"),
            models.CheckConstraint(
                name="assignment_actual_in_day",
                condition=Q(actual_minutes__isnull=True) | Q(actual_minutes__lte=MINUTES_IN_DAY),
            ),
        ]
        indexes = [
            models.Index(fields=["coop", "person", "on_date"], name="assignment_coop_person_day"),
        ]


class SwapStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the manager")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class SwapRequest(TenantModel):
    """A member asks to swap their shift with a colleague's (or to hand it over); the manager decides."""

    roster = models.ForeignKey(Roster, on_delete=models.CASCADE, related_name="swaps")
    requester = models.ForeignKey("members.Person", on_delete=models.PROTECT, related_name="swaps_asked")
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="swaps_given")
    counterpart = models.ForeignKey("members.Person", on_delete=models.PROTECT, related_name="swaps_offered")
    counterpart_assignment = models.ForeignKey(
        Assignment, null=True, blank=True, on_delete=models.CASCADE, related_name="swaps_taken"
    )
    status = models.CharField(_("status"), max_length=12, choices=SwapStatus.choices, default=SwapStatus.PENDING)
    note = models.CharField(_("note"), max_length=200, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("swap request")
        verbose_name_plural = _("swap requests")
        ordering = ["coop", "-created_at"]
        constraints = [
            models.CheckConstraint(name="swap_not_with_self", condition=~Q(requester=F("counterpart"))),
        ]
