"""The business and its books: customers, contracts, service and production records; the double-entry journal
per centre (department), monthly summaries, budgets, and the year-end documents with their filing.

The journal is append-only and balances in the database, on PostgreSQL and SQLite alike (see
migrations/0002_journal_triggers.py): a JournalEntry row is inserted after its lines, and a trigger on the
entry refuses it unless its lines are at least two, balance, and sit in the entry's coop and month, and
unless that month is open; a trigger on the lines refuses a line whose entry is already in; the lines'
foreign key to the entry is checked at commit, so no line can stay without its entry.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tomoni.core.models import TenantModel

# ===== the business ====================================================================================


class CustomerKind(models.TextChoices):
    MUNICIPAL = "municipal", _("Municipality")
    CARE_USER = "care_user", _("Care-insurance service user")
    PRIVATE = "private", _("Private customer")
    COMPANY = "company", _("Company or organisation")


class Customer(TenantModel):
    """Someone the coop works for: a municipality, a care-insurance user, a private customer, a company."""

    kind = models.CharField(_("kind"), max_length=20, choices=CustomerKind.choices)
    name = models.CharField(_("name"), max_length=200)
    # Care-insurance users are identified by their insurer's number only, never by health details.
    reference = models.CharField(_("reference"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["coop", "name"]
        constraints = [models.UniqueConstraint(fields=["coop", "kind", "name"], name="customer_unique_in_coop")]

    def __str__(self) -> str:
        return self.name


class ContractKind(models.TextChoices):
    MUNICIPAL = "municipal", _("Municipal contract")
    DESIGNATED_MANAGEMENT = "designated_management", _("Designated management of a public facility (指定管理)")
    CARE_INSURANCE = "care_insurance", _("Care-insurance service")
    PRIVATE = "private", _("Private contract")


class Contract(TenantModel):
    """A contract of a centre with a customer, with its period and amount."""

    centre = models.ForeignKey("federation.Centre", on_delete=models.PROTECT, related_name="contracts")
    business_line = models.ForeignKey("federation.BusinessLine", on_delete=models.PROTECT, related_name="+")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="contracts")
    kind = models.CharField(_("kind"), max_length=30, choices=ContractKind.choices)
    title = models.CharField(_("title"), max_length=200)
    facility = models.CharField(_("public facility"), max_length=200, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    amount_yen = models.BigIntegerField(_("contract amount (yen)"))

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["coop", "-starts_on"]
        constraints = [
            models.CheckConstraint(name="operations_contract_amount_not_negative", condition=Q(amount_yen__gte=0)),
            models.CheckConstraint(
                name="operations_contract_ends_after_start", condition=Q(ends_on__gte=F("starts_on"))
            ),
            models.CheckConstraint(
                name="contract_facility_for_designated_management",
                condition=~Q(kind="designated_management") | ~Q(facility=""),
            ),
        ]
        indexes = [models.Index(fields=["coop", "centre", "starts_on"], name="contract_coop_centre_start")]

    def __str__(self) -> str:
        return self.title


class ServiceKind(models.TextChoices):
    CARE_VISIT = "care_visit", _("Care visit")
    CLEANING_JOB = "cleaning_job", _("Cleaning job")
    FACILITY_DAY = "facility_day", _("Facility day")
    CHILDCARE_DAY = "childcare_day", _("Childcare day")
    SUPPORT_SESSION = "support_session", _("Support session")


class ServiceRecord(TenantModel):
    """What a centre did on a day under a contract: visits, jobs, days open; counted, never about a person's health."""

    centre = models.ForeignKey("federation.Centre", on_delete=models.PROTECT, related_name="service_records")
    contract = models.ForeignKey(Contract, null=True, blank=True, on_delete=models.PROTECT, related_name="records")
    kind = models.CharField(_("kind"), max_length=20, choices=ServiceKind.choices)
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("count"))
    minutes = models.PositiveIntegerField(_("minutes"), default=0)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("service record")
        verbose_name_plural = _("service records")
        ordering = ["coop", "-day"]
        indexes = [models.Index(fields=["coop", "centre", "day"], name="service_coop_centre_day")]


class ProductKind(models.TextChoices):
    OIL_COLLECTED = "oil_collected", _("Used cooking oil collected (litres)")
    BDF_PRODUCED = "bdf_produced", _("Biodiesel produced (litres)")
    BDF_SOLD = "bdf_sold", _("Biodiesel sold (litres)")
    TIMBER = "timber", _("Timber harvested (m³, in litres ÷ 1,000)")


class ProductionLog(TenantModel):
    """A plant's or forest's output on a day, entered from a phone: litres of oil and fuel, or timber.

    Quantities are whole litres (timber as litres too: 1 m³ = 1,000 L), never float.
    """

    centre = models.ForeignKey("federation.Centre", on_delete=models.PROTECT, related_name="production_logs")
    day = models.DateField(_("day"))
    kind = models.CharField(_("kind"), max_length=20, choices=ProductKind.choices)
    litres = models.PositiveBigIntegerField(_("litres"))
    sales_yen = models.BigIntegerField(_("sales (yen)"), default=0)

    class Meta:
        verbose_name = _("production log")
        verbose_name_plural = _("production logs")
        ordering = ["coop", "-day"]
        constraints = [
            models.UniqueConstraint(fields=["coop", "centre", "day", "kind"], name="production_one_per_day_kind"),
            models.CheckConstraint(name="production_sales_not_negative", condition=Q(sales_yen__gte=0)),
        ]


# ===== the books =======================================================================================


class Section(models.TextChoices):
    CURRENT_ASSETS = "current_assets", _("Current assets")
    FIXED_ASSETS = "fixed_assets", _("Fixed assets")
    CURRENT_LIABILITIES = "current_liabilities", _("Current liabilities")
    LONG_TERM_LIABILITIES = "long_term_liabilities", _("Long-term liabilities")
    CAPITAL = "capital", _("Members' capital")
    RESERVES = "reserves", _("Reserves")
    RETAINED_SURPLUS = "retained_surplus", _("Surplus carried forward")
    BUSINESS_REVENUE = "business_revenue", _("Business revenue")
    LEVIES = "levies", _("Levies and similar income")
    BUSINESS_EXPENSES = "business_expenses", _("Business expenses")
    GENERAL_ADMIN = "general_admin", _("General and administrative expenses")
    NON_OPERATING_REVENUE = "non_operating_revenue", _("Non-operating revenue")
    NON_OPERATING_EXPENSES = "non_operating_expenses", _("Non-operating expenses")
    EXTRAORDINARY_GAINS = "extraordinary_gains", _("Extraordinary gains")
    EXTRAORDINARY_LOSSES = "extraordinary_losses", _("Extraordinary losses")
    INCOME_TAXES = "income_taxes", _("Corporate taxes")


class Account(TenantModel):
    """An account of a coop's chart (勘定科目), in a section of the statements."""

    code = models.CharField(_("code"), max_length=10)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    section = models.CharField(_("section"), max_length=30, choices=Section.choices)

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["coop", "code"]
        constraints = [models.UniqueConstraint(fields=["coop", "code"], name="account_code_unique_in_coop")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Department(TenantModel):
    """A department of the books (部門): each centre is one, and the coop's head office another (no centre)."""

    code = models.CharField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    centre = models.OneToOneField(
        "federation.Centre", null=True, blank=True, on_delete=models.PROTECT, related_name="department"
    )

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["coop", "code"]
        constraints = [models.UniqueConstraint(fields=["coop", "code"], name="department_code_unique_in_coop")]

    def __str__(self) -> str:
        return self.name


class JournalHead(models.Model):
    """The last entry number of a coop's journal; locked while an entry is posted, so numbers have no gaps."""

    coop = models.OneToOneField("federation.Coop", on_delete=models.PROTECT, related_name="journal_head")
    last_number = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.coop_id} #{self.last_number}"


class EntrySource(models.TextChoices):
    MANUAL = "manual", _("Entered")
    IMPORT = "import", _("Imported")
    BANK = "bank", _("Bank statement")
    REVERSAL = "reversal", _("Reversal")
    REPLICA = "replica", _("Replica")


class JournalEntry(models.Model):
    """A journal entry (仕訳): inserted after its lines; append-only; corrected by a reversing entry."""

    id = models.BigIntegerField(primary_key=True)  # allocated before the lines (services.allocate_entry_ids)
    coop = models.ForeignKey("federation.Coop", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveBigIntegerField(_("entry number"))
    entry_on = models.DateField(_("date"))
    period = models.PositiveIntegerField(_("month (yyyymm)"))
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    memo = models.CharField(_("description"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=EntrySource.choices, default=EntrySource.MANUAL)
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by", db_constraint=True
    )
    line_count = models.PositiveIntegerField(_("lines"))
    total_yen = models.BigIntegerField(_("amount (yen)"))
    recorded_at = models.DateTimeField(_("recorded at"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False
    )

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        ordering = ["coop", "number"]
        constraints = [
            models.UniqueConstraint(fields=["coop", "number"], name="journal_entry_number_unique"),
            models.CheckConstraint(name="journal_entry_total_positive", condition=Q(total_yen__gt=0)),
            models.CheckConstraint(name="journal_entry_two_lines", condition=Q(line_count__gte=2)),
        ]
        indexes = [models.Index(fields=["coop", "period"], name="journal_entry_coop_period")]

    def __str__(self) -> str:
        return f"{self.coop_id} #{self.number} {self.entry_on}"


class JournalLine(models.Model):
    """A line of a journal entry: one account and department, one side. Append-only."""

    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, related_name="lines")
    coop = models.ForeignKey("federation.Coop", on_delete=models.PROTECT, related_name="+")
    period = models.PositiveIntegerField(_("month (yyyymm)"))
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="lines")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="lines")
    debit_yen = models.BigIntegerField(_("debit (yen)"), default=0)
    credit_yen = models.BigIntegerField(_("credit (yen)"), default=0)
    memo = models.CharField(_("description"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("journal line")
        verbose_name_plural = _("journal lines")
        constraints = [
            models.CheckConstraint(
                name="journal_line_one_side",
                condition=(Q(debit_yen__gt=0) & Q(credit_yen=0)) | (Q(debit_yen=0) & Q(credit_yen__gt=0)),
            ),
        ]
        indexes = [models.Index(fields=["coop", "period", "account"], name="journal_line_coop_period_acct")]

    def __str__(self) -> str:
        return f"{self.entry_id} {self.account_id} {self.debit_yen}/{self.credit_yen}"


class ClosedPeriod(models.Model):
    """A month the officers closed: no entry may be posted into it (a trigger refuses). Append-only."""

    coop = models.ForeignKey("federation.Coop", on_delete=models.PROTECT, related_name="+")
    period = models.PositiveIntegerField(_("month (yyyymm)"))
    closed_at = models.DateTimeField(_("closed at"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.DO_NOTHING, db_constraint=False
    )

    class Meta:
        verbose_name = _("closed month")
        verbose_name_plural = _("closed months")
        constraints = [models.UniqueConstraint(fields=["coop", "period"], name="closed_period_unique")]

    def __str__(self) -> str:
        return f"{self.coop_id} {self.period}"


class MonthlySummary(models.Model):
    """Debits and credits of one account and department in one month: kept current by the posting service in the
    entry's transaction, so statements and dashboards read these rows and never sum the raw lines."""

    coop = models.ForeignKey("federation.Coop", on_delete=models.PROTECT, related_name="+")
    period = models.PositiveIntegerField(_("month (yyyymm)"))
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    section = models.CharField(max_length=30, choices=Section.choices)  # copied from the account, for grouping
    debit_yen = models.BigIntegerField(default=0)
    credit_yen = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("monthly summary")
        verbose_name_plural = _("monthly summaries")
        constraints = [
            models.UniqueConstraint(fields=["coop", "period", "account", "department"], name="monthly_summary_unique"),
        ]
        indexes = [
            models.Index(fields=["coop", "fiscal_year", "department"], name="summary_coop_year_dept"),
            models.Index(fields=["fiscal_year", "section"], name="summary_year_section"),
        ]

    def __str__(self) -> str:
        return f"{self.coop_id} {self.period} {self.account_id} {self.department_id}"


# ===== budgets =========================================================================================


class BudgetStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PROPOSED = "proposed", _("Put to the all-member meeting")
    APPROVED = "approved", _("Approved by the all-member meeting")


class Budget(TenantModel):
    """A centre's (department's) budget for a fiscal year, drafted by its members and approved in their meeting."""

    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="budgets")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    status = models.CharField(_("status"), max_length=20, choices=BudgetStatus.choices, default=BudgetStatus.DRAFT)
    motion_id = models.BigIntegerField(_("motion of the meeting"), null=True, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        constraints = [
            models.UniqueConstraint(fields=["coop", "department", "fiscal_year"], name="budget_one_per_year"),
            models.CheckConstraint(
                name="budget_approved_has_a_day",
                condition=~Q(status="approved") | Q(approved_on__isnull=False),
            ),
        ]


class BudgetLine(TenantModel):
    """The budgeted amount of one account in one month, on the account's normal side."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="lines")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    period = models.PositiveIntegerField(_("month (yyyymm)"))
    amount_yen = models.BigIntegerField(_("amount (yen)"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["coop", "budget", "account", "period"], name="budget_line_unique"),
        ]


# ===== year end and filing =============================================================================


class YearEndStatus(models.TextChoices):
    DRAFT = "draft", _("Drawn up by the directors")
    AUDITED = "audited", _("Audited")
    APPROVED = "approved", _("Approved by the general meeting")
    FILED = "filed", _("Filed with the authority")


class YearEnd(TenantModel):
    """A fiscal year's documents of Art 51(2): drawn up, audited by the 監事, approved, and filed under Art 124."""

    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    status = models.CharField(_("status"), max_length=20, choices=YearEndStatus.choices, default=YearEndStatus.DRAFT)
    surplus_yen = models.BigIntegerField(_("surplus of the year (yen)"))
    drawn_up_at = models.DateTimeField(_("drawn up at"))
    audited_at = models.DateTimeField(_("audited at"), null=True, blank=True)
    auditor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    audit_opinion = models.TextField(_("auditor's opinion"), blank=True)
    meeting_held_on = models.DateField(_("ordinary general meeting held on"), null=True, blank=True)
    minutes_reference = models.CharField(_("minutes of the general meeting"), max_length=200, blank=True)
    filing_due_on = models.DateField(_("filing due on"), null=True, blank=True)
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    filing_reference = models.CharField(_("receipt of the filing"), max_length=200, blank=True)
    keep_until = models.DateField(_("kept until"))

    class Meta:
        verbose_name = _("year-end documents")
        verbose_name_plural = _("year-end documents")
        ordering = ["coop", "-fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["coop", "fiscal_year"], name="year_end_one_per_year"),
            models.CheckConstraint(
                name="year_end_audited_has_opinion",
                condition=Q(status="draft") | (Q(audited_at__isnull=False) & ~Q(audit_opinion="")),
            ),
            models.CheckConstraint(
                name="year_end_approved_has_meeting",
                condition=Q(status__in=["draft", "audited"])
                | (Q(meeting_held_on__isnull=False) & Q(filing_due_on__isnull=False)),
            ),
            models.CheckConstraint(
                name="year_end_filed_has_day", condition=~Q(status="filed") | Q(filed_on__isnull=False)
            ),
        ]
