"""The replica's democratic life of CWC in FY2014 (April 2014 to March 2015), through the services.

- Delegates (総代): CWC has about 6,000 members, more than 200, so its general meeting is a delegate
  meeting (Art 71). Delegates are elected by constituency: the regions (事業本部), whose candidates
  are returned unopposed (無投票当選, the common case), and Ajisai and West Nara, constituencies of
  their own where more stood than there were seats, with a vote at the centre's all-member meeting
  (May 2014, real ballots, the constituency's members alone on the roll). Seats are shared in
  proportion to members, one at least each (services_delegates.constituencies_apportion).
- The FY2014 ordinary delegate meeting (第27回通常総代会), 28 June 2014: it approves the FY2013
  report and accounts and the FY2014 plan and budget, amends the articles and elects directors,
  every ballot entered through the voting services so the tallies are counted, not typed. Its
  minutes are signed by the chair and two minute signatories. (The FY2014 appropriation is decided
  by the next one, in June 2015, after the replica's "as of" date: see tomoni/capital.)
  At the small scale CWC has fewer than 200 members, so the same meeting is a general meeting (総会).
- Ajisai and West Nara hold all-member meetings (全体会議) with decisions, owners and due dates, some
  done and some still open on 31 March 2015; Ajisai holds a round table (円卓会議) with users' families
  and local residents; members raise a handful of proposals, supported, discussed and settled.

Everything happens at its own date: the loader moves Django's clock (timezone.now, which the
services' clock and the rows' timestamps read) to each event's moment while it runs.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from tomoni.core.errors import TomoniError
from tomoni.core.models import User
from tomoni.federation.models import Centre, Coop, Federation, Region, open_on
from tomoni.governance import rules as meeting_rules
from tomoni.governance.delegates import selectors as delegate_reads
from tomoni.governance.delegates import services as services_delegates
from tomoni.governance.meetings import services as meetings
from tomoni.governance.models import Constituency, Decision, Meeting, Motion, Proposal
from tomoni.governance.voice import services as voice
from tomoni.governance.voting import services as voting
from tomoni.members.models import Membership, Person

TOKYO = ZoneInfo("Asia/Tokyo")
DELEGATE_MEETING_ON = dt.date(2014, 6, 28)
# About one delegate for every 100 members (CWC's articles set the number; this is a plausible ratio that
# keeps the replica's load short: every ballot goes through the voting services).
MEMBERS_PER_DELEGATE = 100


def _at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TOKYO)


@contextmanager
def _clock(when: dt.datetime) -> Iterator[None]:
    """Run the services as if it were `when` (the replica records a past year)."""
    real = timezone.now
    timezone.now = lambda: when
    try:
        yield
    finally:
        timezone.now = real


def _member_ids(coop: Coop, day: dt.date, **filters: Any) -> list[int]:
    """Ids of the coop's members on `day`, by member number, each once."""
    ids = (
        Membership.objects.filter(open_on(day, "joined_on", "left_on"), coop=coop, **filters)
        .order_by("member_number")
        .values_list("person_id", flat=True)
    )
    return list(dict.fromkeys(ids))


def _people(ids: list[int]) -> list[Person]:
    found = Person.objects.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def _members(coop: Coop, day: dt.date, **filters: Any) -> list[Person]:
    return _people(_member_ids(coop, day, **filters))


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


class _Loader:
    def __init__(self, coop: Coop) -> None:
        self.coop = coop
        self.counts: dict[str, int] = {}
        self.officer = _user("cwc-officer")
        self.manager = _user("C0000001")
        self.support = _user("C0000002")
        self.member = _user("C0000003")
        self.ajisai = Centre.objects.get(coop=coop, code="ajisai")
        self.west_nara = Centre.objects.filter(coop=coop, code="west-nara").first()
        self.papers = itertools.count(1)

    def person(self, user: User | None) -> Person | None:
        return Person.objects.filter(user=user, coop=self.coop).first() if user is not None else None

    def paper(self, prefix: str) -> str:
        return f"{prefix}-{next(self.papers):04d}"

    # A motion voted on paper by the people given, with the choices in turn --------------------------

    def vote(
        self,
        meeting: Meeting,
        *,
        kind: str,
        title: str,
        body: str,
        voters: Sequence[tuple[Person, str, Person | None]],
        choices: list[str],
        item: Any = None,
        special_matter: str = "",
        seats: int = 0,
        candidates: list[Person] | None = None,
        constituency: Constituency | None = None,
    ) -> Motion:
        opens = meeting.starts_at + dt.timedelta(minutes=30)
        closes = opens + dt.timedelta(hours=3)
        with _clock(meeting.starts_at):
            motion = voting.motion_create(
                actor=None,
                meeting=meeting,
                kind=kind,
                title=title,
                body=body,
                opens_at=opens,
                closes_at=closes,
                agenda_item=item,
                special_matter=special_matter,
                seats=seats,
                record_date=meeting.record_date,
                constituency=constituency,
            )
            for candidate in candidates or []:
                voting.candidate_add(actor=None, motion=motion, person=candidate)
            voting.motion_open(actor=None, motion=motion)
        candidate_ids = list(motion.candidates.order_by("order").values_list("pk", flat=True))
        with _clock(opens + dt.timedelta(minutes=10)):
            for (person, channel, holder), choice in zip(voters, itertools.cycle(choices), strict=False):
                marked: list[int] = []
                if kind == "election":
                    # `choice` names the candidates marked by their order ("1,3").
                    marked = [candidate_ids[int(i) - 1] for i in choice.split(",") if i]
                voting.vote_record_paper(
                    actor=None,
                    motion=motion,
                    person=person,
                    channel=channel,
                    paper_reference=self.paper(channel[:1].upper()),
                    choice="" if kind == "election" else choice,
                    candidate_ids=marked,
                    proxy_holder=holder,
                )
        with _clock(closes + dt.timedelta(minutes=1)):
            motion = voting.motion_tally(actor=None, motion=motion)
        self.counts["governance_motions"] = self.counts.get("governance_motions", 0) + 1
        self.counts["governance_ballots"] = self.counts.get("governance_ballots", 0) + len(voters)
        return motion

    def meeting(
        self,
        *,
        kind: str,
        title: str,
        day: dt.date,
        place: str,
        centre: Centre | None = None,
        convened_days_before: int = 14,
        record_date: dt.date | None = None,
    ) -> Meeting:
        with _clock(_at(day - dt.timedelta(days=convened_days_before), 9)):
            meeting = meetings.meeting_create(
                actor=None,
                coop=self.coop,
                kind=kind,
                title=title,
                starts_at=_at(day, 13 if centre else 10),
                centre=centre,
                place=place,
                record_date=record_date,
            )
            # The year is history: its notices went out on paper at the time, so none is mailed now.
            meetings.meeting_convene(actor=None, meeting=meeting, notify=False)
        self.counts["governance_meetings"] = self.counts.get("governance_meetings", 0) + 1
        return meeting

    def hold(self, meeting: Meeting, *, chair: Person | None, takers: list[Person]) -> None:
        with _clock(meeting.starts_at):
            meetings.meeting_officers_set(actor=None, meeting=meeting, chair=chair, minute_takers=takers)
            # The chair opens the session: its motions are then closed and counted at the meeting.
            meetings.meeting_set_status(actor=None, meeting=meeting, status="in_session", notify=False)

    def close(self, meeting: Meeting) -> None:
        with _clock(meeting.starts_at + dt.timedelta(hours=4)):
            meetings.meeting_set_status(actor=None, meeting=meeting, status="closed", notify=False)

    def attend(self, meeting: Meeting, people: list[Person], mode: str = "in_person") -> None:
        with _clock(meeting.starts_at):
            for person in people:
                meetings.attendance_record(actor=None, meeting=meeting, mode=mode, person=person)

    def sign(self, meeting: Meeting, questions: str, signers: list[User | None]) -> None:
        with _clock(meeting.starts_at + dt.timedelta(days=3)):
            minutes = voice.minutes_prepare(actor=None, meeting=meeting, questions=questions)
        for offset, user in enumerate(signers, start=4):
            if user is not None:
                with _clock(meeting.starts_at + dt.timedelta(days=offset)):
                    voice.minutes_sign(actor=user, minutes=minutes)
        self.counts["governance_minutes"] = self.counts.get("governance_minutes", 0) + 1

    def decide(
        self,
        meeting: Meeting,
        text: str,
        owner: Person,
        due: dt.date,
        *,
        motion: Motion | None = None,
        notes: tuple[tuple[dt.date, str, str], ...] = (),
        by: User | None = None,
    ) -> Decision:
        with _clock(meeting.starts_at + dt.timedelta(hours=3)):
            decision = voice.decision_record(
                actor=None, meeting=meeting, text=text, owner=owner, due_on=due, motion=motion
            )
        for day, status, body in notes:
            with _clock(_at(day, 17)):
                voice.decision_follow_up(actor=by, decision=decision, body=body, status=status)
        self.counts["governance_decisions"] = self.counts.get("governance_decisions", 0) + 1
        return decision

    # The year -----------------------------------------------------------------------------------

    def load(self) -> dict[str, int]:
        manager, support, member = self.person(self.manager), self.person(self.support), self.person(self.member)
        officer = self.person(self.officer)
        if manager is None or member is None or officer is None:
            return {}
        ajisai_members = _members(self.coop, dt.date(2014, 5, 1), centre=self.ajisai)
        proposals = self.proposals(member=member)
        self.delegates_and_general_meeting(officer=officer, manager=manager, support=support)
        assert self.manager is not None  # the manager's person was found through their login
        self.ajisai_year(
            manager=manager,
            member=member,
            support=support,
            people=ajisai_members,
            proposals=proposals,
            manager_user=self.manager,
        )
        self.ajisai_march(people=ajisai_members, keep_open_for=[manager, member])
        if self.west_nara is not None:
            self.west_nara_year()
        self.counts["governance_proposals"] = Proposal.objects.filter(coop=self.coop).count()
        return self.counts

    def proposals(self, *, member: Person) -> dict[str, Proposal]:
        """A handful of members' proposals over the year: supported, discussed, then settled (or still open)."""
        out: dict[str, Proposal] = {}
        specs = [
            ("lift", self.member, self.ajisai, "item", _at(dt.date(2014, 4, 18), 19),
             "送迎車に車いす用リフトを", "車いすの利用者さんが増えています。送迎車1台にリフトを付けたいです。"),
            ("rest", self.support, self.ajisai, "question", _at(dt.date(2014, 7, 2), 20),
             "休憩時間の取り方について", "午後の休憩が取りにくい日があります。交代の仕方を話し合えませんか。"),
            ("training", self.member, None, "item", _at(dt.date(2014, 9, 10), 18),
             "介護職員初任者研修の受講費補助", "研修を受けやすいよう、受講費の一部を組合で補助してはどうでしょう。"),
            ("garden", self.manager, self.ajisai, "item", _at(dt.date(2014, 10, 6), 15),
             "地域の方と花壇づくり", "円卓会議で出た声をもとに、利用者さん・住民の方と玄関前に花壇をつくりたい。"),
            ("uniform", self.support, None, "question", _at(dt.date(2015, 2, 12), 21),
             "夏用の作業着の支給は？", "夏用の作業着の支給はありますか。"),
        ]  # fmt: skip
        for key, user, centre, kind, when, title, body in specs:
            if user is None:
                continue
            with _clock(when):
                out[key] = voice.proposal_raise(
                    actor=user, coop=self.coop, title=title, body=body, kind=kind, centre=centre
                )
        supporters = {
            "lift": [self.manager, self.support],
            "training": [self.manager, self.support],
            "garden": [self.member, self.support],
            "uniform": [self.member],
        }
        for key, users in supporters.items():
            if key not in out:
                continue
            for n, user in enumerate(users, start=1):
                if user is not None:
                    with _clock(out[key].created_at + dt.timedelta(days=n)):
                        voice.proposal_support(actor=user, proposal=out[key])
        comments = [
            ("lift", self.manager, 2, "見積りを取ってみます。次の全体会議で相談しましょう。"),
            ("rest", self.manager, 1, "シフト表に休憩の交代欄をつくるのはどうでしょう。"),
            ("training", self.member, 3, "研修を受けた人が事業所に戻って伝える場もあるといいです。"),
        ]
        for key, user, days, text in comments:
            if key in out and user is not None:
                with _clock(out[key].created_at + dt.timedelta(days=days, hours=2)):
                    voice.proposal_comment_add(actor=user, proposal=out[key], body=text)
        # The board answers the coop-wide training proposal; the summer uniform question is still open.
        if "training" in out and self.officer is not None:
            with _clock(_at(dt.date(2014, 10, 20), 16)):
                voice.proposal_answer(
                    actor=self.officer,
                    proposal=out["training"],
                    response="2015年度予算で、初任者研修の受講費の半額を補助することにしました（理事会決定）。",
                )
        return out

    def delegates_and_general_meeting(self, *, officer: Person, manager: Person, support: Person | None) -> None:
        day = DELEGATE_MEETING_ON
        record_date = dt.date(2014, 6, 7)  # the delegates' term starts on 1 June
        everyone = _member_ids(self.coop, record_date)
        delegate_meeting = meeting_rules.delegate_meeting_allowed(len(everyone))
        voters: list[Person]
        if delegate_meeting:
            keep = [p for p in (officer, manager, support) if p is not None]
            voters = self.delegates(everyone=everyone, record_date=record_date, keep=keep)
            title, kind = "第27回通常総代会", "delegate"
        else:
            voters, title, kind = _people(everyone), "第27回通常総会", "general"
        meeting = self.meeting(
            kind=kind,
            title=title,
            day=day,
            place="東京都豊島区 センター事業団本部 大会議室",
            convened_days_before=21,
            record_date=record_date,
        )
        takers = [p for p in (manager, support) if p is not None]
        self.hold(meeting, chair=officer, takers=takers)
        # Attendance: most in the hall, some by written vote; a few by proxy, each held by someone in the hall.
        written = voters[3::12]
        proxies = [p for p in voters[5::16] if p not in written]
        in_hall = [p for p in voters if p not in written and p not in proxies]
        holders = [p for p in in_hall if p not in (officer, manager, support)]
        self.attend(meeting, in_hall)
        with _clock(meeting.starts_at):
            for person in written:
                meetings.attendance_record(
                    actor=None, meeting=meeting, mode="written", person=person, paper_reference=self.paper("W")
                )
            for person, holder in zip(proxies, holders, strict=False):
                meetings.attendance_record(
                    actor=None,
                    meeting=meeting,
                    mode="proxy",
                    person=person,
                    proxy_holder=holder,
                    paper_reference=self.paper("P"),
                )
        ballot_voters = (
            [(p, "in_person", None) for p in in_hall]
            + [(p, "written", None) for p in written]
            + [(p, "proxy", h) for p, h in zip(proxies, holders, strict=False)]
        )
        items = [
            ("2013年度事業報告および決算の承認", "2013年度の事業報告書、貸借対照表、損益計算書を承認する。"),
            ("2014年度事業計画および予算の決定", "2014年度の事業計画と収支予算を定める。"),
            ("定款の一部変更", "事業の目的に「地域の居場所づくり」を加える。"),
            ("理事の選挙", "任期満了にともない理事3名を選任する。"),
        ]
        with _clock(meeting.starts_at):
            agenda = [meetings.agenda_item_add(actor=None, meeting=meeting, title=t, body=b) for t, b in items]
        report = self.vote(
            meeting, kind="ordinary", title="第1号議案 2013年度事業報告および決算の承認", body=items[0][1],
            voters=ballot_voters, choices=["for"] * 18 + ["against", "abstain"], item=agenda[0],
        )  # fmt: skip
        plan = self.vote(
            meeting, kind="ordinary", title="第2号議案 2014年度事業計画および予算の決定", body=items[1][1],
            voters=ballot_voters, choices=["for"] * 14 + ["against"] * 2 + ["abstain"], item=agenda[1],
        )  # fmt: skip
        self.vote(
            meeting, kind="special", special_matter="articles", title="第3号議案 定款の一部変更", body=items[2][1],
            voters=ballot_voters, choices=["for"] * 9 + ["against"], item=agenda[2],
        )  # fmt: skip
        candidates = _people(everyone[7:11])
        self.vote(
            meeting, kind="election", title="第4号議案 理事の選挙（定数3）", body=items[3][1], voters=ballot_voters,
            choices=["1,2,3", "1,2,4", "1,3,4", "1,2,3", "2,3"], item=agenda[3], seats=3, candidates=candidates,
        )  # fmt: skip
        self.decide(
            meeting, "2013年度の決算書類と総代会議事録を所轄庁（東京都）へ提出する。", officer, dt.date(2014, 7, 28),
            motion=report, notes=((dt.date(2014, 7, 15), "done", "東京都へ提出済み。"),), by=self.officer,
        )  # fmt: skip
        self.decide(
            meeting, "2014年度事業計画を各事業所の全体会議で説明し、事業所ごとの計画を立てる。", officer,
            dt.date(2014, 9, 30), motion=plan,
            notes=((dt.date(2014, 8, 20), "in_progress", "15事業本部のうち11で説明済み。"),
                   (dt.date(2014, 10, 10), "done", "全事業本部で説明を終えた。")),
            by=self.officer,
        )  # fmt: skip
        self.decide(
            meeting, "組合員からの提案の受け付けと回答の流れを整え、次回総代会で報告する（第66条）。", officer,
            dt.date(2015, 5, 31), motion=plan,
            notes=((dt.date(2015, 1, 20), "in_progress", "提案の受付をTomoniに一本化した。"),), by=self.officer,
        )  # fmt: skip
        self.close(meeting)
        self.sign(
            meeting,
            "質問：定款変更の「地域の居場所づくり」とは具体的に何をするのか。\n\n"
            "回答（理事長）：子ども食堂や高齢者のサロンなど、事業所が地域の方と運営する場づくりを想定している。",
            [self.officer, self.manager, self.support],
        )

    def delegates(self, *, everyone: list[int], record_date: dt.date, keep: list[Person]) -> list[Person]:
        """Delegates for the term from June 2014: constituencies by region, and Ajisai and West Nara of their own;
        seats by members (one at least each); the regions return theirs unopposed, the two centres vote."""
        seats = max(len(everyone) // MEMBERS_PER_DELEGATE, 1)
        with _clock(_at(dt.date(2014, 4, 15), 10)):
            constituencies = self.constituencies(total_seats=seats, on=dt.date(2014, 4, 1))
        elected: list[Person] = []
        chosen: set[int] = set()
        # The contested constituencies: an election at the centre's all-member meeting in May 2014.
        for centre, first in ((self.ajisai, keep[1] if len(keep) > 1 else None), (self.west_nara, None)):
            constituency = constituencies.get(centre.pk) if centre is not None else None
            if centre is None or constituency is None or not constituency.seats:
                continue
            winners = self.centre_election(centre=centre, constituency=constituency, first=first)
            elected += winners
            chosen |= {p.pk for p in winners}
        start = dt.date(2014, 6, 1)
        # Each region's constituency returns its seats unopposed (無投票当選).
        unopposed: list[tuple[int, Constituency | None]] = []
        for constituency in constituencies.values():
            if constituency.region_id is None or not constituency.seats:
                continue
            ids = [
                pk
                for pk in dict.fromkeys(
                    delegate_reads.constituency_memberships(constituency, record_date)
                    .order_by("member_number")
                    .values_list("person_id", flat=True)
                )
                if pk not in chosen
            ]
            picked = ids[:: max(len(ids) // constituency.seats, 1)][: constituency.seats]
            chosen |= set(picked)
            unopposed += [(pk, constituency) for pk in picked]
        # The officers who run the meeting sit for the head office (本部), outside the members' constituencies.
        unopposed += [(p.pk, None) for p in keep if p.pk not in chosen]
        people = Person.objects.in_bulk([pk for pk, _c in unopposed])
        with _clock(_at(dt.date(2014, 5, 30), 12)):
            for pk, constituency in unopposed:
                services_delegates.delegate_add(
                    actor=None,
                    coop=self.coop,
                    person=people[pk],
                    constituency=constituency,
                    constituency_name="" if constituency is not None else "本部選挙区",
                    started_on=start,
                )
                elected.append(people[pk])
        self.counts["governance_delegates"] = len(elected)
        return elected

    def constituencies(self, *, total_seats: int, on: dt.date) -> dict[int, Constituency]:
        """The constituencies (by centre id for a centre's own, by region id for a region's) and their seats."""
        own = [c for c in (self.ajisai, self.west_nara) if c is not None]
        out: dict[int, Constituency] = {}
        for centre in own:
            out[centre.pk] = services_delegates.constituency_create(actor=None, coop=self.coop, centre=centre)
        for region in Region.objects.filter(coop=self.coop).order_by("code"):
            out[-region.pk] = services_delegates.constituency_create(actor=None, coop=self.coop, region=region)
        try:  # one seat at least for each constituency with members, as the articles promise
            services_delegates.constituencies_apportion(
                actor=None, coop=self.coop, total_seats=total_seats, minimum=1, on=on
            )
        except TomoniError:  # more constituencies with members than seats
            services_delegates.constituencies_apportion(actor=None, coop=self.coop, total_seats=total_seats, on=on)
        found = Constituency.objects.in_bulk([c.pk for c in out.values()])
        return {key: found[c.pk] for key, c in out.items()}

    def centre_election(self, *, centre: Centre, constituency: Constituency, first: Person | None) -> list[Person]:
        people = _members(self.coop, dt.date(2014, 5, 1), centre=centre)
        seats = min(constituency.seats, len(people) - 2)
        if seats < 1:
            return []
        candidates = [first] if first is not None and first in people else []
        candidates += [p for p in people if p not in candidates][: seats + 1 - len(candidates)]
        meeting = self.meeting(
            kind="centre_all_member",
            title=f"{centre.name} 5月全体会議（総代選挙）",
            day=dt.date(2014, 5, 20),
            place=f"{centre.name} 会議室",
            centre=centre,
            convened_days_before=7,
        )
        self.hold(meeting, chair=people[0], takers=[people[1]])
        self.attend(meeting, people)
        marks = [",".join(str(i) for i in range(1, seats + 1))] * 2 + [",".join(str(i) for i in range(2, seats + 2))]
        motion = self.vote(
            meeting,
            kind="election",
            title=f"総代選挙（{constituency.name}・定数{seats}）",
            body="2014年6月からの任期の総代を選ぶ。",
            voters=[(p, "in_person", None) for p in people],
            choices=marks,
            seats=seats,
            candidates=candidates,
            constituency=constituency,
        )
        self.close(meeting)
        if motion.passed is not True:
            return []
        with _clock(_at(dt.date(2014, 5, 21), 9)):
            delegates = services_delegates.delegates_record_elected(
                actor=None, motion=motion, started_on=dt.date(2014, 6, 1)
            )
        return [d.person for d in delegates]

    def ajisai_year(
        self,
        *,
        manager: Person,
        member: Person,
        support: Person | None,
        people: list[Person],
        proposals: dict[str, Proposal],
        manager_user: User,
    ) -> None:
        """Ajisai's all-member meetings and its round table, with their decisions and the proposals they took up."""
        august = self.meeting(
            kind="centre_all_member", title="あじさい 8月全体会議", day=dt.date(2014, 8, 26),
            place="あじさい 会議室", centre=self.ajisai, convened_days_before=10,
        )  # fmt: skip
        if "lift" in proposals:
            with _clock(_at(dt.date(2014, 8, 12), 18)):
                voice.proposal_put_on_agenda(
                    actor=manager_user, proposal=proposals["lift"], meeting=august,
                    response="8月の全体会議で話し合います。",
                )  # fmt: skip
        if "rest" in proposals:
            with _clock(_at(dt.date(2014, 7, 10), 18)):
                voice.proposal_answer(
                    actor=manager_user, proposal=proposals["rest"],
                    response="7月からシフト表に休憩交代の欄を設けました。困ったときは所長に相談してください。",
                )  # fmt: skip
        self.hold(august, chair=manager, takers=[member])
        self.attend(august, people[: max(len(people) - 3, 1)])
        self.decide(
            august, "送迎車1台に車いす用リフトを付ける（地域の助成金を申請する）。", manager, dt.date(2014, 12, 26),
            notes=((dt.date(2014, 10, 1), "in_progress", "市の助成金を申請した。"),
                   (dt.date(2014, 12, 18), "done", "リフト付きの送迎車が納車された。")),
            by=self.manager,
        )  # fmt: skip
        self.decide(
            august, "研修修了生の受け入れ計画を秋の全体会議までにまとめる。", member, dt.date(2014, 10, 31),
            notes=((dt.date(2014, 10, 28), "done", "3名の受け入れ計画をまとめた。"),), by=self.member,
        )  # fmt: skip
        self.close(august)
        self.sign(august, "送迎の時間帯の分担について意見交換した。", [self.manager, self.member])

        round_table = self.meeting(
            kind="round_table", title="あじさい 地域円卓会議", day=dt.date(2014, 11, 15),
            place="あじさい デイルーム", centre=self.ajisai, convened_days_before=14,
        )  # fmt: skip
        self.hold(round_table, chair=manager, takers=[member])
        self.attend(round_table, people[:6])
        with _clock(round_table.starts_at):
            for name, affiliation in (
                ("田中 節子", "利用者のご家族"), ("佐藤 昭", "町会長"), ("鈴木 和代", "民生委員"),
                ("山本 健", "地域住民（ボランティア）"), ("井上 美奈", "地域包括支援センター"),
            ):  # fmt: skip
                meetings.attendance_record(
                    actor=None, meeting=round_table, mode="in_person", guest_name=name, affiliation=affiliation
                )
        self.decide(
            round_table, "利用者・住民と玄関前の花壇づくりを春に行う（円卓会議からの提案）。", manager,
            dt.date(2015, 4, 30),
        )  # fmt: skip
        self.close(round_table)
        self.sign(
            round_table,
            "住民：送迎車の路上駐車が気になる。\n\n所長：停車位置を見直し、町会と相談します。",
            [self.manager, self.member],
        )

        february = self.meeting(
            kind="centre_all_member", title="あじさい 2月全体会議", day=dt.date(2015, 2, 24),
            place="あじさい 会議室", centre=self.ajisai, convened_days_before=10,
        )  # fmt: skip
        if "garden" in proposals:
            with _clock(_at(dt.date(2015, 2, 10), 18)):
                voice.proposal_put_on_agenda(actor=manager_user, proposal=proposals["garden"], meeting=february)
        self.hold(february, chair=manager, takers=[member])
        self.attend(february, people[: max(len(people) - 2, 1)])
        self.decide(
            february, "2015年度のシフトの希望調査を3月中旬までに行う。", member, dt.date(2015, 3, 13),
            notes=((dt.date(2015, 3, 6), "in_progress", "16人から回答。残り3人に声をかける。"),), by=self.member,
        )  # fmt: skip
        self.decide(
            february, "花壇づくりの日程を町会と決める。", support or manager, dt.date(2015, 4, 15),
        )  # fmt: skip
        self.close(february)
        # Signed by the chair only so far: the minute signatory has not signed yet on 31 March.
        self.sign(february, "", [self.manager])

    def ajisai_march(self, *, people: list[Person], keep_open_for: list[Person]) -> None:
        """Where the demo's day (20 March 2015) finds Ajisai: its March all-member meeting convened for the 27th,
        the centre's plan and budget for 2015年度 open for an advance vote until the meeting, a few written votes in."""
        march = self.meeting(
            kind="centre_all_member", title="あじさい 3月全体会議", day=dt.date(2015, 3, 27),
            place="あじさい 会議室", centre=self.ajisai, convened_days_before=10,
        )  # fmt: skip
        opens = _at(dt.date(2015, 3, 17), 9)
        with _clock(opens):
            motion = voting.motion_create(
                actor=None, meeting=march, kind="ordinary", title="2015年度 あじさいの事業計画と予算",
                body="デイサービスの定員を2名増やし、研修修了生3名を受け入れる。予算は全体会議の資料のとおり。",
                opens_at=opens, closes_at=march.starts_at, record_date=dt.date(2015, 3, 16),
            )  # fmt: skip
            voting.motion_open(actor=None, motion=motion)
        waiting = {person.pk for person in keep_open_for}
        with _clock(_at(dt.date(2015, 3, 18), 17)):
            early = [p for p in people if p.pk not in waiting][:6]
            for person, choice in zip(early, ["for"] * 5 + ["against"], strict=False):
                voting.vote_record_paper(
                    actor=None, motion=motion, person=person, channel="written",
                    paper_reference=self.paper("W"), choice=choice,
                )  # fmt: skip
        self.counts["governance_motions"] = self.counts.get("governance_motions", 0) + 1

    def west_nara_year(self) -> None:
        assert self.west_nara is not None
        people = _members(self.coop, dt.date(2014, 9, 1), centre=self.west_nara)
        if len(people) < 2:
            return
        meeting = self.meeting(
            kind="centre_all_member", title="西奈良 9月全体会議", day=dt.date(2014, 9, 19),
            place="西奈良事業所 休憩室", centre=self.west_nara, convened_days_before=10,
        )  # fmt: skip
        self.hold(meeting, chair=people[0], takers=[people[1]])
        self.attend(meeting, people)
        self.decide(
            meeting, "病院清掃の新人はペアで3か月指導する体制を続け、手順書を写真入りに改める。", people[0],
            dt.date(2014, 12, 19),
            notes=((dt.date(2014, 12, 12), "done", "写真入りの手順書を作り、全員に配った。"),),
        )  # fmt: skip
        self.decide(
            meeting, "病院との契約更新に向けて、作業時間の記録を見直す。", people[1], dt.date(2015, 3, 20),
            notes=((dt.date(2015, 1, 30), "in_progress", "1月分から記録様式を変えた。"),),
        )  # fmt: skip
        self.close(meeting)
        self.sign(meeting, "", [])


def load_into_replica(*, federation: Federation, scale: str, progress: Any) -> dict[str, int]:
    """CWC's FY2014 delegate meeting, delegate elections, centre meetings, decisions and proposals."""
    coop = Coop.objects.filter(federation=federation, code="cwc").first()
    if coop is None or not Centre.objects.filter(coop=coop, code="ajisai").exists():
        return {}
    if hasattr(progress, "advance"):
        progress.advance("governance")
    return _Loader(coop).load()
