"""The year-end documents of Art 51(2), drawn from the records, as PDF and as Excel.

貸借対照表 and 損益計算書 (施行規則 Art 34) from the monthly summaries; 剰余金処分案 or 損失処理案 with the
lines of 施行規則 Art 43 from the capital context's appropriation (read only); 事業報告書 (施行規則 Arts
47-48): the business by main line, the organisation (members, officers, meetings), other matters; and the
附属明細書 (each centre's profit and loss, capital and reserves). The PDF uses reportlab's built-in
Japanese CID fonts and escapes every text; the Excel file writes numbers as numbers and text as text,
never as a formula.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from django.db.models import Count, Q, Sum
from django.utils import translation
from django.utils.translation import gettext as _

from tomoni.core.money import format_yen
from tomoni.federation.models import Coop, open_on
from tomoni.members.models import DIRECTOR_ROLES, Membership, OfficerRole, OfficerTerm
from tomoni.operations import rules, selectors
from tomoni.operations.exports import safe
from tomoni.operations.models import Contract, ProductionLog, ServiceRecord, YearEnd

Lines = list[tuple[str, int | None]]  # a label and an amount (None: a heading)


@dataclass
class Document:
    """One document of the set: a title and its rows (label, amount)."""

    key: str
    title: str
    rows: Lines = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    counts: set[str] = field(default_factory=set)  # labels whose amounts are counts, not yen


@dataclass
class YearEndSet:
    coop: Coop
    fiscal_year: int
    statements: selectors.Statements
    documents: list[Document]
    year_end: YearEnd | None


def _balance_sheet(st: selectors.Statements) -> Document:
    doc = Document("balance_sheet", "貸借対照表")
    sections = [
        ("資産の部", rules.ASSET_SECTIONS, st.bs.assets_yen, "資産合計"),
        ("負債の部", rules.LIABILITY_SECTIONS, st.bs.liabilities_yen, "負債合計"),
    ]
    for heading, names, total, total_label in sections:
        doc.rows.append((heading, None))
        for section in names:
            doc.rows.append((rules.SECTION_NAMES_JA[section], st.bs.sections.get(section, 0)))
            doc.rows += [(f"　{a.name}", amount) for a, amount in st.bs_accounts.get(section, [])]
        doc.rows.append((total_label, total))
    doc.rows.append(("純資産の部", None))
    doc.rows.append(("出資金", st.bs.sections.get("capital", 0)))
    doc.rows += [(f"　{a.name}", amount) for a, amount in st.bs_accounts.get("reserves", [])]
    doc.rows.append(("当期未処分剰余金", st.bs.unappropriated_surplus_yen))
    doc.rows.append(("　うち当期剰余金", st.pl.surplus_yen))
    doc.rows.append(("純資産合計", st.bs.net_assets_yen))
    doc.rows.append(("負債及び純資産合計", st.bs.liabilities_yen + st.bs.net_assets_yen))
    return doc


def _profit_and_loss(st: selectors.Statements) -> Document:
    doc = Document("profit_and_loss", "損益計算書")
    pl = st.pl

    def section(key: str) -> None:
        doc.rows.append((rules.SECTION_NAMES_JA[key], pl.sections.get(key, 0)))
        doc.rows.extend((f"　{a.name}", amount) for a, amount in st.pl_accounts.get(key, []))

    for key in ("business_revenue", "levies", "business_expenses"):
        section(key)
    doc.rows.append(("事業総剰余金", pl.gross_surplus_yen))
    section("general_admin")
    doc.rows.append(("事業剰余金", pl.operating_surplus_yen))
    section("non_operating_revenue")
    section("non_operating_expenses")
    doc.rows.append(("経常剰余金", pl.ordinary_surplus_yen))
    section("extraordinary_gains")
    section("extraordinary_losses")
    doc.rows.append(("税引前当期剰余金", pl.pre_tax_surplus_yen))
    section("income_taxes")
    doc.rows.append(("当期剰余金" if pl.surplus_yen >= 0 else "当期損失", pl.surplus_yen))
    return doc


def _appropriation(coop: Coop, st: selectors.Statements) -> Document:
    """剰余金処分案 (or 損失処理案) in the lines of 施行規則 Art 43, from the capital context's appropriation."""
    from tomoni.capital.models import Appropriation

    appropriation = Appropriation.objects.filter(coop=coop, fiscal_year=st.fiscal_year).first()
    unappropriated = st.bs.unappropriated_surplus_yen
    if st.pl.surplus_yen < 0 and (appropriation is None or appropriation.surplus_yen < 0):
        doc = Document("appropriation", "損失処理案")
        doc.rows = [
            ("当期未処理損失", -st.pl.surplus_yen),
            ("損失てん補取崩額", appropriation.loss_covered_yen if appropriation else 0),
            ("次期繰越損失", -unappropriated if unappropriated < 0 else 0),
        ]
        return doc
    doc = Document("appropriation", "剰余金処分案")
    if appropriation is None:
        doc.notes.append(_("The appropriation of this year has not been drafted in the capital pages yet."))
        doc.rows = [("当期未処分剰余金", unappropriated)]
        return doc
    disposed = (
        appropriation.reserve_fund_yen
        + appropriation.job_creation_yen
        + appropriation.education_yen
        + appropriation.dividend_pool_yen
    )
    doc.rows = [
        ("当期未処分剰余金", unappropriated),
        ("組合積立金取崩額", 0),
        ("剰余金処分額", disposed),
        ("　利益準備金", appropriation.reserve_fund_yen),
        ("　就労創出等積立金", appropriation.job_creation_yen),
        ("　教育繰越金", appropriation.education_yen),
        ("　組合積立金", 0),
        ("　従事分量配当金", appropriation.dividend_pool_yen),
        ("次期繰越剰余金", unappropriated - disposed),
    ]
    doc.notes.append(
        _("Status of the appropriation in the capital ledger: %(status)s.")
        % {"status": appropriation.get_status_display()}
    )
    if appropriation.surplus_yen != st.pl.surplus_yen:
        doc.notes.append(
            _("The appropriation was drafted on a surplus of %(drafted)s; the books now show %(books)s.")
            % {"drafted": format_yen(appropriation.surplus_yen), "books": format_yen(st.pl.surplus_yen)}
        )
    return doc


def _business_report(coop: Coop, st: selectors.Statements) -> Document:
    """事業報告書 (施行規則 Arts 47-48), drawn from the records."""
    fy = st.fiscal_year
    start, end = dt.date(fy, 4, 1), dt.date(fy + 1, 3, 31)
    doc = Document("business_report", "事業報告書")
    doc.rows.append(("1. 事業活動の概況 (主要な事業別の事業収益)", None))
    for account, amount in st.pl_accounts.get("business_revenue", []):
        doc.rows.append((f"　{account.name}", amount))
    doc.rows.append(("事業収益合計", st.pl.business_revenue_yen))
    services = dict(
        ServiceRecord.objects.filter(coop=coop, day__range=(start, end)).values_list("kind").annotate(n=Sum("count"))
    )
    for kind, n in sorted(services.items()):
        doc.notes.append(f"{ServiceRecord(kind=kind).get_kind_display()}: {n:,}")
    litres = dict(
        ProductionLog.objects.filter(coop=coop, day__range=(start, end)).values_list("kind").annotate(n=Sum("litres"))
    )
    for kind, n in sorted(litres.items()):
        doc.notes.append(f"{ProductionLog(kind=kind).get_kind_display()}: {n:,}")
    contracts = Contract.objects.filter(coop=coop, starts_on__lte=end, ends_on__gte=start).aggregate(
        n=Count("pk"), designated=Count("pk", filter=Q(kind="designated_management"))
    )
    doc.rows.append(("2. 運営組織の状況", None))
    members = Membership.objects.filter(coop=coop).filter(open_on(end, "joined_on", "left_on"))
    doc.rows.append(("　組合員数 (期末)", members.count()))
    doc.rows.append(("　うち従事組合員数", members.filter(kind="worker").count()))
    officers = OfficerTerm.objects.filter(coop=coop).filter(open_on(end, "started_on", "ended_on"))
    doc.rows.append(("　理事の数", officers.filter(role__in=DIRECTOR_ROLES).count()))
    doc.rows.append(("　監事の数", officers.filter(role=OfficerRole.AUDITOR).count()))
    doc.rows.append(("　開催した会議の数", _meetings_held(coop, start, end)))
    doc.rows.append(("3. その他の重要な事項", None))
    doc.rows.append(("　期中の契約数", contracts["n"]))
    doc.rows.append(("　うち指定管理", contracts["designated"]))
    doc.counts = {
        label for label, amount in doc.rows[doc.rows.index(("2. 運営組織の状況", None)) :] if amount is not None
    }
    return doc


def _meetings_held(coop: Coop, start: dt.date, end: dt.date) -> int:
    from tomoni.governance.models import Meeting, MeetingStatus  # read only (one-way dependency)

    return Meeting.objects.filter(coop=coop, status=MeetingStatus.CLOSED, starts_at__date__range=(start, end)).count()


def _schedules(coop: Coop, st: selectors.Statements) -> Document:
    """附属明細書: each centre's profit and loss, and the capital and reserves."""
    doc = Document("schedules", "附属明細書")
    doc.rows.append(("1. 事業所別損益明細 (事業収益 / 剰余金)", None))
    for row in selectors.pl_by_department(coop=coop, fiscal_year=st.fiscal_year):
        doc.rows.append((f"　{row.department.name} 事業収益", row.revenue_yen))
        doc.rows.append((f"　{row.department.name} 剰余金", row.surplus_yen))
    doc.rows.append(("2. 出資金及び積立金の明細", None))
    doc.rows.append(("　出資金", st.bs.sections.get("capital", 0)))
    doc.rows += [(f"　{a.name}", amount) for a, amount in st.bs_accounts.get("reserves", [])]
    return doc


def year_end_set(*, coop: Coop, fiscal_year: int) -> YearEndSet:
    """The whole set of the year's documents."""
    st = selectors.statements_of(coop=coop, fiscal_year=fiscal_year)
    documents = [
        _business_report(coop, st),
        _balance_sheet(st),
        _profit_and_loss(st),
        _appropriation(coop, st),
        _schedules(coop, st),
    ]
    return YearEndSet(
        coop=coop,
        fiscal_year=fiscal_year,
        statements=st,
        documents=documents,
        year_end=YearEnd.objects.filter(coop=coop, fiscal_year=fiscal_year).first(),
    )


# ===== PDF =============================================================================================


def _amount(value: int | None, label: str, doc: Document) -> str:
    if value is None:
        return ""
    return f"{value:,}" if label in doc.counts else format_yen(value)


def year_end_pdf(data: YearEndSet, *, cover: str = "") -> bytes:
    """The documents as one PDF (a cover for the Art 124 filing first, when given)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from tomoni.core.pdf import GOTHIC, MINCHO, japanese_fonts

    japanese_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm, bottomMargin=16 * mm,
        title=f"{data.fiscal_year}年度 決算関係書類", author=data.coop.name,
    )  # fmt: skip
    heading = ParagraphStyle("heading", fontName=GOTHIC, fontSize=15, leading=21, spaceAfter=6)
    body = ParagraphStyle("body", fontName=MINCHO, fontSize=9.5, leading=14)
    story: list[object] = []
    if cover:
        for paragraph in cover.split("\n"):
            story.append(Paragraph(escape(paragraph) or "&nbsp;", body))
        story.append(PageBreak())
    period = f"{data.fiscal_year}年4月1日から{data.fiscal_year + 1}年3月31日まで"
    for i, doc in enumerate(data.documents):
        if i:
            story.append(PageBreak())
        story.append(Paragraph(escape(doc.title), heading))
        story.append(Paragraph(escape(f"{data.coop.name}　{period}"), body))
        story.append(Spacer(1, 4 * mm))
        rows = [[Paragraph(escape(label), body), _amount(amount, label, doc)] for label, amount in doc.rows]
        table = Table(rows, colWidths=[120 * mm, 50 * mm])
        table.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), MINCHO),
                    ("FONTSIZE", (0, 0), (-1, -1), 9.5),
                    ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#aabbcc")),
                ]
            )
        )
        story.append(table)
        for note in doc.notes:
            story.append(Paragraph(escape(note), body))
    if data.year_end is not None and data.year_end.audit_opinion:
        story.append(PageBreak())
        story.append(Paragraph("監査報告", heading))
        story.append(Paragraph(escape(data.year_end.audit_opinion), body))
    document.build(story)
    return buffer.getvalue()


# ===== Excel ===========================================================================================


def year_end_xlsx(data: YearEndSet) -> bytes:
    """The documents as one workbook, a sheet each; amounts are numbers, text is never a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for doc in data.documents:
        sheet = workbook.create_sheet(doc.title[:31])
        sheet.append([safe(data.coop.name), f"{data.fiscal_year}年度"])
        sheet.append([doc.title])
        sheet["A2"].font = Font(bold=True)
        for label, amount in doc.rows:
            sheet.append([safe(label), amount])
            if amount is None:
                sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True)
            else:
                sheet.cell(row=sheet.max_row, column=2).number_format = "#,##0"
        for note in doc.notes:
            sheet.append([safe(note)])
        sheet.column_dimensions["A"].width = 48
        sheet.column_dimensions["B"].width = 20
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def filing_authority(coop: Coop) -> str:
    """To whom the Art 124 filing goes, in Japanese (the cover is in the form's words): the governor of the
    coop's prefecture, or the Minister of Health, Labour and Welfare for a federation (Art 124, Art 132)."""
    if rules.filing_authority(coop.kind == "federation") == "minister":
        return "厚生労働大臣"
    with translation.override("ja"):
        return f"{coop.get_prefecture_code_display()}知事"


def filing_cover(*, data: YearEndSet, authority_name: str) -> str:
    """The Art 124 cover letter text (様式第21号 for a coop, 第22号 for a federation, 施行規則 Art 84)."""
    year_end = data.year_end
    held = year_end.meeting_held_on.isoformat() if year_end and year_end.meeting_held_on else "____"
    form = "様式第22号" if data.coop.kind == "federation" else "様式第21号"
    return "\n".join(
        [
            f"{form}（施行規則第84条関係）",
            "決算関係書類提出書",
            f"{authority_name}　殿",
            f"{data.coop.name}",
            f"労働者協同組合法第124条の規定により、{data.fiscal_year}年度の決算関係書類を提出します。",
            f"通常総会の終結の日: {held}",
            "添付書類: 事業報告書、貸借対照表、損益計算書、剰余金処分案（損失処理案）、附属明細書、通常総会の議事録",
            f"通常総会の議事録: {year_end.minutes_reference if year_end else ''}",
        ]
    )
