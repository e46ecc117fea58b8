"""A funder's report out of Tomoni: PDF (Japanese CID fonts, no font file) and Excel, with a chart each.

Every value a person typed (a programme's, a funder's or a cohort's name) is escaped for reportlab's
markup in the PDF and made formula-safe in Excel: a cell starting with =, +, -, @, a tab or a carriage
return is written as text with a leading apostrophe, so opening the file never runs it.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from xml.sax.saxutils import escape

from django.utils import formats
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

from tomoni.core.money import format_yen
from tomoni.core.pdf import GOTHIC, MINCHO, a4_document, body_style, heading_style, paragraph_text
from tomoni.inclusion import rules
from tomoni.inclusion.impact import STEP_LABELS, STEP_NAMES, FunderReport
from tomoni.inclusion.selectors import Disclosure

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(value: object) -> object:
    """A text cell that Excel would read as a formula, as plain text instead."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _period(report: FunderReport) -> str:
    agreement = report.agreement
    return _("%(start)s to %(end)s") % {
        "start": formats.date_format(agreement.starts_on, "DATE_FORMAT"),
        "end": formats.date_format(agreement.ends_on, "DATE_FORMAT"),
    }


def _target_rows(report: FunderReport) -> list[list[str]]:
    rows = [[_("Target"), _("Agreed"), _("Achieved")]]
    for target in report.targets:
        achieved = rules.SUPPRESSED if target.achieved is None else f"{target.achieved:,}"
        rows.append([str(STEP_LABELS[target.step]), f"{target.target:,}", achieved])
    return rows


def _chart(report: FunderReport) -> Drawing:
    drawing = Drawing(170 * mm, 60 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 15 * mm, 10 * mm, 145 * mm, 45 * mm
    chart.data = [
        [t.target for t in report.targets],
        [t.achieved or 0 for t in report.targets],
    ]
    chart.categoryAxis.categoryNames = [str(STEP_LABELS[t.step]) for t in report.targets]
    chart.categoryAxis.labels.fontName = MINCHO
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = colors.HexColor("#8899aa")
    chart.bars[1].fillColor = colors.HexColor("#1f5f8b")
    drawing.add(chart)
    return drawing


def funder_pdf(report: FunderReport, *, coop_name: str) -> bytes:
    """The funder's report (実績報告書): the agreement, targets against achievements, a chart, and cohorts."""
    agreement = report.agreement
    buffer = io.BytesIO()
    document = a4_document(buffer, title=_("Report to the funder"), author=coop_name, wide=True)
    heading = heading_style(16, 22, 6)
    body = body_style(10, 15)
    story = [
        Paragraph(escape(_("Report to the funder")), heading),
        Paragraph(escape(f"{agreement.funder.name} / {agreement.programme.name}"), body),
        Paragraph(
            escape(
                _("%(coop)s. Agreement %(reference)s, %(period)s, %(amount)s. Figures as of %(day)s.")
                % {
                    "coop": coop_name,
                    "reference": agreement.reference or "-",
                    "period": _period(report),
                    "amount": format_yen(agreement.amount_yen),
                    "day": formats.date_format(report.impact.as_of, "DATE_FORMAT"),
                }
            ),
            body,
        ),
        Paragraph(
            escape(
                _(
                    "Only people who consented to sharing with the funder are counted. "
                    "Groups of fewer than 5 people show “—”."
                )
            ),
            body,
        ),
        Spacer(1, 4 * mm),
        _table(_target_rows(report), widths=[70 * mm, 30 * mm, 30 * mm]),
        Spacer(1, 4 * mm),
        _chart(report),
        Spacer(1, 4 * mm),
    ]
    rows = [[_("Cohort"), *[str(STEP_LABELS[s]) for s in STEP_NAMES]]]
    for row in report.impact.rows:
        rows.append([row.label, *row.cells])
    rows.append([_("Total"), *report.impact.total.cells])
    story.append(_table(rows, widths=[52 * mm] + [23 * mm] * len(STEP_NAMES), repeat=True))
    document.build(story)
    return buffer.getvalue()


def _table(rows: list[list[str]], *, widths: list[float], repeat: bool = False) -> Table:
    style = ParagraphStyle("cell", fontName=MINCHO, fontSize=8, leading=10)
    cells = [[Paragraph(escape(c), style) for c in row] for row in rows]
    table = Table(cells, colWidths=widths, repeatRows=1 if repeat else 0)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef4")),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#8899aa")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def funder_xlsx(report: FunderReport, *, coop_name: str) -> bytes:
    """The funder's report as an Excel workbook: targets with a chart, and the cohorts."""
    agreement = report.agreement
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    targets_sheet: Worksheet = sheet
    sheet.title = _("Targets")
    for line in (
        [_("Report to the funder")],
        [formula_safe(coop_name)],
        [formula_safe(agreement.funder.name), formula_safe(agreement.programme.name)],
        [_("Period"), _period(report)],
        [_("Amount (yen)"), agreement.amount_yen],
        [_("Figures as of"), report.impact.as_of],
        [],
    ):
        sheet.append(line)
    sheet["A1"].font = Font(bold=True, size=14)
    header = sheet.max_row + 1
    for row in _target_rows(report):
        # Suppressed counts stay as "—" text: a chart then shows no bar rather than a number.
        sheet.append([formula_safe(c) if not c.replace(",", "").isdigit() else int(c.replace(",", "")) for c in row])
    chart = BarChart()
    chart.title = _("Targets and achievements")
    data = Reference(sheet, min_col=2, max_col=3, min_row=header, max_row=header + len(report.targets))
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=header + 1, max_row=header + len(report.targets)))
    targets_sheet.add_chart(chart, f"E{header}")
    sheet.column_dimensions["A"].width = 28
    cohorts = book.create_sheet(_("Cohorts"))
    cohorts.append([_("Cohort"), *[str(STEP_LABELS[s]) for s in STEP_NAMES]])
    for impact_row in [*report.impact.rows, report.impact.total]:
        label = impact_row.label if impact_row.key is not None else _("Total")
        values = [impact_row.value(s) for s in STEP_NAMES]
        cohorts.append([formula_safe(label), *[rules.SUPPRESSED if v is None else v for v in values]])
    for cell in cohorts[1]:
        cell.font = Font(bold=True)
    cohorts.column_dimensions["A"].width = 28
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# A participant's disclosure request (APPI Art 33): everything kept about them, as JSON and as PDF ----------


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def disclosure_data(disclosure: Disclosure) -> dict[str, Any]:
    """The participant's own data as plain JSON values: the register side, consents, the special-care
    records (assessment, plans with goals and reviews, session notes), training, certificates, placements,
    outcomes and follow-ups. Dates are ISO 8601, time whole minutes."""
    case = disclosure.case
    participant = case.participant
    person = participant.person
    assert person is not None
    return {
        "asked_at": disclosure.asked_at.isoformat(),
        "coop": participant.coop.name,
        "person": {
            "family_name": person.family_name,
            "given_name": person.given_name,
            "family_name_kana": person.family_name_kana,
            "given_name_kana": person.given_name_kana,
            "birth_date": _day(person.birth_date),
        },
        "participation": {
            "programme": participant.programme.name,
            "centre": participant.centre.name,
            "cohort": participant.cohort.name if participant.cohort else None,
            "referral_source": participant.referral_source,
            **{name: _day(getattr(participant, name)) for name in MILESTONES},
            "in_work_6m": participant.in_work_6m,
            "in_work_12m": participant.in_work_12m,
        },
        "hours": {
            "credited_minutes": case.hours.credited_minutes,
            "required_minutes": case.hours.required_minutes,
            "completed": case.hours.completed,
        },
        "consents": [
            {
                "purpose": c.purpose,
                "scope": c.scope,
                "given_on": _day(c.given_on),
                "expires_on": _day(c.expires_on),
                "withdrawn_on": _day(c.withdrawn_on),
            }
            for c in case.consents
        ],
        "assessments": [{"assessed_on": _day(a.assessed_on), **payload} for a, payload in case.assessments],
        "plans": [
            {
                "version": plan.plan.version,
                "status": plan.plan.status,
                "drawn_up_on": _day(plan.plan.drawn_up_on),
                "agreed_at": plan.plan.agreed_at.isoformat() if plan.plan.agreed_at else None,
                "next_review_on": _day(plan.plan.next_review_on),
                "wishes": plan.wishes,
                "family_wishes": plan.family_wishes,
                "issues": plan.issues,
                "goals": [
                    {
                        "term": goal.goal.term,
                        "target_on": _day(goal.goal.target_on),
                        "goal": goal.text,
                        "support": goal.support,
                        "supporter": goal.supporter,
                        "progress": [
                            {"reviewed_on": _day(day), "rating": rating, "note": note}
                            for day, rating, note in goal.progress
                        ],
                    }
                    for goal in plan.goals
                ],
                "reviews": [{"reviewed_on": _day(r.reviewed_on), "summary": summary} for r, summary in plan.reviews],
            }
            for plan in case.plans
        ],
        "support_sessions": [
            {
                "on_date": _day(s.on_date),
                "starts_at": s.starts_at.strftime("%H:%M") if s.starts_at else None,
                "status": s.status,
                "note": note,
            }
            for s, note in case.sessions
        ],
        "training_attendance": [
            {
                "on_date": _day(a.session.on_date),
                "unit": a.session.unit.name,
                "session_minutes": a.session.length_minutes,
                "attended_minutes": a.attended_minutes,
            }
            for a in disclosure.attendance
        ],
        "certificates": [
            {"name": c.name, "number": c.number, "issued_on": _day(c.issued_on)} for c in case.certificates
        ],
        "placements": [
            {
                "centre": p.centre.name,
                "mentor": p.mentor.full_name,
                "starts_on": _day(p.starts_on),
                "ends_on": _day(p.ends_on),
            }
            for p in case.placements
        ],
        "outcomes": [{"kind": o.kind, "on_date": _day(o.on_date), "employer": o.employer} for o in disclosure.outcomes],
        "follow_ups": [
            {"months": f.months, "due_on": _day(f.due_on), "done_on": _day(f.done_on), "in_work": f.in_work}
            for f in case.follow_ups
        ],
        "caseworkers": [c.user.get_full_name() or c.user.username for c in case.caseworkers],
    }


MILESTONES = (
    "referred_on",
    "started_on",
    "completed_on",
    "certified_on",
    "placed_on",
    "employed_on",
    "member_on",
    "left_on",
    "closed_on",
)


def _label(model: type[Any], name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def disclosure_pdf(disclosure: Disclosure) -> bytes:
    """The disclosure as a PDF (本人開示): every value escaped for reportlab's markup, in Japanese CID fonts."""
    from tomoni.inclusion.models import Participant

    case = disclosure.case
    participant = case.participant
    person = participant.person
    assert person is not None
    coop_name = participant.coop.name
    buffer = io.BytesIO()
    document = a4_document(buffer, title=_("Your data kept by %(coop)s") % {"coop": coop_name}, author=coop_name)
    heading = heading_style(16, 22, 6)
    section = ParagraphStyle("section", fontName=GOTHIC, fontSize=12, leading=18, spaceBefore=8, spaceAfter=4)
    body = body_style(10, 15)

    def para(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(paragraph_text(text), style)

    def day(value: dt.date | None) -> str:
        return formats.date_format(value, "DATE_FORMAT") if value is not None else "-"

    def table(rows: list[list[str]], widths: list[float]) -> Table:
        return _table(rows, widths=widths, repeat=True) if len(rows) > 1 else Table([[para("-")]])

    story: list[Any] = [
        para(_("Your data kept by %(coop)s") % {"coop": coop_name}, heading),
        para(
            _("%(name)s (%(kana)s). Disclosed on %(day)s, at your request (APPI Article 33).")
            % {
                "name": person.full_name,
                "kana": f"{person.family_name_kana} {person.given_name_kana}".strip() or "-",
                "day": formats.date_format(disclosure.asked_at.date(), "DATE_FORMAT"),
            }
        ),
        para(_("Programme") + ": " + f"{participant.programme.name} — {participant.centre.name}"),
        para(_("Your path"), section),
        table(
            [[_("Step"), _("Date")]]
            + [[_label(Participant, name), day(getattr(participant, name))] for name in MILESTONES],
            [80 * mm, 60 * mm],
        ),
        para(
            _("Training: %(done)s of %(need)s minutes done.")
            % {"done": case.hours.credited_minutes, "need": case.hours.required_minutes}
        ),
        para(_("Consents"), section),
        table(
            [[_("Purpose"), _("Given on"), _("Withdrawn on")]]
            + [[c.get_purpose_display(), day(c.given_on), day(c.withdrawn_on)] for c in case.consents],
            [80 * mm, 40 * mm, 40 * mm],
        ),
        para(_("Assessment"), section),
    ]
    for assessment, payload in case.assessments:
        story.append(para(_("Assessed on") + ": " + day(assessment.assessed_on)))
        for key, label in (
            ("strengths", _("Strengths")),
            ("needs", _("Needs")),
            ("health", _("Health")),
            ("disability", _("Disability")),
        ):
            story.append(para(f"{label}: {payload.get(key) or '-'}"))
    story.append(para(_("Support plans"), section))
    for plan in case.plans:
        story.append(
            para(
                _("Version %(version)s (%(status)s), drawn up on %(day)s")
                % {
                    "version": plan.plan.version,
                    "status": plan.plan.get_status_display(),
                    "day": day(plan.plan.drawn_up_on),
                }
            )
        )
        story.append(para(_("Wishes") + ": " + (plan.wishes or "-")))
        story.append(para(_("Family's wishes") + ": " + (plan.family_wishes or "-")))
        story.append(para(_("Issues") + ": " + (plan.issues or "-")))
        for goal in plan.goals:
            story.append(
                para(
                    f"{goal.goal.get_term_display()} ({day(goal.goal.target_on)}): {goal.text}"
                    f" — {goal.support or '-'} ({goal.supporter or '-'})"
                )
            )
            for reviewed_on, rating, note in goal.progress:
                story.append(para(f"  {day(reviewed_on)}: {rating} {note}"))
        for review, summary in plan.reviews:
            story.append(para(_("Review of %(day)s") % {"day": day(review.reviewed_on)} + ": " + (summary or "-")))
    story += [
        para(_("Support sessions"), section),
        table(
            [[_("Date"), _("Status"), _("Note")]]
            + [[day(s.on_date), s.get_status_display(), note or "-"] for s, note in case.sessions],
            [30 * mm, 30 * mm, 120 * mm],
        ),
        para(_("Training attendance"), section),
        table(
            [[_("Date"), _("Curriculum unit"), _("Minutes attended")]]
            + [
                [day(a.session.on_date), a.session.unit.name, f"{a.attended_minutes} / {a.session.length_minutes}"]
                for a in disclosure.attendance
            ],
            [30 * mm, 90 * mm, 40 * mm],
        ),
        para(_("Certificates"), section),
        table(
            [[_("Certificate"), _("Number"), _("Issued on")]]
            + [[c.name, c.number, day(c.issued_on)] for c in case.certificates],
            [90 * mm, 40 * mm, 40 * mm],
        ),
        para(_("Placements"), section),
        table(
            [[_("Centre"), _("Mentor"), _("Starts on")]]
            + [[p.centre.name, p.mentor.full_name, day(p.starts_on)] for p in case.placements],
            [70 * mm, 60 * mm, 40 * mm],
        ),
        para(_("Outcomes and follow-ups"), section),
        table(
            [[_("Outcome"), _("Date"), _("Employer")]]
            + [[o.get_kind_display(), day(o.on_date), o.employer or "-"] for o in disclosure.outcomes],
            [70 * mm, 40 * mm, 60 * mm],
        ),
        table(
            [[_("Follow-up"), _("Due on"), _("In work")]]
            + [
                [
                    _("%(months)s months") % {"months": f.months},
                    day(f.due_on),
                    "-" if f.in_work is None else (_("Yes") if f.in_work else _("No")),
                ]
                for f in case.follow_ups
            ],
            [60 * mm, 40 * mm, 40 * mm],
        ),
        para(_("Who supports you"), section),
        para(", ".join(c.user.get_full_name() or c.user.username for c in case.caseworkers) or "-"),
    ]
    document.build(story)
    return buffer.getvalue()
