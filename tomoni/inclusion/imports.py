"""A funder's list of participants, from Excel or CSV, all or nothing, with row errors in the user's language.

The file is read by the shared import framework (tomoni.core.imports: .xlsx, CSV in UTF-8, UTF-8
with a BOM, or cp932 as Japanese Excel writes it). Each row names a person (who is registered with the
coop), the programme, cohort and centre by their codes, who referred them and when, and whether they
consented to sharing with the funder and to statistics. Every row is checked before anything is saved;
`services.participants_import` then records the whole list in one transaction.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tomoni.core import clock
from tomoni.core import imports as frame
from tomoni.core.imports import Cells, Checked, Column, ImportFileError, Table, column_index, read_table
from tomoni.core.models import User
from tomoni.federation.models import Centre, Coop
from tomoni.inclusion.access import writes_centre
from tomoni.inclusion.models import Cohort, Programme, ProgrammeCentre, ReferralSource
from tomoni.members.models import Person

__all__ = ["COLUMNS", "ImportFileError", "ParticipantRow", "check_file", "validate_participants"]

KIND = "inclusion_participants"

COLUMNS: tuple[Column, ...] = (
    Column("family_name", gettext_lazy("Family name"), True, gettext_lazy("Required."), ("姓", "氏")),
    Column("given_name", gettext_lazy("Given name"), True, gettext_lazy("Required."), ("名",)),
    Column("family_name_kana", gettext_lazy("Family name (kana)"), False, gettext_lazy("Optional."), ("セイ",)),
    Column("given_name_kana", gettext_lazy("Given name (kana)"), False, gettext_lazy("Optional."), ("メイ",)),
    Column("birth_date", gettext_lazy("Birth date"), False, gettext_lazy("Optional."), ("生年月日",)),
    Column(
        "programme",
        gettext_lazy("Programme code"),
        True,
        gettext_lazy("Required. The code of a programme of this coop."),
        ("事業コード", "研修コード"),
    ),
    Column("cohort", gettext_lazy("Cohort code"), False, gettext_lazy("Optional. A cohort of the programme."), ("期",)),
    Column(
        "centre",
        gettext_lazy("Centre code"),
        True,
        gettext_lazy("Required. A host centre of the programme."),
        ("事業所コード",),
    ),
    Column(
        "referral_source",
        gettext_lazy("Referred by"),
        True,
        gettext_lazy("Required: Hello Work, Youth Support Station, welfare office, family, self or other."),
        ("紹介元",),
    ),
    Column("referred_on", gettext_lazy("Referred on"), True, gettext_lazy("Required, e.g. 2015-04-01."), ("紹介日",)),
    Column(
        "consent_funder",
        gettext_lazy("Consents to sharing with the funder"),
        False,
        gettext_lazy("Optional: yes or no (はい／いいえ)."),
        ("委託元への提供同意",),
    ),
    Column(
        "consent_statistics",
        gettext_lazy("Consents to statistics"),
        False,
        gettext_lazy("Optional: yes or no (はい／いいえ)."),
        ("統計利用同意",),
    ),
)

YES = {"yes", "y", "1", "true", "はい", "有", "あり", "同意", "○", "〇"}
NO = {"", "no", "n", "0", "false", "いいえ", "無", "なし", "不同意", "×"}


@dataclass(frozen=True)
class ParticipantRow:
    row: int
    family_name: str
    given_name: str
    family_name_kana: str
    given_name_kana: str
    birth_date: dt.date | None
    programme_id: int
    cohort_id: int | None
    centre_id: int
    referral_source: str
    referred_on: dt.date
    consents: tuple[str, ...]


def _source(value: str) -> str | None:
    wanted = unicodedata.normalize("NFKC", value).strip().lower()
    for code, label in ReferralSource.choices:
        if wanted in {code, str(label).lower()}:
            return str(code)
    # The Japanese names offices write, whatever the user's language.
    japanese = {
        "ハローワーク": "hello_work",
        "地域若者サポートステーション": "youth_support_station",
        "サポステ": "youth_support_station",
        "福祉事務所": "welfare_office",
        "家族": "family",
        "本人": "self",
        "その他": "other",
    }
    return japanese.get(wanted)


def _yes_no(cells: Cells, key: str) -> bool:
    value = unicodedata.normalize("NFKC", cells.raw(key)).strip().lower()
    if value in YES:
        return True
    if value not in NO:
        cells.error(key, _("Write yes or no."))
    return False


def validate_participants(*, actor: User | None, coop: Coop, table: Table) -> Checked:
    """Check every row against the coop's programmes and the user's centres; nothing is saved here."""
    if not table.rows:
        raise ImportFileError(_("The file has no rows below its header."))
    index = column_index(table, COLUMNS)
    programmes = {p.code: p for p in Programme.objects.filter(coop=coop)}
    cohorts = {(c.programme_id, c.code): c.pk for c in Cohort.objects.filter(coop=coop)}
    centres = {c.code: c for c in Centre.objects.filter(coop=coop)}
    hosts = set(ProgrammeCentre.objects.filter(coop=coop).values_list("programme_id", "centre_id"))
    writable = {code for code, centre in centres.items() if writes_centre(actor, centre)}
    known = {
        (p.family_name, p.given_name, p.birth_date)
        for p in Person.objects.filter(coop=coop).only("family_name", "given_name", "birth_date")
    }
    today = clock.today()
    checked = Checked(kind=KIND)
    seen: dict[tuple[str, str, dt.date | None, str], int] = {}
    for number, row in table.rows:
        cells = Cells(number, row, index, COLUMNS)
        family = cells.text("family_name", max_length=50, required=True)
        given = cells.text("given_name", max_length=50, required=True)
        family_kana = cells.text("family_name_kana", max_length=50, normalise=True)
        given_kana = cells.text("given_name_kana", max_length=50, normalise=True)
        birth = cells.date("birth_date", not_after=today)
        referred = cells.date("referred_on", required=True, not_after=today)
        programme_code = frame.code(cells, "programme")
        programme = programmes.get(programme_code)
        if programme is None:
            cells.error(
                "programme", _("No programme of this coop has the code %(code)s.") % {"code": programme_code or "-"}
            )
        centre_code = frame.code(cells, "centre")
        centre = centres.get(centre_code)
        if centre is None:
            cells.error("centre", _("No centre of this coop has the code %(code)s.") % {"code": centre_code or "-"})
        elif centre_code not in writable:
            cells.error("centre", _("You may not add participants at the centre %(code)s.") % {"code": centre_code})
        elif programme is not None and (programme.pk, centre.pk) not in hosts:
            cells.error("centre", _("The centre %(code)s does not host this programme.") % {"code": centre_code})
        cohort_id = None
        cohort_code = frame.code(cells, "cohort")
        if cohort_code and programme is not None:
            cohort_id = cohorts.get((programme.pk, cohort_code))
            if cohort_id is None:
                cells.error("cohort", _("The programme has no cohort %(code)s.") % {"code": cohort_code})
        source = _source(cells.raw("referral_source"))
        if source is None:
            cells.error("referral_source", _("Write who referred the person, e.g. Hello Work or self."))
        consents = tuple(
            purpose
            for purpose, key in (("funder", "consent_funder"), ("statistics", "consent_statistics"))
            if _yes_no(cells, key)
        )
        if family and given and programme is not None:
            key = (family, given, birth, programme.code)
            if key in seen:
                cells.error(
                    "family_name",
                    _("%(name)s already appears in row %(row)s.") % {"name": f"{family} {given}", "row": seen[key]},
                )
            elif (family, given, birth) in known and birth is not None:
                cells.error(
                    "family_name",
                    _("%(name)s is already registered with the coop; refer them from their page.")
                    % {"name": f"{family} {given}"},
                )
            else:
                seen[key] = number
        if cells.errors:
            checked.errors.extend(cells.errors)
            continue
        assert programme is not None and centre is not None and referred is not None and source is not None
        checked.rows.append(
            ParticipantRow(
                row=number,
                family_name=family,
                given_name=given,
                family_name_kana=family_kana,
                given_name_kana=given_kana,
                birth_date=birth,
                programme_id=programme.pk,
                cohort_id=cohort_id,
                centre_id=centre.pk,
                referral_source=source,
                referred_on=referred,
                consents=consents,
            )
        )
    return checked


def check_file(*, actor: User | None, coop: Coop, data: bytes, filename: str) -> Checked:
    """Read and check a file; ImportFileError if it cannot be read as a whole."""
    return validate_participants(actor=actor, coop=coop, table=read_table(data, filename))
