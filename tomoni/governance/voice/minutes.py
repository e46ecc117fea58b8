"""The minutes (議事録) drawn from the meeting record, in Japanese, as blocks for the page and the PDF.

A block is a list of strings: ``["title", text]``, ``["heading", text]``, ``["pair", label, value]`` or
``["para", text]``. Blocks are plain data, so signed minutes are stored as they were signed (with the
SHA-256 of their canonical text) and the page and the PDF are both drawn from the same blocks.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tomoni.core.pdf import GOTHIC, MINCHO, japanese_fonts, paragraph_text
from tomoni.governance.meetings.selectors import threshold_text
from tomoni.governance.models import Meeting, MeetingKind, Minutes, Motion, MotionKind, SignatoryRole
from tomoni.governance.voice.selectors import meeting_attendance_figures

Block = list[str]

# Minutes are a legal record kept in Japanese (filed with the governor under Art 124), whatever the reader's language.
MINUTES_LANGUAGE = "ja"


def _when(value: Any) -> str:
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


def _day(value: Any) -> str:
    return date_format(value, "DATE_FORMAT")


def _count(n: int | None) -> str:
    return _("%(n)s people") % {"n": n if n is not None else 0}


def _motion_blocks(motion: Motion) -> list[Block]:
    blocks: list[Block] = [["subheading", _("Motion: %(title)s") % {"title": motion.title}]]
    blocks.append(["pair", _("Kind"), str(MotionKind(motion.kind).label)])
    if motion.body:
        blocks.append(["para", motion.body])
    if motion.passed is None:
        blocks.append(["pair", _("Result"), _("Not yet counted")])
        return blocks
    blocks += [
        ["pair", _("Members entitled to vote"), _count(motion.on_roll_count)],
        ["pair", _("Present (including written and proxy votes)"), _count(motion.present_count)],
    ]
    if motion.kind == MotionKind.ELECTION:
        for candidate in motion.candidates.select_related("person").order_by("order"):
            elected = _("elected") if candidate.elected else _("not elected")
            blocks.append(
                [
                    "pair",
                    candidate.person.full_name,
                    _("%(votes)s votes (%(elected)s)") % {"votes": candidate.votes or 0, "elected": elected},
                ]
            )
    else:
        blocks += [
            ["pair", _("For"), _("%(n)s votes") % {"n": motion.for_count or 0}],
            ["pair", _("Against"), _("%(n)s votes") % {"n": motion.against_count or 0}],
            ["pair", _("Abstaining"), _("%(n)s votes") % {"n": motion.abstain_count or 0}],
            ["pair", _("Present, no ballot cast (not in favour)"), _count(motion.no_ballot_count)],
        ]
    # Stated afresh in the minutes' language from the rule copied onto the motion (not the text stored in
    # whichever language the motion was created in).
    blocks.append(["pair", _("Required"), threshold_text(motion)])
    if motion.quorum_met is False:
        blocks.append(["pair", _("Quorum"), _("Not met")])
    if motion.tie and motion.tie_note:
        blocks.append(["pair", _("Tie"), motion.tie_note])
    verdict = _("Passed") if motion.passed else _("Not passed")
    if motion.kind == MotionKind.ELECTION:
        verdict = _("Elected as above") if motion.passed else _("No one elected")
    blocks.append(["pair", _("Result"), verdict])
    return blocks


def minutes_blocks(*, meeting: Meeting, minutes: Minutes | None) -> list[Block]:
    """The minutes of a meeting as blocks, in Japanese, from the record as it stands now."""
    with translation.override(MINUTES_LANGUAGE):
        return _blocks(meeting, minutes)


def _blocks(meeting: Meeting, minutes: Minutes | None) -> list[Block]:
    coop = meeting.coop
    kind = str(MeetingKind(meeting.kind).label)
    blocks: list[Block] = [["title", _("Minutes of the %(meeting)s") % {"meeting": meeting.title}]]
    blocks.append(["pair", _("Coop"), coop.name])
    if meeting.centre_id is not None:
        blocks.append(["pair", _("Centre"), meeting.centre.name if meeting.centre else ""])
    blocks.append(["pair", _("Kind of meeting"), kind])
    blocks.append(["pair", _("Date and time"), _when(meeting.starts_at)])
    place = meeting.place or ""
    if meeting.online_url:
        place = _("%(place)s (also online)") % {"place": place} if place else _("Online")
    blocks.append(["pair", _("Place"), place or _("Not recorded")])
    if meeting.convened_at:
        blocks.append(["pair", _("Convened on"), _day(timezone.localdate(meeting.convened_at))])
    if meeting.record_date:
        blocks.append(["pair", _("Record date"), _day(meeting.record_date)])

    figures = meeting_attendance_figures(meeting=meeting)
    blocks.append(["heading", _("Attendance")])
    blocks += [
        ["pair", _("Members"), _count(figures.members)],
        ["pair", _("Present in all"), _count(figures.present)],
        ["pair", _("In person"), _count(figures.in_person)],
        ["pair", _("Online"), _count(figures.online)],
        ["pair", _("By written vote"), _count(figures.written)],
        ["pair", _("By proxy"), _count(figures.proxy)],
    ]
    if figures.guests or meeting.kind == MeetingKind.ROUND_TABLE:
        blocks.append(["pair", _("Service users and local residents"), _count(figures.guests)])

    blocks.append(["heading", _("Chair and minute signatories")])
    blocks.append(["pair", _("Chair"), meeting.chair.full_name if meeting.chair else _("Not recorded")])
    takers = [p.full_name for p in meeting.minute_takers.order_by("family_name_kana", "pk")]
    blocks.append(["pair", _("Minute signatories"), "、".join(takers) or _("Not recorded")])

    blocks.append(["heading", _("Agenda and proceedings")])
    motions = list(meeting.motions.order_by("opens_at", "pk"))
    items = list(meeting.agenda_items.order_by("order"))
    if not items and not motions:
        blocks.append(["para", _("No agenda was recorded.")])
    for item in items:
        blocks.append(["subheading", _("Item %(order)s: %(title)s") % {"order": item.order, "title": item.title}])
        if item.body:
            blocks.append(["para", item.body])
        for proposal in item.proposals.select_related("raised_by"):
            blocks.append(["para", _("Proposed by a member (%(name)s).") % {"name": proposal.raised_by.full_name}])
        for motion in motions:
            if motion.agenda_item_id == item.pk:
                blocks += _motion_blocks(motion)
    for motion in motions:
        if motion.agenda_item_id is None:
            blocks += _motion_blocks(motion)

    decisions = list(meeting.decisions.select_related("owner").order_by("pk"))
    blocks.append(["heading", _("Decisions and who carries them out")])
    if not decisions:
        blocks.append(["para", _("No decisions were recorded.")])
    for number, decision in enumerate(decisions, start=1):
        blocks.append(["para", f"{number}. {decision.text}"])
        blocks.append(
            [
                "pair",
                _("Owner and due date"),
                _("%(owner)s, by %(due)s") % {"owner": decision.owner.full_name, "due": _day(decision.due_on)},
            ]
        )

    blocks.append(["heading", _("Questions and discussion")])
    questions = (minutes.questions if minutes else "").strip()
    if questions:
        blocks += [["para", paragraph.strip()] for paragraph in questions.split("\n\n") if paragraph.strip()]
    else:
        blocks.append(["para", _("None recorded.")])

    blocks.append(["heading", _("Signatures")])
    blocks.append(
        ["para", _("To certify the proceedings above, the chair and the minute signatories sign these minutes.")]
    )
    signoffs = list(minutes.signoffs.select_related("person").order_by("role", "pk")) if minutes else []
    for signoff in signoffs:
        role = str(SignatoryRole(signoff.role).label)
        signed = (
            _("Signed on %(when)s") % {"when": _when(signoff.signed_at)} if signoff.signed_at else _("Not yet signed")
        )
        blocks.append(["pair", f"{role} {signoff.person.full_name}", signed])
    return blocks


def minutes_pdf(blocks: Sequence[Sequence[str]], *, title: str) -> bytes:
    """The minutes as a PDF, in the built-in Japanese CID fonts (HeiseiMin-W3, HeiseiKakuGo-W5): no font file."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    japanese_fonts()
    body = ParagraphStyle("body", fontName=MINCHO, fontSize=10.5, leading=16, wordWrap="CJK")
    heading = ParagraphStyle(
        "heading", fontName=GOTHIC, fontSize=12, leading=18, spaceBefore=8, spaceAfter=4, wordWrap="CJK"
    )
    subheading = ParagraphStyle("subheading", parent=heading, fontSize=11, spaceBefore=6)
    title_style = ParagraphStyle(
        "title", fontName="HeiseiKakuGo-W5", fontSize=16, leading=22, alignment=1, spaceAfter=10, wordWrap="CJK"
    )

    def para(text: str, style: ParagraphStyle) -> Paragraph:
        return Paragraph(paragraph_text(text), style)

    story: list[Any] = []
    pairs: list[list[Paragraph]] = []

    def flush() -> None:
        if pairs:
            table = Table(list(pairs), colWidths=[55 * mm, 115 * mm])
            table.setStyle(
                TableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.grey),
                    ]
                )
            )
            story.append(table)
            pairs.clear()

    for block in blocks:
        kind = block[0]
        if kind == "pair":
            pairs.append([para(block[1], body), para(block[2], body)])
            continue
        flush()
        if kind == "title":
            story.append(para(block[1], title_style))
        elif kind == "heading":
            story.append(para(block[1], heading))
        elif kind == "subheading":
            story.append(para(block[1], subheading))
        else:
            story.append(para(block[1], body))
            story.append(Spacer(1, 2 * mm))
    flush()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, title=title, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=20 * mm,
        bottomMargin=20 * mm,
    )  # fmt: skip
    document.build(story)
    return buffer.getvalue()
