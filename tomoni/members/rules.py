"""The Worker Cooperatives Act's rules on membership, work and officers (労働者協同組合法, Act No. 78 of 2020).

Pure functions: no Django, dates passed in. Each takes the facts of one coop as of one date
and returns a RuleResult: the figure, the threshold, pass or fail, and the people it concerns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

# Thresholds the Act fixes; the articles of association may be stricter, never looser.
MEMBERS_ENGAGED_MIN = Fraction(4, 5)  # Art 8(1)
ENGAGED_WHO_ARE_MEMBERS_MIN = Fraction(3, 4)  # Art 8(2)
CONTRACTED_VOTES_MIN_EXCLUSIVE = Fraction(1, 2)  # Art 3(2)(ii): more than half of the votes
DIRECTORS_MIN = 3  # Art 32(1)
AUDITORS_MIN = 1  # Art 32(1)
MEMBER_AUDIT_BOARD_MAX_MEMBERS = 20  # Art 54
DELEGATE_MEETING_MIN_MEMBERS_EXCLUSIVE = 200  # Art 71: only with more than 200 members


@dataclass(frozen=True)
class CoopFacts:
    """Who is who in one coop on one date; every set holds person ids."""

    members: frozenset[int]
    # People engaged in the coop's business (従事する者): members and non-member employees alike.
    engaged: frozenset[int]
    # People holding a labour contract with the coop on the date.
    contracted: frozenset[int]
    directors: frozenset[int]  # representative, full-time and other directors
    auditors: frozenset[int]
    # Officers the Act exempts from the labour contract (Art 20(1)): representative director,
    # full-time directors, auditors.
    contract_exempt: frozenset[int]
    member_audit_board: bool = False
    delegate_meeting: bool = False


@dataclass(frozen=True)
class RuleResult:
    code: str
    article: str
    numerator: int
    denominator: int
    threshold: Fraction | int
    passed: bool
    concerns: frozenset[int] = field(default_factory=frozenset)

    @property
    def ratio(self) -> Fraction | None:
        return Fraction(self.numerator, self.denominator) if self.denominator else None


def members_engaged(facts: CoopFacts) -> RuleResult:
    """Art 8(1): at least 4/5 of the members engage in the coop's business."""
    engaged_members = facts.members & facts.engaged
    n, d = len(engaged_members), len(facts.members)
    passed = d == 0 or Fraction(n, d) >= MEMBERS_ENGAGED_MIN
    return RuleResult("members_engaged", "8(1)", n, d, MEMBERS_ENGAGED_MIN, passed, facts.members - facts.engaged)


def engaged_are_members(facts: CoopFacts) -> RuleResult:
    """Art 8(2): at least 3/4 of those engaged in the business are members."""
    n, d = len(facts.engaged & facts.members), len(facts.engaged)
    passed = d == 0 or Fraction(n, d) >= ENGAGED_WHO_ARE_MEMBERS_MIN
    return RuleResult(
        "engaged_are_members", "8(2)", n, d, ENGAGED_WHO_ARE_MEMBERS_MIN, passed, facts.engaged - facts.members
    )


def labour_contracts(facts: CoopFacts) -> RuleResult:
    """Art 20(1): a labour contract with every member engaged in the work, bar the exempt officers."""
    required = (facts.members & facts.engaged) - facts.contract_exempt
    missing = required - facts.contracted
    return RuleResult("labour_contracts", "20(1)", len(required - missing), len(required), 1, not missing, missing)


def contracted_majority(facts: CoopFacts) -> RuleResult:
    """Art 3(2)(ii): members with labour contracts hold more than half of all members' votes (one member, one vote)."""
    contracted_members = facts.members & facts.contracted
    n, d = len(contracted_members), len(facts.members)
    passed = d > 0 and Fraction(n, d) > CONTRACTED_VOTES_MIN_EXCLUSIVE
    return RuleResult(
        "contracted_majority",
        "3(2)",
        n,
        d,
        CONTRACTED_VOTES_MIN_EXCLUSIVE,
        passed,
        facts.members - facts.contracted,
    )


def directors(facts: CoopFacts) -> RuleResult:
    """Art 32(1), 32(4): at least three directors, each a member."""
    member_directors = facts.directors & facts.members
    passed = len(member_directors) >= DIRECTORS_MIN and facts.directors <= facts.members
    return RuleResult(
        "directors", "32", len(member_directors), DIRECTORS_MIN, DIRECTORS_MIN, passed, facts.directors - facts.members
    )


def auditors(facts: CoopFacts) -> RuleResult:
    """Art 32(1), 39, 54: at least one auditor who is neither director nor employee,
    unless a coop of 20 or fewer members has a member audit board instead."""
    if facts.member_audit_board:
        n = len(facts.members)
        passed = n <= MEMBER_AUDIT_BOARD_MAX_MEMBERS
        return RuleResult(
            "member_audit_board", "54", n, MEMBER_AUDIT_BOARD_MAX_MEMBERS, MEMBER_AUDIT_BOARD_MAX_MEMBERS, passed
        )
    conflicted = facts.auditors & (facts.directors | facts.contracted)  # Art 39
    independent = facts.auditors - conflicted
    passed = len(independent) >= AUDITORS_MIN and not conflicted
    return RuleResult("auditors", "32, 39", len(independent), AUDITORS_MIN, AUDITORS_MIN, passed, conflicted)


def delegate_meeting(facts: CoopFacts) -> RuleResult:
    """Art 71: a delegate meeting may replace the general meeting only with more than 200 members."""
    n = len(facts.members)
    passed = not facts.delegate_meeting or n > DELEGATE_MEETING_MIN_MEMBERS_EXCLUSIVE
    return RuleResult(
        "delegate_meeting",
        "71",
        n,
        DELEGATE_MEETING_MIN_MEMBERS_EXCLUSIVE,
        DELEGATE_MEETING_MIN_MEMBERS_EXCLUSIVE,
        passed,
    )


ALL_RULES = (
    members_engaged,
    engaged_are_members,
    labour_contracts,
    contracted_majority,
    directors,
    auditors,
    delegate_meeting,
)


def compliance(facts: CoopFacts) -> list[RuleResult]:
    """Every rule of the Act on membership, work and officers, for one coop on one date."""
    return [rule(facts) for rule in ALL_RULES]


def founders_enough(founder_count: int) -> bool:
    """Art 22: a coop is founded by at least three people who will be members."""
    return founder_count >= 3
