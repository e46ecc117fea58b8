"""Rules of the books as pure Python: the chart of accounts, balance, the statements' sections, the filing deadline.

No Django import: dates are passed in. Articles are those of the Worker Cooperatives Act (労働者協同組合法,
Act No. 78 of 2020) and its Enforcement Regulations (労働者協同組合法施行規則, 施行規則 below).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

# ===== the chart of accounts ============================================================================

# Sections of the statements. The profit-and-loss sections are those of 施行規則 Art 34 (損益計算書の区分):
# 事業収益, 賦課金等収入, 事業費用, 一般管理費, 事業外収益, 事業外費用, 特別利益, 特別損失; then the
# corporate taxes (法人税等) between the surplus before and after tax. The balance-sheet sections follow the
# 貸借対照表 of 施行規則 Arts 28-33: assets, liabilities and net assets (純資産: 組合員資本).
ASSET_SECTIONS = ("current_assets", "fixed_assets")
LIABILITY_SECTIONS = ("current_liabilities", "long_term_liabilities")
NET_ASSET_SECTIONS = ("capital", "reserves", "retained_surplus")
REVENUE_SECTIONS = ("business_revenue", "levies", "non_operating_revenue", "extraordinary_gains")
EXPENSE_SECTIONS = (
    "business_expenses",
    "general_admin",
    "non_operating_expenses",
    "extraordinary_losses",
    "income_taxes",
)
PL_SECTIONS = (
    "business_revenue",  # 事業収益 (Art 34)
    "levies",  # 賦課金等収入 (Art 34)
    "business_expenses",  # 事業費用 (Art 34)
    "general_admin",  # 一般管理費 (Art 34)
    "non_operating_revenue",  # 事業外収益 (Art 34)
    "non_operating_expenses",  # 事業外費用 (Art 34)
    "extraordinary_gains",  # 特別利益 (Art 34)
    "extraordinary_losses",  # 特別損失 (Art 34)
    "income_taxes",  # 法人税、住民税及び事業税
)
BS_SECTIONS = ASSET_SECTIONS + LIABILITY_SECTIONS + NET_ASSET_SECTIONS
SECTIONS = BS_SECTIONS + PL_SECTIONS

SECTION_NAMES_JA = {
    "current_assets": "流動資産",
    "fixed_assets": "固定資産",
    "current_liabilities": "流動負債",
    "long_term_liabilities": "固定負債",
    "capital": "出資金",
    "reserves": "剰余金(積立金)",
    "retained_surplus": "剰余金(繰越剰余金)",
    "business_revenue": "事業収益",
    "levies": "賦課金等収入",
    "business_expenses": "事業費用",
    "general_admin": "一般管理費",
    "non_operating_revenue": "事業外収益",
    "non_operating_expenses": "事業外費用",
    "extraordinary_gains": "特別利益",
    "extraordinary_losses": "特別損失",
    "income_taxes": "法人税、住民税及び事業税",
}


def debit_normal(section: str) -> bool:
    """Whether an account of this section grows by debits (assets, expenses) rather than credits."""
    if section not in SECTIONS:
        raise ValueError(f"unknown section {section!r}")
    return section in ASSET_SECTIONS or section in EXPENSE_SECTIONS


@dataclass(frozen=True)
class StandardAccount:
    code: str
    name: str  # Japanese, as the statements print it
    name_en: str
    section: str
    contra: bool = False  # grows against its section's side (accumulated depreciation)


# The standard chart of a worker coop: what each coop starts with (officers may add accounts).
# Codes: 1 assets, 2 liabilities, 3 net assets, 4 revenue, 5 business expenses, 6 general and admin,
# 7 non-operating, 8 extraordinary, 9 taxes. Revenue accounts by business line (事業種別), so the
# business report (施行規則 Art 47) can say what each main line earned.
STANDARD_CHART: tuple[StandardAccount, ...] = (
    StandardAccount("1110", "現金", "Cash", "current_assets"),
    StandardAccount("1120", "普通預金", "Bank deposits", "current_assets"),
    StandardAccount("1130", "事業未収金", "Business receivables", "current_assets"),
    StandardAccount("1140", "棚卸資産", "Inventories", "current_assets"),
    StandardAccount("1150", "前払費用", "Prepaid expenses", "current_assets"),
    StandardAccount("1160", "未収出資金", "Capital receivable", "current_assets"),
    StandardAccount("1210", "建物", "Buildings", "fixed_assets"),
    StandardAccount("1220", "機械装置", "Machinery", "fixed_assets"),
    StandardAccount("1230", "車両運搬具", "Vehicles", "fixed_assets"),
    StandardAccount("1240", "減価償却累計額", "Accumulated depreciation", "fixed_assets", contra=True),
    StandardAccount("1250", "差入保証金", "Deposits paid", "fixed_assets"),
    StandardAccount("2110", "事業未払金", "Business payables", "current_liabilities"),
    StandardAccount("2120", "未払費用", "Accrued expenses", "current_liabilities"),
    StandardAccount("2130", "預り金", "Withholdings", "current_liabilities"),
    StandardAccount("2140", "未払法人税等", "Corporate taxes payable", "current_liabilities"),
    StandardAccount("2150", "未払消費税等", "Consumption tax payable", "current_liabilities"),
    StandardAccount("2160", "未払従事分量配当金", "Work-engaged dividend payable", "current_liabilities"),
    StandardAccount("2170", "短期借入金", "Short-term loans", "current_liabilities"),
    StandardAccount("2210", "長期借入金", "Long-term loans", "long_term_liabilities"),
    StandardAccount("2220", "退職給付引当金", "Retirement benefit provision", "long_term_liabilities"),
    StandardAccount("3110", "出資金", "Members' capital", "capital"),
    StandardAccount("3210", "利益準備金", "Reserve fund", "reserves"),
    StandardAccount("3220", "就労創出等積立金", "Job-creation reserve", "reserves"),
    StandardAccount("3230", "教育繰越金", "Education carry-forward", "reserves"),
    StandardAccount("3240", "組合積立金", "Voluntary reserve", "reserves"),
    StandardAccount("3310", "繰越剰余金", "Surplus carried forward", "retained_surplus"),
    StandardAccount("4110", "介護事業収益", "Elderly care revenue", "business_revenue"),
    StandardAccount("4120", "子育て支援事業収益", "Childcare revenue", "business_revenue"),
    StandardAccount("4130", "障害福祉事業収益", "Disability support revenue", "business_revenue"),
    StandardAccount("4140", "若者・困窮者支援事業収益", "Youth and needy support revenue", "business_revenue"),
    StandardAccount("4150", "公共施設管理事業収益", "Public facility management revenue", "business_revenue"),
    StandardAccount("4160", "清掃・建物管理事業収益", "Cleaning and maintenance revenue", "business_revenue"),
    StandardAccount("4170", "BDF事業収益", "Biodiesel revenue", "business_revenue"),
    StandardAccount("4180", "林業・農業事業収益", "Forestry and agriculture revenue", "business_revenue"),
    StandardAccount("4190", "その他事業収益", "Other business revenue", "business_revenue"),
    StandardAccount("4510", "賦課金収入", "Levies", "levies"),
    StandardAccount("5110", "従事者給与", "Members' wages", "business_expenses"),
    StandardAccount("5120", "法定福利費", "Statutory welfare", "business_expenses"),
    StandardAccount("5130", "材料・消耗品費", "Materials and supplies", "business_expenses"),
    StandardAccount("5140", "外注費", "Subcontracting", "business_expenses"),
    StandardAccount("5150", "車両・燃料費", "Vehicles and fuel", "business_expenses"),
    StandardAccount("5160", "地代家賃", "Rent", "business_expenses"),
    StandardAccount("5170", "減価償却費", "Depreciation", "business_expenses"),
    StandardAccount("6110", "役員報酬", "Officers' remuneration", "general_admin"),
    StandardAccount("6120", "事務局給与", "Office salaries", "general_admin"),
    StandardAccount("6130", "通信費", "Communications", "general_admin"),
    StandardAccount("6140", "租税公課", "Taxes and dues", "general_admin"),
    StandardAccount("6150", "教育研修費", "Education and training", "general_admin"),
    StandardAccount("6160", "支払手数料", "Fees", "general_admin"),
    StandardAccount("6190", "雑費", "Sundry expenses", "general_admin"),
    StandardAccount("7110", "受取利息", "Interest received", "non_operating_revenue"),
    StandardAccount("7120", "助成金収入", "Grants", "non_operating_revenue"),
    StandardAccount("7190", "雑収入", "Sundry income", "non_operating_revenue"),
    StandardAccount("7510", "支払利息", "Interest paid", "non_operating_expenses"),
    StandardAccount("7590", "雑損失", "Sundry losses", "non_operating_expenses"),
    StandardAccount("8110", "固定資産売却益", "Gain on sale of fixed assets", "extraordinary_gains"),
    StandardAccount("8510", "固定資産除却損", "Loss on disposal of fixed assets", "extraordinary_losses"),
    StandardAccount("9110", "法人税、住民税及び事業税", "Corporate taxes", "income_taxes"),
)

# The revenue account of each business line (federation.BusinessLine.code), for records and the replica.
REVENUE_ACCOUNT_OF_LINE = {
    "elderly-care": "4110",
    "children-parents": "4120",
    "disability-support": "4130",
    "youth-support": "4140",
    "needy-support": "4140",
    "public-facilities": "4150",
    "building-maintenance": "4160",
    "clean-energy": "4170",
    "forestry-agriculture": "4180",
}
OTHER_REVENUE_ACCOUNT = "4190"
SURPLUS_ACCOUNT = "3310"


# ===== entries ==========================================================================================


class Unbalanced(ValueError):
    """An entry whose debits and credits differ, or with fewer than two lines, or a line on both sides."""


@dataclass(frozen=True)
class Line:
    account: str
    department: str
    debit_yen: int = 0
    credit_yen: int = 0


def check_balanced(lines: Sequence[Line]) -> int:
    """The entry's total if it balances (at least two lines, each on one side, debits = credits); else Unbalanced.

    Double entry: every entry moves equal amounts on both sides. The database checks the same again.
    """
    if len(lines) < 2:
        raise Unbalanced("too_few_lines")
    for line in lines:
        if isinstance(line.debit_yen, bool) or isinstance(line.credit_yen, bool):
            raise Unbalanced("not_yen")
        if not isinstance(line.debit_yen, int) or not isinstance(line.credit_yen, int):
            raise Unbalanced("not_yen")
        if line.debit_yen < 0 or line.credit_yen < 0 or (line.debit_yen > 0) == (line.credit_yen > 0):
            raise Unbalanced("one_side")
    debits = sum(line.debit_yen for line in lines)
    credits = sum(line.credit_yen for line in lines)
    if debits != credits:
        raise Unbalanced("unequal")
    return debits


def reversed_lines(lines: Iterable[Line]) -> list[Line]:
    """The lines of a reversing entry: each side swapped, so the two entries sum to nothing."""
    return [Line(ln.account, ln.department, debit_yen=ln.credit_yen, credit_yen=ln.debit_yen) for ln in lines]


def period_of(day: dt.date) -> int:
    """The accounting month of a day as yyyymm: 2015-04-30 → 201504."""
    return day.year * 100 + day.month


def fiscal_year_of_period(period: int) -> int:
    """The fiscal year (April to March) of a yyyymm period: 201603 → 2015."""
    year, month = divmod(period, 100)
    return year if month >= 4 else year - 1


def periods_of_fiscal_year(fiscal_year: int) -> list[int]:
    """The twelve periods of a fiscal year, April first."""
    return [fiscal_year * 100 + m for m in range(4, 13)] + [(fiscal_year + 1) * 100 + m for m in range(1, 4)]


# ===== statements =======================================================================================


def signed_balance(section: str, debit_yen: int, credit_yen: int) -> int:
    """An account's balance on its normal side: debits less credits for assets and expenses, else the reverse."""
    return debit_yen - credit_yen if debit_normal(section) else credit_yen - debit_yen


@dataclass(frozen=True)
class ProfitAndLoss:
    """The 損益計算書 in the steps of 施行規則 Art 34, each a sum of the sections before it."""

    sections: Mapping[str, int]
    business_revenue_yen: int  # 事業収益
    levies_yen: int  # 賦課金等収入
    business_expenses_yen: int  # 事業費用
    gross_surplus_yen: int  # 事業総剰余金 = 事業収益 + 賦課金等収入 - 事業費用
    general_admin_yen: int  # 一般管理費
    operating_surplus_yen: int  # 事業剰余金
    non_operating_revenue_yen: int
    non_operating_expenses_yen: int
    ordinary_surplus_yen: int  # 経常剰余金
    extraordinary_gains_yen: int
    extraordinary_losses_yen: int
    pre_tax_surplus_yen: int  # 税引前当期剰余金
    income_taxes_yen: int
    surplus_yen: int  # 当期剰余金 (negative: 当期損失)


def profit_and_loss(by_section: Mapping[str, int]) -> ProfitAndLoss:
    """The P&L from each section's balance on its normal side (施行規則 Art 34)."""
    s = {section: int(by_section.get(section, 0)) for section in PL_SECTIONS}
    gross = s["business_revenue"] + s["levies"] - s["business_expenses"]
    operating = gross - s["general_admin"]
    ordinary = operating + s["non_operating_revenue"] - s["non_operating_expenses"]
    pre_tax = ordinary + s["extraordinary_gains"] - s["extraordinary_losses"]
    return ProfitAndLoss(
        sections=s,
        business_revenue_yen=s["business_revenue"],
        levies_yen=s["levies"],
        business_expenses_yen=s["business_expenses"],
        gross_surplus_yen=gross,
        general_admin_yen=s["general_admin"],
        operating_surplus_yen=operating,
        non_operating_revenue_yen=s["non_operating_revenue"],
        non_operating_expenses_yen=s["non_operating_expenses"],
        ordinary_surplus_yen=ordinary,
        extraordinary_gains_yen=s["extraordinary_gains"],
        extraordinary_losses_yen=s["extraordinary_losses"],
        pre_tax_surplus_yen=pre_tax,
        income_taxes_yen=s["income_taxes"],
        surplus_yen=pre_tax - s["income_taxes"],
    )


def surplus_from_sections(by_section: Mapping[str, int]) -> int:
    """The year's surplus: revenue sections less expense sections, each on its normal side."""
    return sum(int(by_section.get(s, 0)) for s in REVENUE_SECTIONS) - sum(
        int(by_section.get(s, 0)) for s in EXPENSE_SECTIONS
    )


@dataclass(frozen=True)
class BalanceSheet:
    """The 貸借対照表 at a year end: assets = liabilities + net assets, the year's surplus within net assets."""

    sections: Mapping[str, int]
    assets_yen: int
    liabilities_yen: int
    net_assets_yen: int  # capital, reserves, surplus carried forward and the year's surplus not yet closed
    unappropriated_surplus_yen: int  # 当期未処分剰余金: carried forward plus the year's surplus

    @property
    def balances(self) -> bool:
        return self.assets_yen == self.liabilities_yen + self.net_assets_yen


def balance_sheet(by_section: Mapping[str, int], year_surplus_yen: int) -> BalanceSheet:
    """The balance sheet from cumulative section balances and the year's surplus not yet closed to net assets."""
    s = {section: int(by_section.get(section, 0)) for section in BS_SECTIONS}
    assets = sum(s[x] for x in ASSET_SECTIONS)
    liabilities = sum(s[x] for x in LIABILITY_SECTIONS)
    net = sum(s[x] for x in NET_ASSET_SECTIONS) + year_surplus_yen
    return BalanceSheet(
        sections=s,
        assets_yen=assets,
        liabilities_yen=liabilities,
        net_assets_yen=net,
        unappropriated_surplus_yen=s["retained_surplus"] + year_surplus_yen,
    )


# ===== budgets ==========================================================================================


def split_evenly(total_yen: int, parts: int = 12) -> list[int]:
    """A yearly amount over months in whole yen; the leftover yen go to the first months so parts sum to the whole."""
    if parts <= 0:
        raise ValueError("parts must be positive")
    base, rest = divmod(total_yen, parts)
    return [base + (1 if i < rest else 0) for i in range(parts)]


# ===== year end and the filing ==========================================================================

# Art 124: a coop files its year-end documents with the administrative agency within two weeks after
# the ordinary general meeting (通常総会の終結の日から二週間以内).
FILING_WEEKS = 2


def filing_due_on(meeting_held_on: dt.date) -> dt.date:
    """The last day to file under Art 124: two weeks after the day the ordinary general meeting ended."""
    return meeting_held_on + dt.timedelta(weeks=FILING_WEEKS)


def filing_reminder_due(*, due_on: dt.date, today: dt.date, filed: bool) -> str | None:
    """What a reminder says about the filing today: 'overdue', 'due_soon' (7 days or fewer), or None."""
    if filed:
        return None
    if today > due_on:
        return "overdue"
    if (due_on - today).days <= 7:
        return "due_soon"
    return None


def filing_authority(is_federation: bool) -> str:
    """Who receives the filing (Art 124, Art 132): a coop's prefectural governor; a federation's the MHLW minister."""
    return "minister" if is_federation else "governor"


def retention_until(fiscal_year: int, years: int = 10) -> dt.date:
    """Keep the year-end documents for ten years from the year's end (Art 51(4))."""
    return dt.date(fiscal_year + 1 + years, 3, 31)


# A day's count of visits, jobs or facility days from one centre; more is a typing slip.
MAX_RECORD_COUNT = 10_000


def litres_from_quantity(quantity: Decimal, *, timber: bool) -> int:
    """Whole litres from what the phone form says: litres, or m³ of timber (1 m³ = 1,000 L, to the litre).

    Raises ValueError when the quantity is negative or not whole litres.
    """
    litres = quantity * 1000 if timber else quantity
    if litres < 0 or litres != litres.to_integral_value():
        raise ValueError(quantity)
    return int(litres)
