"""The capital ledger (出資金): per-coop settings from the articles, the append-only hash-chained ledger,
the head of each coop's chain, and withdrawal notices.

Money is whole yen, shares whole shares; a change is a signed amount on an entry, so a balance as of
any date is a sum over the entries effective on or before it.
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

# The Act's defaults; a coop's articles (定款) may set the settings differently within the Act.
CWC_SHARE_VALUE_YEN = 50_000


class RefundPolicy(models.TextChoices):
    """How much of a leaving member's paid-in capital is refunded (持分払戻, per the articles)."""

    WHOLE = "whole", _("The whole paid-in capital")
    PAR_OR_LESS = "par_or_less", _("Paid-in capital, at most the par value of the shares")
    PART = "part", _("A stated percentage of the paid-in capital")


class CapitalSettings(TenantModel):
    """The articles' capital settings of one coop, with the Act's defaults (Art 9, 12, 76)."""

    share_value_yen = models.PositiveIntegerField(
        _("value of one share (yen)"), default=CWC_SHARE_VALUE_YEN, validators=[MaxValueValidator(2147483647)]
    )
    minimum_shares = models.PositiveIntegerField(
        _("minimum shares per member"), default=1, validators=[MaxValueValidator(2147483647)]
    )  # Art 9, 12
    # Art 9: one member holds at most 25% of all shares; 35% with the general meeting's approval when
    # taking over a leaving member's shares; no cap while the coop has 3 or fewer members.
    share_cap_percent = models.PositiveSmallIntegerField(
        # xgettext:no-python-format
        _("share cap (% of all shares)"),
        default=25,
        validators=[MaxValueValidator(32767)],
    )
    share_cap_exception_percent = models.PositiveSmallIntegerField(
        _("share cap with the general meeting's approval (%)"), default=35, validators=[MaxValueValidator(32767)]
    )
    no_cap_up_to_members = models.PositiveSmallIntegerField(
        _("no share cap up to this many members"), default=3, validators=[MaxValueValidator(32767)]
    )
    withdrawal_notice_days = models.PositiveSmallIntegerField(
        _("notice of withdrawal (days)"), default=90, validators=[MaxValueValidator(32767)]
    )
    withdrawal_at_fiscal_year_end = models.BooleanField(
        _("withdrawal takes effect at the end of the fiscal year"), default=True
    )
    refund_policy = models.CharField(
        _("refund on withdrawal"), max_length=20, choices=RefundPolicy.choices, default=RefundPolicy.WHOLE
    )
    refund_percent = models.PositiveSmallIntegerField(
        _("refund percentage (for a partial refund)"), default=100, validators=[MaxValueValidator(32767)]
    )
    admission_requires_full_payment = models.BooleanField(
        _("admission completes only when the subscribed capital is paid in full"), default=True
    )
    instalments_allowed = models.BooleanField(_("capital may be paid in instalments"), default=True)
    # Appropriation of surplus (Art 76): read by the appropriation rules. Ratios as exact fractions.
    reserve_target_numerator = models.PositiveSmallIntegerField(
        _("reserve fund target (numerator)"), default=1, validators=[MaxValueValidator(32767)]
    )
    reserve_target_denominator = models.PositiveSmallIntegerField(
        _("reserve fund target (denominator)"), default=2, validators=[MaxValueValidator(32767)]
    )
    reserve_fund_min_numerator = models.PositiveSmallIntegerField(
        _("reserve fund minimum (numerator)"), default=1, validators=[MaxValueValidator(32767)]
    )
    reserve_fund_min_denominator = models.PositiveSmallIntegerField(
        _("reserve fund minimum (denominator)"), default=10, validators=[MaxValueValidator(32767)]
    )
    job_creation_min_numerator = models.PositiveSmallIntegerField(
        _("job-creation reserve minimum (numerator)"), default=1, validators=[MaxValueValidator(32767)]
    )
    job_creation_min_denominator = models.PositiveSmallIntegerField(
        _("job-creation reserve minimum (denominator)"), default=20, validators=[MaxValueValidator(32767)]
    )
    education_min_numerator = models.PositiveSmallIntegerField(
        _("education carry-forward minimum (numerator)"), default=1, validators=[MaxValueValidator(32767)]
    )
    education_min_denominator = models.PositiveSmallIntegerField(
        _("education carry-forward minimum (denominator)"), default=20, validators=[MaxValueValidator(32767)]
    )

    class Meta:
        verbose_name = _("capital settings")
        verbose_name_plural = _("capital settings")
        constraints = [
            models.UniqueConstraint(fields=["coop"], name="capital_settings_one_per_coop"),
            models.CheckConstraint(name="capital_share_value_positive", condition=Q(share_value_yen__gt=0)),
            models.CheckConstraint(name="capital_minimum_shares_positive", condition=Q(minimum_shares__gte=1)),
            models.CheckConstraint(
                name="capital_share_cap_order",
                condition=Q(share_cap_percent__gt=0)
                & Q(share_cap_exception_percent__gte=F("share_cap_percent"))
                & Q(share_cap_exception_percent__lte=100),
            ),
            models.CheckConstraint(name="capital_refund_percent_range", condition=Q(refund_percent__lte=100)),
            models.CheckConstraint(
                name="capital_ratio_denominators_positive",
                condition=Q(reserve_target_denominator__gt=0)
                & Q(reserve_fund_min_denominator__gt=0)
                & Q(job_creation_min_denominator__gt=0)
                & Q(education_min_denominator__gt=0),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.coop_id}: ¥{self.share_value_yen:,}"


class EntryKind(models.TextChoices):
    SUBSCRIPTION = "subscription", _("Subscription of shares")
    PAYMENT = "payment", _("Payment")
    TRANSFER_OUT = "transfer_out", _("Transfer of shares (out)")
    TRANSFER_IN = "transfer_in", _("Transfer of shares (in)")
    DIVIDEND_SET_OFF = "dividend_set_off", _("Dividend set against unpaid capital")
    REFUND = "refund", _("Refund on withdrawal")
    RESERVE = "reserve", _("Reserve posting")
    REVERSAL = "reversal", _("Reversal")


class PaymentMethod(models.TextChoices):
    LUMP_SUM = "lump_sum", _("Lump sum")
    INSTALMENT = "instalment", _("Instalment")
    PAYROLL = "payroll", _("Deduction from pay")


class ReserveKind(models.TextChoices):
    """Reserves of Art 76, kept at coop level."""

    RESERVE_FUND = "reserve_fund", _("Reserve fund")  # Art 76(1)-(3)
    JOB_CREATION = "job_creation", _("Job-creation reserve")  # Art 76(4)
    EDUCATION = "education", _("Education carry-forward")  # Art 76(5)


class CapitalEntry(models.Model):
    """One entry of a coop's append-only capital ledger (出資金台帳), a link of the coop's hash chain.

    Not a TenantModel: an append-only row has no `updated_at`. Triggers refuse UPDATE and DELETE;
    a correction is a reversal pointing at the entry it reverses. `entry_hash` is SHA-256 over the
    canonical form of the entry's content and `prev_hash` (see tomoni.capital.rules.entry_hash).
    """

    coop = models.ForeignKey("federation.Coop", on_delete=models.PROTECT, verbose_name=_("coop"))
    sequence = models.PositiveBigIntegerField(_("sequence"))
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    person = models.ForeignKey(
        "members.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="capital_entries"
    )
    counterparty = models.ForeignKey(
        "members.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    shares = models.BigIntegerField(_("change in shares"), default=0)
    subscribed_yen = models.BigIntegerField(_("change in subscribed capital (yen)"), default=0)
    paid_yen = models.BigIntegerField(_("change in paid capital (yen)"), default=0)
    refund_yen = models.BigIntegerField(_("refunded to the member (yen)"), default=0)
    reserve_kind = models.CharField(_("reserve"), max_length=20, choices=ReserveKind.choices, blank=True)
    reserve_yen = models.BigIntegerField(_("change in the reserve (yen)"), default=0)
    payment_method = models.CharField(_("payment method"), max_length=20, choices=PaymentMethod.choices, blank=True)
    effective_on = models.DateField(_("effective on"))
    recorded_at = models.DateTimeField(_("recorded at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False
    )
    memo = models.CharField(_("memo"), max_length=500, blank=True)
    reference = models.CharField(_("reference"), max_length=200, blank=True)
    reverses = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by")
    paired_with = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="pair_of")
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    entry_hash = models.CharField(_("entry hash"), max_length=64)

    class Meta:
        verbose_name = _("capital entry")
        verbose_name_plural = _("capital entries")
        ordering = ["coop", "sequence"]
        constraints = [
            # The last guard against a forked chain: one entry per sequence number in a coop.
            models.UniqueConstraint(fields=["coop", "sequence"], name="capital_entry_sequence_unique_in_coop"),
            models.CheckConstraint(name="capital_entry_sequence_positive", condition=Q(sequence__gte=1)),
            models.CheckConstraint(
                name="capital_entry_reserve_is_coop_level",
                condition=~Q(kind="reserve") | (Q(person__isnull=True) & ~Q(reserve_kind="")),
            ),
            models.CheckConstraint(
                name="capital_entry_member_kinds_name_a_person",
                condition=Q(kind__in=["reserve", "reversal"]) | Q(person__isnull=False),
            ),
            models.CheckConstraint(
                name="capital_entry_reversal_points_back",
                condition=~Q(kind="reversal") | Q(reverses__isnull=False),
            ),
        ]
        indexes = [
            models.Index(fields=["coop", "person", "effective_on"], name="capital_entry_coop_person_day"),
            models.Index(fields=["coop", "effective_on"], name="capital_entry_coop_day"),
        ]

    def __str__(self) -> str:
        return f"{self.coop_id}#{self.sequence} {self.kind}"


class CapitalChainHead(models.Model):
    """The head of a coop's chain: locked (SELECT … FOR UPDATE) by every append, so appends are serialised."""

    coop = models.OneToOneField("federation.Coop", on_delete=models.PROTECT, related_name="capital_chain_head")
    last_sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("capital chain head")
        verbose_name_plural = _("capital chain heads")

    def __str__(self) -> str:
        return f"{self.coop_id}#{self.last_sequence}"


class WithdrawalStatus(models.TextChoices):
    PENDING = "pending", _("Notice given")
    REFUNDED = "refunded", _("Refunded")


class WithdrawalNotice(TenantModel):
    """A member's notice of withdrawal (脱退の予告): effective after the notice period, at a fiscal year end."""

    person = models.ForeignKey("members.Person", on_delete=models.PROTECT, related_name="withdrawal_notices")
    notice_on = models.DateField(_("notice given on"))
    effective_on = models.DateField(_("takes effect on"))
    status = models.CharField(
        _("status"), max_length=20, choices=WithdrawalStatus.choices, default=WithdrawalStatus.PENDING
    )
    refund_entry = models.OneToOneField(
        CapitalEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="withdrawal_notice"
    )

    class Meta:
        verbose_name = _("withdrawal notice")
        verbose_name_plural = _("withdrawal notices")
        ordering = ["coop", "effective_on", "id"]
        constraints = [
            models.CheckConstraint(
                name="withdrawal_effective_after_notice", condition=Q(effective_on__gte=F("notice_on"))
            ),
            models.UniqueConstraint(
                fields=["coop", "person"], condition=Q(status="pending"), name="withdrawal_one_pending_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.effective_on}"


# --- appropriation: CAP-APPROP's models go below this line -------------------------------------
# --- Appropriation (剰余金処分) and the work-engaged dividend ---
# CAP-APPROP's section: the year-end appropriation of a coop's surplus (Art 76, 77) and each member's
# work-engaged dividend (Art 77(2)) with the unpaid capital set against it (Art 78).


class AppropriationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PROPOSED = "proposed", _("Proposed to the general meeting")
    APPROVED = "approved", _("Approved by the general meeting")
    POSTED = "posted", _("Posted")


def default_dividend_weights() -> dict[str, int]:
    """The articles' weight of a minute by kind of membership: one each unless the articles say otherwise."""
    return {"worker": 1, "user": 1, "supporting": 1, "consumer": 1}


class Appropriation(TenantModel):
    """The appropriation of one fiscal year's surplus (剰余金処分案) of a coop: inputs, minimums, amounts.

    Once posted it never changes: the services refuse, and a trigger refuses UPDATE and DELETE of a
    posted row on both databases.
    """

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    status = models.CharField(
        _("status"), max_length=20, choices=AppropriationStatus.choices, default=AppropriationStatus.DRAFT
    )
    # Inputs: the year's figures.
    surplus_yen = models.BigIntegerField(_("surplus of the year (yen; negative for a loss)"))
    carried_loss_yen = models.BigIntegerField(_("losses carried forward (yen)"), default=0)
    reserve_balance_yen = models.BigIntegerField(_("reserve fund before appropriation (yen)"), default=0)
    total_capital_yen = models.BigIntegerField(_("total capital (yen)"), default=0)
    # The articles' ratios used, as written ("1/10"), so the document shows them as they were.
    reserve_target_ratio = models.CharField(_("reserve fund target (share of total capital)"), max_length=20)
    reserve_fund_ratio = models.CharField(_("reserve fund minimum ratio"), max_length=20)
    job_creation_ratio = models.CharField(_("job-creation reserve minimum ratio"), max_length=20)
    education_ratio = models.CharField(_("education carry-forward minimum ratio"), max_length=20)
    # What the Act requires (computed by tomoni.capital.rules.appropriation_minimums).
    loss_covered_yen = models.BigIntegerField(_("losses covered (yen)"), default=0)
    carried_loss_after_yen = models.BigIntegerField(_("losses still carried forward (yen)"), default=0)
    surplus_after_losses_yen = models.BigIntegerField(_("surplus after covering losses (yen)"), default=0)
    reserve_target_yen = models.BigIntegerField(_("reserve fund target (yen)"), default=0)
    reserve_fund_min_yen = models.BigIntegerField(_("reserve fund minimum (yen)"), default=0)
    job_creation_min_yen = models.BigIntegerField(_("job-creation reserve minimum (yen)"), default=0)
    education_min_yen = models.BigIntegerField(_("education carry-forward minimum (yen)"), default=0)
    # What the officers propose.
    reserve_fund_yen = models.BigIntegerField(_("reserve fund (yen)"), default=0)
    job_creation_yen = models.BigIntegerField(_("job-creation reserve (yen)"), default=0)
    education_yen = models.BigIntegerField(_("education carry-forward (yen)"), default=0)
    dividend_pool_yen = models.BigIntegerField(_("work-engaged dividend (yen)"), default=0)
    carried_forward_yen = models.BigIntegerField(_("surplus carried forward (yen)"), default=0)
    dividend_weights = models.JSONField(_("weight of a minute by kind of membership"), default=default_dividend_weights)
    set_off_unpaid_capital = models.BooleanField(_("set dividends against unpaid capital (Art 78)"), default=True)
    # The work the split rests on, counted when the figures were last computed; posting recounts it.
    total_minutes = models.BigIntegerField(_("minutes worked by members in the year"), default=0)
    members_with_work = models.PositiveIntegerField(_("members who worked in the year"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    # The general meeting.
    proposed_at = models.DateTimeField(_("proposed at"), null=True, blank=True)
    motion_id = models.BigIntegerField(_("motion of the general meeting"), null=True, blank=True)
    meeting_held_on = models.DateField(_("general meeting held on"), null=True, blank=True)
    minutes_reference = models.CharField(_("minutes of the general meeting"), max_length=200, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    posted_at = models.DateTimeField(_("posted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("appropriation of surplus")
        verbose_name_plural = _("appropriations of surplus")
        ordering = ["coop", "-fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["coop", "fiscal_year"], name="appropriation_one_per_coop_year"),
            models.CheckConstraint(
                name="appropriation_inputs_not_negative",
                condition=Q(carried_loss_yen__gte=0) & Q(reserve_balance_yen__gte=0) & Q(total_capital_yen__gte=0),
            ),
            models.CheckConstraint(
                name="appropriation_amounts_not_negative",
                condition=Q(reserve_fund_yen__gte=0)
                & Q(job_creation_yen__gte=0)
                & Q(education_yen__gte=0)
                & Q(dividend_pool_yen__gte=0)
                & Q(carried_forward_yen__gte=0),
            ),
            # Art 76: each reserve at least its minimum.
            models.CheckConstraint(
                name="appropriation_reserves_meet_minimums",
                condition=Q(reserve_fund_yen__gte=F("reserve_fund_min_yen"))
                & Q(job_creation_yen__gte=F("job_creation_min_yen"))
                & Q(education_yen__gte=F("education_min_yen")),
            ),
            # The surplus after losses is appropriated exactly: reserves, dividend, carried forward.
            models.CheckConstraint(
                name="appropriation_sums_to_surplus",
                condition=Q(
                    surplus_after_losses_yen=F("reserve_fund_yen")
                    + F("job_creation_yen")
                    + F("education_yen")
                    + F("dividend_pool_yen")
                    + F("carried_forward_yen")
                ),
            ),
            models.CheckConstraint(
                name="appropriation_approved_by_a_meeting",
                condition=Q(status__in=["draft", "proposed"])
                | (Q(meeting_held_on__isnull=False) & Q(approved_at__isnull=False) & ~Q(minutes_reference="")),
            ),
            models.CheckConstraint(
                name="appropriation_posted_has_time",
                condition=~Q(status="posted") | Q(posted_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.coop_id} FY{self.fiscal_year} {self.status}"

    @property
    def reserves_yen(self) -> int:
        return self.reserve_fund_yen + self.job_creation_yen + self.education_yen


class DividendLine(TenantModel):
    """One member's work-engaged dividend of a posted appropriation: a line of the payment list.

    Written once, at posting; append-only (triggers refuse UPDATE and DELETE). Name and kana are
    copied as they were, so the payment list stays what was paid.
    """

    appropriation = models.ForeignKey(Appropriation, on_delete=models.PROTECT, related_name="dividend_lines")
    person = models.ForeignKey("members.Person", on_delete=models.PROTECT, related_name="dividend_lines")
    member_number = models.CharField(_("member number"), max_length=20)
    name = models.CharField(_("name"), max_length=101)
    name_kana = models.CharField(_("name (kana)"), max_length=101, blank=True)
    worked_minutes = models.BigIntegerField(_("minutes worked"))
    weight = models.PositiveSmallIntegerField(_("weight"))
    dividend_yen = models.BigIntegerField(_("dividend (yen)"))
    set_off_yen = models.BigIntegerField(_("set against unpaid capital (yen)"), default=0)
    payable_yen = models.BigIntegerField(_("payable (yen)"))
    set_off_entry = models.OneToOneField(
        CapitalEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="dividend_line"
    )

    class Meta:
        verbose_name = _("dividend line")
        verbose_name_plural = _("dividend lines")
        ordering = ["appropriation", "member_number"]
        constraints = [
            models.UniqueConstraint(fields=["coop", "appropriation", "person"], name="dividend_line_one_per_member"),
            models.CheckConstraint(
                name="dividend_line_amounts_add_up",
                condition=Q(worked_minutes__gt=0)
                & Q(dividend_yen__gte=0)
                & Q(set_off_yen__gte=0)
                & Q(set_off_yen__lte=F("dividend_yen"))
                & Q(payable_yen=F("dividend_yen") - F("set_off_yen")),
            ),
        ]
        indexes = [models.Index(fields=["coop", "person"], name="dividend_line_coop_person")]

    def __str__(self) -> str:
        return f"{self.appropriation_id} {self.member_number} ¥{self.dividend_yen:,}"
