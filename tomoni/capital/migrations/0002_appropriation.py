# The year-end appropriation (剰余金処分) and the work-engaged dividend lines (従事分量配当).

import django.db.models.deletion
import django.db.models.expressions
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

import tomoni.capital.models
from tomoni.core.db import make_append_only

# A posted appropriation never changes: UPDATE and DELETE of a row whose status is 'posted' are refused.
PG_POSTED_FUNCTION = """
CREATE OR REPLACE FUNCTION capital_refuse_posted_appropriation() RETURNS trigger AS $$
BEGIN
    IF OLD.status = 'posted' THEN
        RAISE EXCEPTION 'appropriation % is posted and cannot change', OLD.id
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
"""
SQLITE_MESSAGE = "SELECT RAISE(ABORT, 'a posted appropriation cannot change'); END;"


def posted_is_final(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = [
            PG_POSTED_FUNCTION,
            'CREATE TRIGGER capital_appropriation_posted_final BEFORE UPDATE OR DELETE ON "capital_appropriation" '
            "FOR EACH ROW EXECUTE FUNCTION capital_refuse_posted_appropriation();",
        ]
    elif vendor == "sqlite":
        statements = [
            'CREATE TRIGGER capital_appropriation_posted_no_update BEFORE UPDATE ON "capital_appropriation" '
            "WHEN OLD.status = 'posted' BEGIN " + SQLITE_MESSAGE,
            'CREATE TRIGGER capital_appropriation_posted_no_delete BEFORE DELETE ON "capital_appropriation" '
            "WHEN OLD.status = 'posted' BEGIN " + SQLITE_MESSAGE,
        ]
    else:
        raise NotImplementedError(f"the posted-appropriation trigger is not written for {vendor}")
    for statement in statements:
        schema_editor.execute(statement, params=None)


def posted_is_final_undo(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            'DROP TRIGGER IF EXISTS capital_appropriation_posted_final ON "capital_appropriation";', params=None
        )
    else:
        schema_editor.execute("DROP TRIGGER IF EXISTS capital_appropriation_posted_no_update;", params=None)
        schema_editor.execute("DROP TRIGGER IF EXISTS capital_appropriation_posted_no_delete;", params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("capital", "0001_ledger_settings_and_withdrawals"),
        ("federation", "0001_initial"),
        ("members", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="Appropriation",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                ("fiscal_year", models.PositiveSmallIntegerField(verbose_name="fiscal year")),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("proposed", "Proposed to the general meeting"),
                            ("approved", "Approved by the general meeting"),
                            ("posted", "Posted"),
                        ],
                        default="draft",
                        max_length=20,
                        verbose_name="status",
                    ),
                ),
                ("surplus_yen", models.BigIntegerField(verbose_name="surplus of the year (yen; negative for a loss)")),
                ("carried_loss_yen", models.BigIntegerField(default=0, verbose_name="losses carried forward (yen)")),
                (
                    "reserve_balance_yen",
                    models.BigIntegerField(default=0, verbose_name="reserve fund before appropriation (yen)"),
                ),
                ("total_capital_yen", models.BigIntegerField(default=0, verbose_name="total capital (yen)")),
                (
                    "reserve_target_ratio",
                    models.CharField(max_length=20, verbose_name="reserve fund target (share of total capital)"),
                ),
                ("reserve_fund_ratio", models.CharField(max_length=20, verbose_name="reserve fund minimum ratio")),
                (
                    "job_creation_ratio",
                    models.CharField(max_length=20, verbose_name="job-creation reserve minimum ratio"),
                ),
                (
                    "education_ratio",
                    models.CharField(max_length=20, verbose_name="education carry-forward minimum ratio"),
                ),
                ("loss_covered_yen", models.BigIntegerField(default=0, verbose_name="losses covered (yen)")),
                (
                    "carried_loss_after_yen",
                    models.BigIntegerField(default=0, verbose_name="losses still carried forward (yen)"),
                ),
                (
                    "surplus_after_losses_yen",
                    models.BigIntegerField(default=0, verbose_name="surplus after covering losses (yen)"),
                ),
                ("reserve_target_yen", models.BigIntegerField(default=0, verbose_name="reserve fund target (yen)")),
                ("reserve_fund_min_yen", models.BigIntegerField(default=0, verbose_name="reserve fund minimum (yen)")),
                (
                    "job_creation_min_yen",
                    models.BigIntegerField(default=0, verbose_name="job-creation reserve minimum (yen)"),
                ),
                (
                    "education_min_yen",
                    models.BigIntegerField(default=0, verbose_name="education carry-forward minimum (yen)"),
                ),
                ("reserve_fund_yen", models.BigIntegerField(default=0, verbose_name="reserve fund (yen)")),
                ("job_creation_yen", models.BigIntegerField(default=0, verbose_name="job-creation reserve (yen)")),
                ("education_yen", models.BigIntegerField(default=0, verbose_name="education carry-forward (yen)")),
                ("dividend_pool_yen", models.BigIntegerField(default=0, verbose_name="work-engaged dividend (yen)")),
                (
                    "carried_forward_yen",
                    models.BigIntegerField(default=0, verbose_name="surplus carried forward (yen)"),
                ),
                (
                    "dividend_weights",
                    models.JSONField(
                        default=tomoni.capital.models.default_dividend_weights,
                        verbose_name="weight of a minute by kind of membership",
                    ),
                ),
                (
                    "set_off_unpaid_capital",
                    models.BooleanField(default=True, verbose_name="set dividends against unpaid capital (Art 78)"),
                ),
                (
                    "total_minutes",
                    models.BigIntegerField(default=0, verbose_name="minutes worked by members in the year"),
                ),
                (
                    "members_with_work",
                    models.PositiveIntegerField(default=0, verbose_name="members who worked in the year"),
                ),
                ("notes", models.TextField(blank=True, verbose_name="notes")),
                ("proposed_at", models.DateTimeField(blank=True, null=True, verbose_name="proposed at")),
                (
                    "motion_id",
                    models.BigIntegerField(blank=True, null=True, verbose_name="motion of the general meeting"),
                ),
                ("meeting_held_on", models.DateField(blank=True, null=True, verbose_name="general meeting held on")),
                (
                    "minutes_reference",
                    models.CharField(blank=True, max_length=200, verbose_name="minutes of the general meeting"),
                ),
                ("approved_at", models.DateTimeField(blank=True, null=True, verbose_name="approved at")),
                ("posted_at", models.DateTimeField(blank=True, null=True, verbose_name="posted at")),
                (
                    "coop",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, to="federation.coop", verbose_name="coop"
                    ),
                ),
            ],
            options={
                "verbose_name": "appropriation of surplus",
                "verbose_name_plural": "appropriations of surplus",
                "ordering": ["coop", "-fiscal_year"],
            },
        ),
        migrations.CreateModel(
            name="DividendLine",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                ("member_number", models.CharField(max_length=20, verbose_name="member number")),
                ("name", models.CharField(max_length=101, verbose_name="name")),
                ("name_kana", models.CharField(blank=True, max_length=101, verbose_name="name (kana)")),
                ("worked_minutes", models.BigIntegerField(verbose_name="minutes worked")),
                ("weight", models.PositiveSmallIntegerField(verbose_name="weight")),
                ("dividend_yen", models.BigIntegerField(verbose_name="dividend (yen)")),
                ("set_off_yen", models.BigIntegerField(default=0, verbose_name="set against unpaid capital (yen)")),
                ("payable_yen", models.BigIntegerField(verbose_name="payable (yen)")),
                (
                    "appropriation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="dividend_lines",
                        to="capital.appropriation",
                    ),
                ),
                (
                    "coop",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, to="federation.coop", verbose_name="coop"
                    ),
                ),
                (
                    "person",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, related_name="dividend_lines", to="members.person"
                    ),
                ),
                (
                    "set_off_entry",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="dividend_line",
                        to="capital.capitalentry",
                    ),
                ),
            ],
            options={
                "verbose_name": "dividend line",
                "verbose_name_plural": "dividend lines",
                "ordering": ["appropriation", "member_number"],
            },
        ),
        migrations.AddConstraint(
            model_name="appropriation",
            constraint=models.UniqueConstraint(fields=("coop", "fiscal_year"), name="appropriation_one_per_coop_year"),
        ),
        migrations.AddConstraint(
            model_name="appropriation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("carried_loss_yen__gte", 0), ("reserve_balance_yen__gte", 0), ("total_capital_yen__gte", 0)
                ),
                name="appropriation_inputs_not_negative",
            ),
        ),
        migrations.AddConstraint(
            model_name="appropriation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("reserve_fund_yen__gte", 0),
                    ("job_creation_yen__gte", 0),
                    ("education_yen__gte", 0),
                    ("dividend_pool_yen__gte", 0),
                    ("carried_forward_yen__gte", 0),
                ),
                name="appropriation_amounts_not_negative",
            ),
        ),
        migrations.AddConstraint(
            model_name="appropriation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("reserve_fund_yen__gte", models.F("reserve_fund_min_yen")),
                    ("job_creation_yen__gte", models.F("job_creation_min_yen")),
                    ("education_yen__gte", models.F("education_min_yen")),
                ),
                name="appropriation_reserves_meet_minimums",
            ),
        ),
        migrations.AddConstraint(
            model_name="appropriation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    (
                        "surplus_after_losses_yen",
                        django.db.models.expressions.CombinedExpression(
                            django.db.models.expressions.CombinedExpression(
                                django.db.models.expressions.CombinedExpression(
                                    django.db.models.expressions.CombinedExpression(
                                        models.F("reserve_fund_yen"), "+", models.F("job_creation_yen")
                                    ),
                                    "+",
                                    models.F("education_yen"),
                                ),
                                "+",
                                models.F("dividend_pool_yen"),
                            ),
                            "+",
                            models.F("carried_forward_yen"),
                        ),
                    )
                ),
                name="appropriation_sums_to_surplus",
            ),
        ),
        migrations.AddConstraint(
            model_name="appropriation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("status__in", ["draft", "proposed"]),
                    models.Q(
                        ("meeting_held_on__isnull", False),
                        ("approved_at__isnull", False),
                        models.Q(("minutes_reference", ""), _negated=True),
                    ),
                    _connector="OR",
                ),
                name="appropriation_approved_by_a_meeting",
            ),
        ),
        migrations.AddConstraint(
            model_name="appropriation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("status", "posted"), _negated=True), ("posted_at__isnull", False), _connector="OR"
                ),
                name="appropriation_posted_has_time",
            ),
        ),
        migrations.AddIndex(
            model_name="dividendline",
            index=models.Index(fields=["coop", "person"], name="dividend_line_coop_person"),
        ),
        migrations.AddConstraint(
            model_name="dividendline",
            constraint=models.UniqueConstraint(
                fields=("coop", "appropriation", "person"), name="dividend_line_one_per_member"
            ),
        ),
        migrations.AddConstraint(
            model_name="dividendline",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("worked_minutes__gt", 0),
                    ("dividend_yen__gte", 0),
                    ("set_off_yen__gte", 0),
                    ("set_off_yen__lte", models.F("dividend_yen")),
                    (
                        "payable_yen",
                        django.db.models.expressions.CombinedExpression(
                            models.F("dividend_yen"), "-", models.F("set_off_yen")
                        ),
                    ),
                ),
                name="dividend_line_amounts_add_up",
            ),
        ),
        # Dividend lines are the fixed payment list: append-only. A posted appropriation is final.
        make_append_only("capital_dividendline"),
        migrations.RunPython(posted_is_final, posted_is_final_undo),
    ]
