"""The words of each rule of the Act as the compliance page shows them, beside the rules (rules.py).

One row per rule code: its title, what the Act asks, the figure in words, the threshold in words
where a ratio's own words do not fit, and the heading of whom a failed rule concerns. A rule added
to rules.py gets its row here; until then the page shows its code and bare figures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise  # dev-only stubs; annotations are not evaluated


@dataclass(frozen=True)
class RuleTexts:
    """How a person reads one rule: what it asks, the figure, the threshold and whom it concerns."""

    title: StrOrPromise
    description: StrOrPromise
    # (numerator, denominator, delegate meeting) → the figure's words, with placeholders n, d, percent.
    figure: Callable[[int, int, bool], str]
    # A count rule's threshold t → its words; None: the ratio's words ("At least 4/5 (80%).").
    threshold: Callable[[int], str] | StrOrPromise | None = None
    concerns: StrOrPromise | None = None  # None: "Whom it concerns"


def _delegate_figure(numerator: int, denominator: int, delegate_meeting: bool) -> str:
    if delegate_meeting:
        return ngettext(
            "%(n)s member; the articles provide for a delegate meeting.",
            "%(n)s members; the articles provide for a delegate meeting.",
            numerator,
        )
    return ngettext(
        "%(n)s member; the co-operative holds general meetings of all members.",
        "%(n)s members; the co-operative holds general meetings of all members.",
        numerator,
    )


RULE_TEXTS: dict[str, RuleTexts] = {
    # Art 8(1)
    "members_engaged": RuleTexts(
        title=_("Members who do the work"),
        description=_("At least four fifths of the members engage in the co-operative's business."),
        figure=lambda n, d, _dm: ngettext(
            "%(n)s of %(d)s member engages in the business (%(percent)s).",
            "%(n)s of %(d)s members engage in the business (%(percent)s).",
            d,
        ),
        concerns=_("Members not engaged in the business"),
    ),
    # Art 8(2)
    "engaged_are_members": RuleTexts(
        title=_("Workers who are members"),
        description=_("At least three quarters of the people engaged in the business are members."),
        figure=lambda n, d, _dm: ngettext(
            "%(n)s of %(d)s person engaged in the business is a member (%(percent)s).",
            "%(n)s of %(d)s people engaged in the business are members (%(percent)s).",
            d,
        ),
        concerns=_("People engaged in the business who are not members"),
    ),
    # Art 20(1)
    "labour_contracts": RuleTexts(
        title=_("Labour contracts"),
        description=_(
            "The co-operative signs a labour contract with every member who works, except the representative "
            "director, full-time directors and auditors."
        ),
        figure=lambda n, d, _dm: ngettext(
            "%(n)s of %(d)s working member has a labour contract (%(percent)s).",
            "%(n)s of %(d)s working members have a labour contract (%(percent)s).",
            d,
        ),
        concerns=_("Working members without a labour contract"),
    ),
    # Art 3(2)(iv)
    "contracted_majority": RuleTexts(
        title=_("Votes of members with a labour contract"),
        description=_(
            "Members with a labour contract hold more than half of the votes. Every member has one vote, "
            "whatever their shares."
        ),
        figure=lambda n, d, _dm: ngettext(
            "%(n)s of %(d)s member has a labour contract (%(percent)s).",
            "%(n)s of %(d)s members have a labour contract (%(percent)s).",
            d,
        ),
        concerns=_("Members without a labour contract"),
    ),
    # Art 32(2)
    "directors": RuleTexts(
        title=_("Number of directors"),
        description=_("The co-operative has at least three directors."),
        figure=lambda n, d, _dm: ngettext("%(n)s director.", "%(n)s directors.", n),
        threshold=lambda t: ngettext("At least %(t)s director.", "At least %(t)s directors.", t),
    ),
    # Art 32(4)
    "directors_are_members": RuleTexts(
        title=_("Directors are members"),
        description=_("Every director is a member of the co-operative."),
        figure=lambda n, d, _dm: ngettext(
            "%(n)s of %(d)s director is a member (%(percent)s).",
            "%(n)s of %(d)s directors are members (%(percent)s).",
            d,
        ),
        concerns=_("Directors who are not members"),
    ),
    # Art 32(3)
    "auditors": RuleTexts(
        title=_("Auditor"),
        description=_("The co-operative has at least one auditor."),
        figure=lambda n, d, _dm: ngettext("%(n)s auditor.", "%(n)s auditors.", n),
        threshold=lambda t: ngettext("At least %(t)s auditor.", "At least %(t)s auditors.", t),
    ),
    # Art 43
    "auditor_independence": RuleTexts(
        title=_("Independent auditors"),
        description=_("No auditor is also a director or an employee (someone with a labour contract)."),
        figure=lambda n, d, _dm: ngettext(
            "%(n)s of %(d)s auditor is also a director or an employee.",
            "%(n)s of %(d)s auditors are also directors or employees.",
            d,
        ),
        threshold=_("None of them."),
        concerns=_("Auditors who are also directors or employees"),
    ),
    # Art 54(1)
    "member_audit_board": RuleTexts(
        title=_("Member audit board"),
        description=_("A member audit board may take the place of an auditor only with 20 or fewer members."),
        figure=lambda n, d, _dm: ngettext("%(n)s member.", "%(n)s members.", n),
        threshold=lambda t: ngettext("At most %(t)s member.", "At most %(t)s members.", t),
    ),
    # Art 54(2)
    "member_audit_board_size": RuleTexts(
        title=_("Size of the member audit board"),
        description=_("The member audit board is every member who is not a director, and at least three of them."),
        figure=lambda n, d, _dm: ngettext(
            "%(n)s of %(d)s member sits on the member audit board.",
            "%(n)s of %(d)s members sit on the member audit board.",
            d,
        ),
        threshold=lambda t: ngettext("At least %(t)s member on the board.", "At least %(t)s members on the board.", t),
    ),
    # Art 36(1)-(2)
    "officer_terms": RuleTexts(
        title=_("Officers' terms"),
        description=_(
            "No officer stays in office past the end of their term: at most two years for a director and four for "
            "an auditor, or the shorter terms the articles set."
        ),
        figure=lambda n, d, _dm: ngettext(
            "%(n)s of %(d)s officer is past the end of their term.",
            "%(n)s of %(d)s officers are past the end of their term.",
            d,
        ),
        threshold=_("None of them."),
        concerns=_("Officers past the end of their term"),
    ),
    # Art 71
    "delegate_meeting": RuleTexts(
        title=_("Delegate meeting"),
        description=_("A delegate meeting may take the place of the general meeting only with more than 200 members."),
        figure=_delegate_figure,
        threshold=lambda t: ngettext(
            "More than %(t)s member, if there is a delegate meeting.",
            "More than %(t)s members, if there is a delegate meeting.",
            t,
        ),
    ),
}
