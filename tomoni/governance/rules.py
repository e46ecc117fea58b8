"""Rules of meetings and voting under the Worker Cooperatives Act, as pure functions (no Django).

Thresholds are fractions (numerator, denominator) compared in integers, never floats. Each coop's
articles may set them differently; GovernanceSettings holds the coop's values, these are the Act's defaults.

Who is "present" (出席者) for a motion: every member on the roll who attends the meeting, in person, online,
by written vote or by proxy, and every member whose ballot was received (where a vote is held online with
no attendance taken, those who took part are the ones present). Quorum and majority are both counted
against them (Art 64, 65): an abstention, a blank ballot and a ballot not cast by someone attending all
weigh against a motion, as "a majority of the votes of those present" requires.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TypeVar

K = TypeVar("K", bound=Hashable)

# Art 71: a delegate meeting may replace the general meeting only with more than 200 members.
DELEGATE_MEETING_MIN_MEMBERS_EXCLUSIVE = 200

# Art 62: the general meeting (and the delegate meeting that replaces it, Art 71) is convened at least 10 days
# before the meeting day. The articles may ask for longer, never shorter.
ACT_NOTICE_DAYS = 10
DEFAULT_NOTICE_DAYS = ACT_NOTICE_DAYS

# Art 64 (articles): majority of the votes of those present: strictly more than 1/2.
ORDINARY_MAJORITY = Fraction(1, 2)
# Articles: half of all members present for the meeting to decide an ordinary resolution.
ORDINARY_QUORUM = Fraction(1, 2)
# Art 65: half of all members present (at least) ...
SPECIAL_QUORUM = Fraction(1, 2)
# ... and at least 2/3 of their votes.
SPECIAL_MAJORITY = Fraction(2, 3)


@dataclass(frozen=True)
class Threshold:
    """A motion's rule: quorum (at least this share of the roll present) and majority of those present."""

    quorum: Fraction
    majority: Fraction
    strict: bool  # True: more than `majority` (ordinary); False: at least `majority` (special)


@dataclass(frozen=True)
class LooserThanAct:
    """A setting of the articles that would make a resolution easier than the Act allows (Art 62, 64, 65, 71)."""

    setting: str  # notice_days, ordinary_majority, special_quorum or special_majority
    article: str  # the article that sets the floor
    act: Fraction  # the Act's figure (days as a whole fraction)


def looser_than_act(
    *, notice_days: int, ordinary_majority: Fraction, special_quorum: Fraction, special_majority: Fraction
) -> list[LooserThanAct]:
    """The settings that go below the Act's floor; the articles may only make a resolution stricter.

    Art 62: at least 10 days' notice of a general meeting, and so of a delegate meeting (Art 71 applies the
    general meeting's rules to it). Art 64: an ordinary resolution needs more than half the votes of those present,
    so its majority is at least 1/2 (always "more than"). Art 65: a special resolution needs at least half of all
    members present and at least 2/3 of their votes. The Act sets no quorum for an ordinary resolution (Art 64
    leaves it to the articles), nor a notice for the board or a centre's meeting.
    """
    refused = []
    if notice_days < ACT_NOTICE_DAYS:
        refused.append(LooserThanAct("notice_days", "62", Fraction(ACT_NOTICE_DAYS)))
    if ordinary_majority < ORDINARY_MAJORITY:
        refused.append(LooserThanAct("ordinary_majority", "64", ORDINARY_MAJORITY))
    if special_quorum < SPECIAL_QUORUM:
        refused.append(LooserThanAct("special_quorum", "65", SPECIAL_QUORUM))
    if special_majority < SPECIAL_MAJORITY:
        refused.append(LooserThanAct("special_majority", "65", SPECIAL_MAJORITY))
    return refused


def ordinary_threshold(quorum: Fraction = ORDINARY_QUORUM, majority: Fraction = ORDINARY_MAJORITY) -> Threshold:
    """Art 64: more than half the votes of those present (articles may change both figures)."""
    return Threshold(quorum=quorum, majority=majority, strict=True)


def special_threshold(quorum: Fraction = SPECIAL_QUORUM, majority: Fraction = SPECIAL_MAJORITY) -> Threshold:
    """Art 65: half of all members present and at least 2/3 of their votes."""
    return Threshold(quorum=quorum, majority=majority, strict=False)


def quorum_met(*, present: int, on_roll: int, quorum: Fraction) -> bool:
    """At least `quorum` of the roll present (Art 65: "half of all members" means present * 2 >= roll)."""
    if on_roll <= 0:
        return False
    return present * quorum.denominator >= quorum.numerator * on_roll


def majority_met(*, votes_for: int, present: int, majority: Fraction, strict: bool) -> bool:
    """`votes_for` out of `present` is more than (strict) or at least `majority`."""
    if present <= 0:
        return False
    left, right = votes_for * majority.denominator, majority.numerator * present
    return left > right if strict else left >= right


@dataclass(frozen=True)
class ResolutionResult:
    on_roll: int
    present: int
    votes_for: int
    against: int
    abstaining: int
    no_ballot: int  # present (attending) but cast no ballot: not in favour
    quorum_met: bool
    majority_met: bool
    tie: bool  # exactly half for, quorum met: the chair decides (Art 64, 可否同数のときは議長の決するところ)
    passed: bool | None  # None while a tie awaits the chair's decision


def resolution_result(
    *, on_roll: int, votes_for: int, against: int, abstaining: int, threshold: Threshold, no_ballot: int = 0
) -> ResolutionResult:
    """The outcome of a resolution from its counts; a tie of an ordinary resolution is left to the chair.

    `no_ballot` counts the members on the roll who attend but cast no ballot: they are present (Art 64, 65),
    so they count towards the quorum and, not being in favour, against the majority.
    """
    if min(on_roll, votes_for, against, abstaining, no_ballot) < 0:
        raise ValueError("counts cannot be negative")
    present = votes_for + against + abstaining + no_ballot
    if present > on_roll:
        raise ValueError("more members present than on the roll")
    has_quorum = quorum_met(present=present, on_roll=on_roll, quorum=threshold.quorum)
    has_majority = majority_met(
        votes_for=votes_for, present=present, majority=threshold.majority, strict=threshold.strict
    )
    # Art 64: when the votes are equal (exactly half of those present for, the other half not) the chair
    # decides. Only a "more than half" rule can tie; a special resolution at exactly half simply fails.
    tie = (
        has_quorum
        and threshold.strict
        and threshold.majority == Fraction(1, 2)
        and present > 0
        and votes_for * 2 == present
    )
    passed: bool | None = None if tie else (has_quorum and has_majority)
    return ResolutionResult(
        on_roll=on_roll,
        present=present,
        votes_for=votes_for,
        against=against,
        abstaining=abstaining,
        no_ballot=no_ballot,
        quorum_met=has_quorum,
        majority_met=has_majority,
        tie=tie,
        passed=passed,
    )


@dataclass(frozen=True)
class ElectionResult:
    elected: tuple[int, ...]  # candidate ids elected outright, in order of votes then candidate order
    tied: tuple[int, ...]  # candidates tied for the last seats; the chair draws lots among them
    seats_left_for_lot: int  # how many of `tied` the lot elects
    votes: Mapping[int, int]


def election_result(*, candidate_ids: Sequence[int], marks: Mapping[int, int], seats: int) -> ElectionResult:
    """Block vote (plurality at large): each voter marks up to `seats` candidates; the most-marked win.

    A candidate with no mark is never elected. Candidates tied across the last seat are returned for a lot drawn
    by the chair and recorded (Art 64's rule that the chair decides a tie, applied to elections by the articles).
    """
    if seats <= 0:
        raise ValueError("an election has at least one seat")
    votes = {cid: int(marks.get(cid, 0)) for cid in candidate_ids}
    order = {cid: i for i, cid in enumerate(candidate_ids)}
    ranked = sorted((cid for cid in candidate_ids if votes[cid] > 0), key=lambda c: (-votes[c], order[c]))
    if len(ranked) <= seats:
        return ElectionResult(elected=tuple(ranked), tied=(), seats_left_for_lot=0, votes=votes)
    cutoff = votes[ranked[seats - 1]]
    above = tuple(c for c in ranked if votes[c] > cutoff)
    at_cutoff = tuple(c for c in ranked if votes[c] == cutoff)
    if len(above) + len(at_cutoff) == seats:
        return ElectionResult(elected=above + at_cutoff, tied=(), seats_left_for_lot=0, votes=votes)
    return ElectionResult(elected=above, tied=at_cutoff, seats_left_for_lot=seats - len(above), votes=votes)


def marks_valid(*, marked: Iterable[int], candidate_ids: Iterable[int], seats: int) -> bool:
    """A ballot marks distinct candidates of the motion, at most `seats` of them (none is a blank ballot)."""
    chosen = list(marked)
    return len(chosen) == len(set(chosen)) <= seats and set(chosen) <= set(candidate_ids)


def notice_ok(*, convened_on: dt.date, meeting_on: dt.date, notice_days: int) -> bool:
    """Articles: the notice goes out at least `notice_days` full days before the meeting day."""
    return (meeting_on - convened_on).days >= notice_days


def earliest_meeting_day(*, convened_on: dt.date, notice_days: int) -> dt.date:
    """The first day a meeting convened today may be held."""
    return convened_on + dt.timedelta(days=notice_days)


def delegate_meeting_allowed(member_count: int) -> bool:
    """Art 71: a delegate meeting only with more than 200 members."""
    return member_count > DELEGATE_MEETING_MIN_MEMBERS_EXCLUSIVE


def proxy_within_limit(*, held: int, limit: int) -> bool:
    """Art 11 (articles): a member may hold at most `limit` proxies on one motion; `held` counts the new one."""
    return held <= limit


def voting_open(*, now: dt.datetime, opens_at: dt.datetime, closes_at: dt.datetime) -> bool:
    """Ballots are received from the opening until (not including) the close."""
    return opens_at <= now < closes_at


def live_quorum(*, present: int, on_roll: int, quorum: Fraction) -> tuple[int, int, bool]:
    """The chair's live figure: (present, needed, met) for `quorum` of the roll."""
    needed = -(-quorum.numerator * on_roll // quorum.denominator) if on_roll > 0 else 0
    return present, needed, quorum_met(present=present, on_roll=on_roll, quorum=quorum)


def apportion_seats(*, total: int, members: Mapping[K, int], minimum: int = 0) -> dict[K, int]:
    """Delegate seats (総代定数) shared among constituencies in proportion to their members (Art 71, articles).

    Each constituency with members first gets `minimum` seats (articles often promise one); the rest go by
    largest remainder (Hamilton): each its whole quota of members, then one more seat to each of the largest
    remainders, ties to the larger constituency, then to the earlier key. The seats always sum to `total`,
    and a constituency without members gets none.
    """
    if total < 0 or minimum < 0 or any(count < 0 for count in members.values()):
        raise ValueError("seats and members cannot be negative")
    voters = [key for key, count in members.items() if count > 0]
    if total and not voters:
        raise ValueError("there are seats but no members to share them")
    if minimum * len(voters) > total:
        raise ValueError("fewer seats than the minimum promised to each constituency")
    seats = {key: (minimum if key in voters else 0) for key in members}
    left = total - minimum * len(voters)
    whole = sum(members[key] for key in voters)
    if left == 0:
        return seats
    # In integers: a constituency's quota is left * count / whole; the remainder is what is left of its numerator.
    remainders = []
    for position, key in enumerate(voters):
        quota, remainder = divmod(left * members[key], whole)
        seats[key] += quota
        remainders.append((-remainder, -members[key], position, key))
    for *_order, key in sorted(remainders)[: left - sum(seats[k] - minimum for k in voters)]:
        seats[key] += 1
    return seats


# --- Proposals, decisions, minutes ---------------------------------------------------------------
# In their own sub-package: voice/rules.py (and voice/minutes.py, voice/notices.py). See docs/governance.md.


# Receipt codes (pure): the code as stored and its SHA-256 ------------------------------------------------


def receipt_normalise(code: str) -> str:
    """The code as stored: upper case, no spaces or hyphens; look-alike letters read as the digits they resemble."""
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    return cleaned.replace("O", "0").replace("I", "1").replace("L", "1")


def receipt_hash(code: str) -> str:
    return hashlib.sha256(receipt_normalise(code).encode("ascii", "ignore")).hexdigest()
