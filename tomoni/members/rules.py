"""The Worker Cooperatives Act's rules on membership, work and officers (労働者協同組合法, Act No. 78 of 2020).

Pure functions: no Django, dates passed in. Each takes the facts of one coop as of one date and
returns a RuleResult: the figure, the threshold, how the two compare, pass or fail, and the people
it concerns. A rule that does not apply to the coop (the auditor, where a member audit board
replaces it) returns None and `compliance` leaves it out.

A rule about a share of nobody (no members, nobody engaged, no auditors) passes: there is nothing
to breach. An empty coop still fails the Act, through the rule of at least three directors.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

# Thresholds the Act fixes; the articles of association may be stricter, never looser.
MEMBERS_ENGAGED_MIN = Fraction(4, 5)  # Art 8(1)
ENGAGED_WHO_ARE_MEMBERS_MIN = Fraction(3, 4)  # Art 8(2)
CONTRACTED_REQUIRED = Fraction(1)  # Art 20(1): every working member, bar the exempt officers
CONTRACTED_VOTES_MIN_EXCLUSIVE = Fraction(1, 2)  # Art 3(2)(iv): more than half of all members' votes
DIRECTORS_MIN = 3  # Art 32(2)
DIRECTORS_WHO_ARE_MEMBERS = Fraction(1)  # Art 32(4): every director
AUDITORS_MIN = 1  # Art 32(3)
AUDITORS_CONFLICTED_MAX = 0  # Art 43: no auditor is also a director or an employee
MEMBER_AUDIT_BOARD_MAX_MEMBERS = 20  # Art 54(1) and the Cabinet Order's standard: 20 members or fewer
MEMBER_AUDIT_BOARD_MIN_SIZE = 3  # Art 54(2): the board is every member who is not a director, at least 3
DELEGATE_MEETING_MIN_MEMBERS_EXCLUSIVE = 200  # Art 71: only with more than 200 members
# Art 36(1)-(2): a director's term is at most two years, an auditor's at most four, each as the articles set
# within that; a term past its end is a breach (the officer stays only until a successor takes office).
DIRECTOR_TERM_MONTHS_MAX = 24
AUDITOR_TERM_MONTHS_MAX = 48
OFFICERS_PAST_TERM_MAX = 0

# Officers the Act exempts from the labour contract (Art 20(1)); the values of members.models.OfficerRole.
CONTRACT_EXEMPT_ROLES = frozenset({"representative_director", "full_time_director", "auditor"})

# How a rule's figure compares with its threshold.
AT_LEAST = "at_least"
MORE_THAN = "more_than"
AT_MOST = "at_most"


@dataclass(frozen=True)
class TermFact:
    """One term of office in force: whose, which role, and when it began."""

    person_id: int
    role: str  # the values of members.models.OfficerRole
    started_on: dt.date


@dataclass(frozen=True)
class CoopFacts:
    """Who is who in one coop on one date; every set holds person ids."""

    members: frozenset[int]
    # People engaged in the coop's business (従事する者): members and non-member employees alike.
    engaged: frozenset[int]
    # People holding a labour contract with the coop on the date: its employees.
    contracted: frozenset[int]
    directors: frozenset[int]  # representative, full-time and other directors
    auditors: frozenset[int]
    # Officers the Act exempts from the labour contract (Art 20(1)): representative director,
    # full-time directors, auditors.
    contract_exempt: frozenset[int]
    member_audit_board: bool = False
    delegate_meeting: bool = False
    # The officers' terms in force on `as_of` and the articles' term lengths (Art 36); without a date the rule
    # on terms is left out.
    as_of: dt.date | None = None
    terms: tuple[TermFact, ...] = ()
    director_term_months: int = DIRECTOR_TERM_MONTHS_MAX
    auditor_term_months: int = AUDITOR_TERM_MONTHS_MAX


@dataclass(frozen=True)
class RuleResult:
    """One rule for one coop on one date.

    Ratio rules (a Fraction threshold) compare numerator/denominator with the threshold; count rules
    (an int threshold) compare the numerator, the denominator then being the whole it was counted in.
    """

    code: str
    article: str
    numerator: int
    denominator: int
    threshold: Fraction | int
    passed: bool
    concerns: frozenset[int] = field(default_factory=frozenset)
    comparison: str = AT_LEAST

    @property
    def ratio(self) -> Fraction | None:
        return Fraction(self.numerator, self.denominator) if self.denominator else None

    @property
    def figure(self) -> Fraction | int | None:
        """What the threshold is compared with: the ratio for ratio rules, the count for count rules."""
        return self.ratio if isinstance(self.threshold, Fraction) else self.numerator


def meets(figure: Fraction | int, threshold: Fraction | int, comparison: str) -> bool:
    """Whether a figure satisfies a threshold under a comparison (at least, more than, at most)."""
    if comparison == AT_LEAST:
        return figure >= threshold
    if comparison == MORE_THAN:
        return figure > threshold
    if comparison == AT_MOST:
        return figure <= threshold
    raise ValueError(f"unknown comparison {comparison!r}")


def _share(
    code: str,
    article: str,
    *,
    part: frozenset[int],
    whole: frozenset[int],
    threshold: Fraction,
    comparison: str = AT_LEAST,
    concerns: frozenset[int] = frozenset(),
) -> RuleResult:
    """A ratio rule: the share `part` is of `whole`, against the threshold."""
    n, d = len(part), len(whole)
    passed = d == 0 or meets(Fraction(n, d), threshold, comparison)
    return RuleResult(code, article, n, d, threshold, passed, concerns, comparison)


def engaged_in_business(facts: CoopFacts) -> frozenset[int]:
    """Everyone engaged in the business, with the member officers exempt from the labour contract.

    Art 20(1) exempts the representative director, full-time directors and auditors from the contract
    it requires with "members engaged in the business": it counts them among those members, so they are
    engaged for Art 8 too, with or without a work record.
    """
    return facts.engaged | (facts.contract_exempt & facts.members)


def members_engaged(facts: CoopFacts) -> RuleResult:
    """Art 8(1): at least 4/5 of the members engage in the coop's business."""
    engaged = engaged_in_business(facts)
    return _share(
        "members_engaged",
        "8(1)",
        part=facts.members & engaged,
        whole=facts.members,
        threshold=MEMBERS_ENGAGED_MIN,
        concerns=facts.members - engaged,
    )


def engaged_are_members(facts: CoopFacts) -> RuleResult:
    """Art 8(2): at least 3/4 of those engaged in the business are members."""
    engaged = engaged_in_business(facts)
    return _share(
        "engaged_are_members",
        "8(2)",
        part=engaged & facts.members,
        whole=engaged,
        threshold=ENGAGED_WHO_ARE_MEMBERS_MIN,
        concerns=engaged - facts.members,
    )


def labour_contracts(facts: CoopFacts) -> RuleResult:
    """Art 20(1): a labour contract with every member engaged in the business, bar the exempt officers."""
    required = (facts.members & engaged_in_business(facts)) - facts.contract_exempt
    missing = required - facts.contracted
    return _share(
        "labour_contracts",
        "20(1)",
        part=required - missing,
        whole=required,
        threshold=CONTRACTED_REQUIRED,
        concerns=missing,
    )


def contracted_majority(facts: CoopFacts) -> RuleResult:
    """Art 3(2)(iv): members with a labour contract hold more than half of all members' votes.

    One member, one vote (Art 11(1)), so: more than half of the members hold a labour contract.
    Exactly half is not a majority.
    """
    return _share(
        "contracted_majority",
        "3(2)(iv)",
        part=facts.members & facts.contracted,
        whole=facts.members,
        threshold=CONTRACTED_VOTES_MIN_EXCLUSIVE,
        comparison=MORE_THAN,
        concerns=facts.members - facts.contracted,
    )


def directors(facts: CoopFacts) -> RuleResult:
    """Art 32(2): at least three directors."""
    n = len(facts.directors)
    return RuleResult("directors", "32(2)", n, n, DIRECTORS_MIN, n >= DIRECTORS_MIN)


def directors_are_members(facts: CoopFacts) -> RuleResult:
    """Art 32(4): every director is a member."""
    return _share(
        "directors_are_members",
        "32(4)",
        part=facts.directors & facts.members,
        whole=facts.directors,
        threshold=DIRECTORS_WHO_ARE_MEMBERS,
        concerns=facts.directors - facts.members,
    )


def auditors(facts: CoopFacts) -> RuleResult | None:
    """Art 32(3): at least one auditor, unless a member audit board replaces the auditor (Art 54)."""
    if facts.member_audit_board:
        return None
    n = len(facts.auditors)
    return RuleResult("auditors", "32(3)", n, n, AUDITORS_MIN, n >= AUDITORS_MIN)


def auditor_independence(facts: CoopFacts) -> RuleResult:
    """Art 43: an auditor is neither a director nor an employee (one holding a labour contract)."""
    conflicted = facts.auditors & (facts.directors | facts.contracted)
    n = len(conflicted)
    return RuleResult(
        "auditor_independence",
        "43",
        n,
        len(facts.auditors),
        AUDITORS_CONFLICTED_MAX,
        n <= AUDITORS_CONFLICTED_MAX,
        conflicted,
        AT_MOST,
    )


def member_audit_board(facts: CoopFacts) -> RuleResult | None:
    """Art 54(1): a member audit board may replace the auditor only in a coop of 20 or fewer members."""
    if not facts.member_audit_board:
        return None
    n = len(facts.members)
    return RuleResult(
        "member_audit_board",
        "54(1)",
        n,
        n,
        MEMBER_AUDIT_BOARD_MAX_MEMBERS,
        n <= MEMBER_AUDIT_BOARD_MAX_MEMBERS,
        comparison=AT_MOST,
    )


def member_audit_board_size(facts: CoopFacts) -> RuleResult | None:
    """Art 54(2): the member audit board is every member who is not a director, and at least three of them."""
    if not facts.member_audit_board:
        return None
    board = facts.members - facts.directors
    n = len(board)
    return RuleResult(
        "member_audit_board_size",
        "54(2)",
        n,
        len(facts.members),
        MEMBER_AUDIT_BOARD_MIN_SIZE,
        n >= MEMBER_AUDIT_BOARD_MIN_SIZE,
    )


def delegate_meeting(facts: CoopFacts) -> RuleResult:
    """Art 71: a delegate meeting may replace the general meeting only with more than 200 members.

    A coop that holds none passes; the figure still says whether it could.
    """
    n = len(facts.members)
    passed = not facts.delegate_meeting or n > DELEGATE_MEETING_MIN_MEMBERS_EXCLUSIVE
    return RuleResult(
        "delegate_meeting", "71", n, n, DELEGATE_MEETING_MIN_MEMBERS_EXCLUSIVE, passed, comparison=MORE_THAN
    )


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the month's last day where it is shorter (31 January + 1 → 28 February)."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    return dt.date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))


def term_months(role: str, *, director_months: int, auditor_months: int) -> int:
    """Art 36(1)-(2): the longest term of a role, as the articles set it and never beyond the Act's."""
    if role == "auditor":
        return max(1, min(auditor_months, AUDITOR_TERM_MONTHS_MAX))
    return max(1, min(director_months, DIRECTOR_TERM_MONTHS_MAX))


def term_ends_on(started_on: dt.date, role: str, *, director_months: int, auditor_months: int) -> dt.date:
    """Art 36: the first day a term begun on `started_on` is past its end (the end is exclusive, as spans are)."""
    return add_months(started_on, term_months(role, director_months=director_months, auditor_months=auditor_months))


def officer_terms(facts: CoopFacts) -> RuleResult | None:
    """Art 36(1)-(2): no officer in office past the end of the term the articles (within the Act) allow."""
    if facts.as_of is None:
        return None
    as_of = facts.as_of
    past = frozenset(
        t.person_id
        for t in facts.terms
        if as_of
        >= term_ends_on(
            t.started_on, t.role, director_months=facts.director_term_months, auditor_months=facts.auditor_term_months
        )
    )
    officers = frozenset(t.person_id for t in facts.terms)
    n = len(past)
    return RuleResult(
        "officer_terms", "36", n, len(officers), OFFICERS_PAST_TERM_MAX, n <= OFFICERS_PAST_TERM_MAX, past, AT_MOST
    )


ALL_RULES = (
    members_engaged,
    engaged_are_members,
    labour_contracts,
    contracted_majority,
    directors,
    directors_are_members,
    auditors,
    auditor_independence,
    member_audit_board,
    member_audit_board_size,
    officer_terms,
    delegate_meeting,
)


def compliance(facts: CoopFacts) -> list[RuleResult]:
    """Every rule of the Act on membership, work and officers that applies to one coop on one date."""
    return [result for rule in ALL_RULES if (result := rule(facts)) is not None]


def founders_enough(founder_count: int) -> bool:
    """Art 22: a coop is founded by at least three people who will be members."""
    return founder_count >= 3


# --- Spans of membership ---------------------------------------------------------------------------
# A person holds one membership of a coop at a time: one member, one vote (Art 11), and each minute of
# their work counted once in the work-engaged dividend (Art 77(2)). A span is [start, end), end None open:
# a membership that ends on 10 April and one that begins on 10 April meet but do not overlap.


def spans_overlap(a_start: dt.date, a_end: dt.date | None, b_start: dt.date, b_end: dt.date | None) -> bool:
    """Whether two spans [start, end) share a day; an end of None is open."""
    return (b_end is None or a_start < b_end) and (a_end is None or b_start < a_end)


def overlapping_span(
    start: dt.date, end: dt.date | None, others: Iterable[tuple[dt.date, dt.date | None]]
) -> tuple[dt.date, dt.date | None] | None:
    """The first of `others` that shares a day with [start, end), or None."""
    for other_start, other_end in others:
        if spans_overlap(start, end, other_start, other_end):
            return other_start, other_end
    return None


# --- Dates a register records ----------------------------------------------------------------------
# Not the Act's: a sanity bound. A work record dated 0001-01-01 or a capital entry dated 9999-12-31 is a
# typing slip, and in an append-only ledger a permanent one. Every date a person enters into the register
# or the ledger falls in this window.
EARLIEST_RECORDED_DAY = dt.date(1900, 1, 1)
LATEST_RECORDED_DAY = dt.date(2100, 12, 31)


def day_in_recorded_window(day: dt.date) -> bool:
    """Whether a date lies between 1 January 1900 and 31 December 2100, both included."""
    return EARLIEST_RECORDED_DAY <= day <= LATEST_RECORDED_DAY
