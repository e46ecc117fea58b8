"""Democratic management: meetings, agendas, motions, the frozen roll, participation and secret ballots.

Secrecy by construction: a Ballot row carries no person, no participation and no time; its primary key
is a random UUID. Casting writes a Participation (unique per motion and member: one ballot each) and a
Ballot in one transaction; the member keeps a receipt code whose SHA-256 alone is stored on the ballot.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import (
    MaxValueValidator,
)  # bounds stated here, so the API schema is the same on every database
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tomoni.core.models import TenantModel


class GovernanceSettings(TenantModel):
    """A coop's rules of meeting and voting: the Act's defaults, changed where its articles (定款) say so."""

    coop = models.OneToOneField(
        "federation.Coop", on_delete=models.PROTECT, related_name="governance_settings", verbose_name=_("coop")
    )
    # Articles: the general meeting is convened at least this many days before it (commonly 10).
    notice_days = models.PositiveSmallIntegerField(_("notice period for the general meeting (days)"), default=10)
    # Articles: the board and centre meetings need a shorter notice.
    board_notice_days = models.PositiveSmallIntegerField(_("notice period for other meetings (days)"), default=3)
    # Art 64 (articles): a meeting decides with at least this share of the roll present.
    ordinary_quorum_numerator = models.PositiveSmallIntegerField(_("ordinary quorum numerator"), default=1)
    ordinary_quorum_denominator = models.PositiveSmallIntegerField(_("ordinary quorum denominator"), default=2)
    # Art 64: more than this share of the votes of those present.
    ordinary_majority_numerator = models.PositiveSmallIntegerField(_("ordinary majority numerator"), default=1)
    ordinary_majority_denominator = models.PositiveSmallIntegerField(_("ordinary majority denominator"), default=2)
    # Art 65: at least this share of all members present ...
    special_quorum_numerator = models.PositiveSmallIntegerField(_("special quorum numerator"), default=1)
    special_quorum_denominator = models.PositiveSmallIntegerField(_("special quorum denominator"), default=2)
    # ... and at least this share of their votes.
    special_majority_numerator = models.PositiveSmallIntegerField(_("special majority numerator"), default=2)
    special_majority_denominator = models.PositiveSmallIntegerField(_("special majority denominator"), default=3)
    # Art 11: written and proxy votes where the articles allow them.
    written_votes_allowed = models.BooleanField(_("written votes allowed"), default=True)
    proxy_votes_allowed = models.BooleanField(_("proxy votes allowed"), default=True)
    proxy_limit = models.PositiveSmallIntegerField(_("proxies one member may hold"), default=1)

    class Meta:
        verbose_name = _("governance settings")
        verbose_name_plural = _("governance settings")
        constraints = [
            models.CheckConstraint(
                name="gov_settings_fractions_valid",
                condition=Q(ordinary_quorum_denominator__gt=0)
                & Q(ordinary_majority_denominator__gt=0)
                & Q(special_quorum_denominator__gt=0)
                & Q(special_majority_denominator__gt=0)
                & Q(ordinary_quorum_numerator__lte=F("ordinary_quorum_denominator"))
                & Q(ordinary_majority_numerator__lte=F("ordinary_majority_denominator"))
                & Q(special_quorum_numerator__lte=F("special_quorum_denominator"))
                & Q(special_majority_numerator__lte=F("special_majority_denominator")),
            ),
        ]


class MeetingKind(models.TextChoices):
    GENERAL = "general", _("General meeting")
    DELEGATE = "delegate", _("Delegate meeting")
    BOARD = "board", _("Board meeting")
    CENTRE_ALL_MEMBER = "centre_all_member", _("All-member centre meeting")
    ROUND_TABLE = "round_table", _("Community round table")


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONVENED = "convened", _("Convened")
    IN_SESSION = "in_session", _("In session")
    CLOSED = "closed", pgettext_lazy("meeting status", "Closed")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(TenantModel):
    """A meeting (総会・総代会・理事会・全体会議・円卓会議) of a coop or of one of its centres."""

    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices)
    centre = models.ForeignKey(
        "federation.Centre",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name=_("centre"),
    )
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_url = models.URLField(_("online meeting address"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT)
    convened_at = models.DateTimeField(_("convened at"), null=True, blank=True)
    # The notice period in force when convened, kept so the minutes can state it.
    notice_days = models.PositiveSmallIntegerField(
        _("notice period (days)"), null=True, blank=True, validators=[MaxValueValidator(32767)]
    )
    record_date = models.DateField(_("record date"), null=True, blank=True)
    chair = models.ForeignKey(
        "members.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings_chaired",
        verbose_name=_("chair"),
    )
    minute_takers = models.ManyToManyField(
        "members.Person", blank=True, related_name="meetings_minuted", verbose_name=_("minute-takers")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["coop", "-starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                name="meeting_centre_kind",
                condition=Q(kind__in=["centre_all_member", "round_table"]) | Q(centre__isnull=True),
            ),
            models.CheckConstraint(
                name="meeting_all_member_has_centre",
                condition=~Q(kind="centre_all_member") | Q(centre__isnull=False),
            ),
        ]
        indexes = [models.Index(fields=["coop", "starts_at"], name="meeting_coop_start")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_round_table(self) -> bool:
        return self.kind == MeetingKind.ROUND_TABLE


class AgendaItem(TenantModel):
    """An item of a meeting's agenda (議題), in order."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(_("order"), validators=[MaxValueValidator(32767)])
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order"]
        constraints = [
            models.UniqueConstraint(fields=["coop", "meeting", "order"], name="agenda_item_order_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class AttendanceMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    WRITTEN = "written", _("By written vote")
    PROXY = "proxy", _("By proxy")


class Attendance(TenantModel):
    """Someone present at a meeting: a member (in person, online, by written vote or proxy) or a round-table guest."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(
        "members.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="attendances"
    )
    # A round-table guest who is not in the register: a service user or a local resident.
    guest_name = models.CharField(_("name"), max_length=100, blank=True)
    affiliation = models.CharField(_("affiliation"), max_length=200, blank=True)
    mode = models.CharField(_("attendance"), max_length=20, choices=AttendanceMode.choices)
    proxy_holder = models.ForeignKey(
        "members.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="proxies_held"
    )
    paper_reference = models.CharField(_("paper reference"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [
            models.UniqueConstraint(
                fields=["coop", "meeting", "person"],
                name="attendance_once_per_meeting",
                condition=Q(person__isnull=False),
            ),
            models.CheckConstraint(
                name="attendance_person_or_guest", condition=Q(person__isnull=False) | ~Q(guest_name="")
            ),
            models.CheckConstraint(
                name="attendance_proxy_has_holder", condition=~Q(mode="proxy") | Q(proxy_holder__isnull=False)
            ),
        ]


class Constituency(TenantModel):
    """A constituency (選挙区) electing delegates (総代): a region (事業本部) or a centre (事業所) of the coop.

    A centre that is a constituency of its own is not part of its region's constituency, so no member
    belongs to two. Seats are apportioned to members by `rules.apportion_seats` and may be set by hand.
    """

    name = models.CharField(_("name"), max_length=200)
    region = models.ForeignKey(
        "federation.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="constituencies",
        verbose_name=_("region"),
    )
    centre = models.ForeignKey(
        "federation.Centre",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="constituencies",
        verbose_name=_("centre"),
    )
    seats = models.PositiveSmallIntegerField(_("seats"), default=0, validators=[MaxValueValidator(32767)])

    class Meta:
        verbose_name = _("constituency")
        verbose_name_plural = _("constituencies")
        ordering = ["coop", "name", "id"]
        constraints = [
            models.CheckConstraint(
                name="constituency_region_or_centre",
                condition=(Q(region__isnull=False) & Q(centre__isnull=True))
                | (Q(region__isnull=True) & Q(centre__isnull=False)),
            ),
            models.UniqueConstraint(
                fields=["coop", "region"], condition=Q(region__isnull=False), name="constituency_region_once"
            ),
            models.UniqueConstraint(
                fields=["coop", "centre"], condition=Q(centre__isnull=False), name="constituency_centre_once"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Delegate(TenantModel):
    """A delegate (総代) elected by a constituency (a centre or a region) for a term."""

    person = models.ForeignKey("members.Person", on_delete=models.PROTECT, related_name="delegate_terms")
    constituency = models.ForeignKey(
        Constituency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="delegates",
        verbose_name=_("constituency"),
    )
    # The constituency's name when elected (kept as it was, also for delegates recorded without one).
    constituency_name = models.CharField(_("constituency"), max_length=200)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    elected_by = models.ForeignKey(
        "governance.Motion", null=True, blank=True, on_delete=models.PROTECT, related_name="delegates_elected"
    )

    class Meta:
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")
        constraints = [
            models.CheckConstraint(
                name="delegate_ends_after_start",
                condition=Q(ended_on__isnull=True) | Q(ended_on__gt=F("started_on")),
            ),
        ]


class Roll(TenantModel):
    """The roll of those entitled to vote (議決権者名簿), frozen at a record date; its SHA-256 is published."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="rolls")
    record_date = models.DateField(_("record date"))
    # A constituency's election: only its members are on the roll.
    constituency = models.ForeignKey(
        Constituency, null=True, blank=True, on_delete=models.PROTECT, related_name="rolls"
    )
    member_count = models.PositiveIntegerField(_("members on the roll"))
    sha256 = models.CharField(_("SHA-256 of the roll"), max_length=64)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("roll")
        verbose_name_plural = _("rolls")
        constraints = [
            models.UniqueConstraint(
                fields=["coop", "meeting", "record_date"],
                condition=Q(constituency__isnull=True),
                name="roll_once_per_record_date",
            ),
            models.UniqueConstraint(
                fields=["coop", "meeting", "record_date", "constituency"],
                condition=Q(constituency__isnull=False),
                name="roll_once_per_constituency",
            ),
        ]


class RollEntry(models.Model):
    """One person entitled to vote on a roll. Append-only, like the roll it makes up."""

    coop = models.ForeignKey("federation.Coop", on_delete=models.PROTECT, related_name="+")
    roll = models.ForeignKey(Roll, on_delete=models.PROTECT, related_name="entries")
    person = models.ForeignKey("members.Person", on_delete=models.PROTECT, related_name="roll_entries")
    member_number = models.CharField(_("member number"), max_length=20)

    class Meta:
        verbose_name = _("roll entry")
        verbose_name_plural = _("roll entries")
        constraints = [
            models.UniqueConstraint(fields=["coop", "roll", "person"], name="roll_entry_once"),
        ]

    def __str__(self) -> str:
        return self.member_number


class MotionKind(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary resolution")
    SPECIAL = "special", _("Special resolution")
    ELECTION = "election", _("Election")
    APPROPRIATION = "appropriation", _("Appropriation of surplus")
    ADVISORY = "advisory", _("Advisory vote")


class SpecialMatter(models.TextChoices):
    """Art 65: the matters a special resolution decides."""

    NONE = "", _("None")
    ARTICLES = "articles", _("Amending the articles")
    DISSOLUTION = "dissolution", _("Dissolution")
    MERGER = "merger", _("Merger")
    EXPULSION = "expulsion", _("Expulsion of a member")
    TRANSFER = "transfer", _("Transfer of the whole business")


class MotionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open for voting")
    CLOSED = "closed", pgettext_lazy("voting status", "Closed")
    TALLIED = "tallied", _("Counted")


class TieOutcome(models.TextChoices):
    NONE = "", _("None")
    PASSED = "passed", _("Passed by the chair's decision")
    REJECTED = "rejected", _("Rejected by the chair's decision")


class Motion(TenantModel):
    """A motion put to a vote (議案): a resolution, an election or an advisory vote."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="motions")
    agenda_item = models.ForeignKey(AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="motions")
    kind = models.CharField(_("kind"), max_length=20, choices=MotionKind.choices)
    special_matter = models.CharField(
        _("special matter"), max_length=20, choices=SpecialMatter.choices, default="", blank=True
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    opens_at = models.DateTimeField(_("voting opens at"))
    closes_at = models.DateTimeField(_("voting closes at"))
    record_date = models.DateField(_("record date"))
    roll = models.ForeignKey(Roll, null=True, blank=True, on_delete=models.PROTECT, related_name="motions")
    secret = models.BooleanField(_("secret ballot"), default=True)
    seats = models.PositiveSmallIntegerField(_("seats"), default=0, validators=[MaxValueValidator(32767)])
    # A delegate election of one constituency: its members alone vote and stand.
    constituency = models.ForeignKey(
        Constituency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="motions",
        verbose_name=_("constituency"),
    )
    status = models.CharField(_("status"), max_length=20, choices=MotionStatus.choices, default=MotionStatus.DRAFT)
    # The rule in force, copied from the settings when voting opens so later changes do not move it.
    quorum_numerator = models.PositiveSmallIntegerField(default=0)
    quorum_denominator = models.PositiveSmallIntegerField(default=1)
    majority_numerator = models.PositiveSmallIntegerField(default=1)
    majority_denominator = models.PositiveSmallIntegerField(default=2)
    majority_strict = models.BooleanField(default=True)  # "more than" (ordinary) or "at least" (special)
    # Results, written once by the tally.
    on_roll_count = models.PositiveIntegerField(_("members on the roll"), null=True, blank=True)
    present_count = models.PositiveIntegerField(_("present"), null=True, blank=True)
    for_count = models.PositiveIntegerField(_("for"), null=True, blank=True)
    against_count = models.PositiveIntegerField(_("against"), null=True, blank=True)
    abstain_count = models.PositiveIntegerField(_("abstaining"), null=True, blank=True)
    quorum_met = models.BooleanField(_("quorum met"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    threshold_text = models.CharField(_("threshold"), max_length=200, blank=True)
    tie = models.BooleanField(_("tie"), default=False)
    tie_outcome = models.CharField(
        _("chair's decision on a tie"), max_length=20, choices=TieOutcome.choices, default="", blank=True
    )
    tie_note = models.TextField(_("how the tie was resolved"), blank=True)
    tallied_at = models.DateTimeField(_("counted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("motion")
        verbose_name_plural = _("motions")
        ordering = ["meeting", "opens_at", "id"]
        constraints = [
            models.CheckConstraint(name="motion_closes_after_opening", condition=Q(closes_at__gt=F("opens_at"))),
            models.CheckConstraint(name="motion_election_has_seats", condition=~Q(kind="election") | Q(seats__gt=0)),
            models.CheckConstraint(
                name="motion_special_has_matter", condition=~Q(kind="special") | ~Q(special_matter="")
            ),
            models.CheckConstraint(
                name="motion_constituency_election", condition=Q(kind="election") | Q(constituency__isnull=True)
            ),
        ]
        indexes = [models.Index(fields=["coop", "meeting"], name="motion_coop_meeting")]

    @property
    def no_ballot_count(self) -> int | None:
        """Those present (attending) who cast no ballot: counted, as present, against the majority (Art 64, 65)."""
        if self.present_count is None:
            return None
        return self.present_count - (self.for_count or 0) - (self.against_count or 0) - (self.abstain_count or 0)

    def __str__(self) -> str:
        return self.title


class Candidate(TenantModel):
    """A candidate in an election motion: a member standing for a seat (役員・総代の候補者)."""

    motion = models.ForeignKey(Motion, on_delete=models.PROTECT, related_name="candidates")
    person = models.ForeignKey("members.Person", on_delete=models.PROTECT, related_name="candidacies")
    order = models.PositiveSmallIntegerField(_("order"), validators=[MaxValueValidator(32767)])
    statement = models.TextField(_("statement"), blank=True)
    votes = models.PositiveIntegerField(_("votes"), null=True, blank=True)
    elected = models.BooleanField(_("elected"), null=True, blank=True)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["motion", "order"]
        constraints = [
            models.UniqueConstraint(fields=["coop", "motion", "person"], name="candidate_once"),
            models.UniqueConstraint(fields=["coop", "motion", "order"], name="candidate_order_unique"),
        ]


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("Ballot paper in the hall")
    WRITTEN = "written", _("Written vote")
    PROXY = "proxy", _("Proxy")


class Participation(TenantModel):
    """That a member took part in a motion's vote (never how): one per motion and member, by a database constraint."""

    motion = models.ForeignKey(Motion, on_delete=models.PROTECT, related_name="participations")
    person = models.ForeignKey("members.Person", on_delete=models.PROTECT, related_name="participations")
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    paper_reference = models.CharField(_("paper reference"), max_length=100, blank=True)
    proxy_holder = models.ForeignKey(
        "members.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="proxy_participations"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(fields=["coop", "motion", "person"], name="participation_one_per_member"),
            models.CheckConstraint(
                name="participation_proxy_has_holder", condition=~Q(channel="proxy") | Q(proxy_holder__isnull=False)
            ),
            models.CheckConstraint(
                name="participation_paper_has_reference",
                condition=Q(channel__in=["online", "in_person"]) | ~Q(paper_reference=""),
            ),
        ]
        indexes = [models.Index(fields=["coop", "motion", "proxy_holder"], name="participation_proxy")]


class Choice(models.TextChoices):
    FOR = "for", _("For")
    AGAINST = "against", _("Against")
    ABSTAIN = "abstain", _("Abstain")
    CANDIDATES = "candidates", _("Candidates marked")


def _ballot_id() -> uuid.UUID:
    return uuid.uuid4()


class Ballot(models.Model):
    """A ballot cast (投票). Append-only; no person, no participation, no time: nothing joins it to its voter.

    Random UUID key (no insertion order in the id); `receipt_sha256` is the hash of the code the voter keeps.
    """

    id = models.UUIDField(primary_key=True, default=_ballot_id, editable=False)
    coop = models.ForeignKey("federation.Coop", on_delete=models.PROTECT, related_name="+")
    motion = models.ForeignKey(Motion, on_delete=models.PROTECT, related_name="ballots")
    choice = models.CharField(_("choice"), max_length=20, choices=Choice.choices)
    receipt_sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(fields=["coop", "motion", "receipt_sha256"], name="ballot_receipt_unique"),
        ]
        indexes = [models.Index(fields=["motion", "choice"], name="ballot_motion_choice")]

    def __str__(self) -> str:
        return str(self.id)


class BallotMark(models.Model):
    """A candidate marked on an election ballot. Append-only; joined to its ballot, never to a voter."""

    id = models.UUIDField(primary_key=True, default=_ballot_id, editable=False)
    coop = models.ForeignKey("federation.Coop", on_delete=models.PROTECT, related_name="+")
    motion = models.ForeignKey(Motion, on_delete=models.PROTECT, related_name="ballot_marks")
    ballot = models.ForeignKey(Ballot, on_delete=models.PROTECT, related_name="marks")
    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="marks")

    class Meta:
        verbose_name = _("ballot mark")
        verbose_name_plural = _("ballot marks")
        constraints = [
            models.UniqueConstraint(fields=["coop", "ballot", "candidate"], name="ballot_mark_once"),
        ]
        indexes = [models.Index(fields=["motion", "candidate"], name="ballot_mark_motion_candidate")]

    def __str__(self) -> str:
        return str(self.id)


# ---- GOV-VOICE models below (proposals, comments, support, decisions, minutes sign-off) ----


# --- Proposals, decisions, minutes ---------------------------------------------------------------
# Owned by the proposals/decisions/minutes work (GOV-VOICE): proposals from any member, the
# decision register and its follow-up, the minutes (議事録) and their sign-off, notices and the
# members' calendar feeds.


class ProposalKind(models.TextChoices):
    ITEM = "item", _("An item for the agenda")
    QUESTION = "question", _("A question")


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("Open for discussion")
    ON_AGENDA = "on_agenda", _("Put on an agenda")
    ANSWERED = "answered", _("Answered")
    DECLINED = "declined", _("Declined")


class Proposal(TenantModel):
    """An item or a question any member raises for their centre or their coop (提案)."""

    centre = models.ForeignKey(
        "federation.Centre",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("centre"),
    )
    raised_by = models.ForeignKey(
        "members.Person", on_delete=models.PROTECT, related_name="proposals", verbose_name=_("raised by")
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("details"), max_length=5000)
    kind = models.CharField(_("kind"), max_length=20, choices=ProposalKind.choices, default=ProposalKind.ITEM)
    status = models.CharField(_("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.OPEN)
    agenda_item = models.ForeignKey(
        AgendaItem,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("agenda item"),
    )
    response = models.TextField(_("response"), blank=True, max_length=5000)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["coop", "-created_at", "-id"]
        indexes = [
            models.Index(fields=["coop", "centre", "status"], name="proposal_coop_centre_status"),
            models.Index(fields=["coop", "created_at"], name="proposal_coop_created"),
        ]
        constraints = [
            # On the agenda means an agenda item; answered or declined means a reason given.
            models.CheckConstraint(
                name="proposal_on_agenda_has_item",
                condition=~Q(status="on_agenda") | Q(agenda_item__isnull=False),
            ),
            models.CheckConstraint(
                name="proposal_answer_has_text",
                condition=~Q(status__in=["answered", "declined"]) | ~Q(response=""),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ProposalComment(TenantModel):
    """One message of a proposal's discussion thread."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_name = models.CharField(_("author"), max_length=120)
    body = models.TextField(_("comment"), max_length=3000)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["proposal", "created_at", "id"]
        indexes = [models.Index(fields=["coop", "proposal", "created_at"], name="proposal_comment_thread")]


class ProposalSupport(TenantModel):
    """A member's support (賛同) for a proposal: one per member."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    person = models.ForeignKey("members.Person", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(fields=["coop", "proposal", "person"], name="proposal_support_once"),
        ]


class DecisionStatus(models.TextChoices):
    OPEN = "open", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class Decision(TenantModel):
    """A decision of a meeting (決定事項), with the person who carries it out and the date it is due."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    motion = models.ForeignKey(Motion, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions")
    centre = models.ForeignKey(
        "federation.Centre", null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    text = models.TextField(_("decision"), max_length=3000)
    owner = models.ForeignKey(
        "members.Person", on_delete=models.PROTECT, related_name="decisions_owned", verbose_name=_("owner")
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.OPEN)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["coop", "due_on", "id"]
        indexes = [
            models.Index(fields=["coop", "status", "due_on"], name="decision_coop_status_due"),
            models.Index(fields=["coop", "owner"], name="decision_coop_owner"),
        ]
        constraints = [
            models.CheckConstraint(
                name="decision_done_has_date",
                condition=(Q(status="done") & Q(done_on__isnull=False)) | (~Q(status="done") & Q(done_on__isnull=True)),
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class DecisionNote(TenantModel):
    """A follow-up note on a decision (経過報告). Append-only: triggers refuse UPDATE and DELETE."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    author_name = models.CharField(_("author"), max_length=120)
    body = models.TextField(_("note"), max_length=3000)
    status = models.CharField(_("status after this note"), max_length=20, choices=DecisionStatus.choices)

    class Meta:
        verbose_name = _("follow-up note")
        verbose_name_plural = _("follow-up notes")
        ordering = ["decision", "created_at", "id"]


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Awaiting signatures")
    FIXED = "fixed", _("Signed and fixed")


class Minutes(TenantModel):
    """The minutes of a meeting (議事録). Once every signatory has signed, the rendered text is fixed."""

    meeting = models.OneToOneField(Meeting, on_delete=models.PROTECT, related_name="minutes")
    questions = models.TextField(_("questions and discussion"), blank=True, max_length=20000)
    status = models.CharField(_("status"), max_length=20, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT)
    # The minutes as fixed at the last signature: the blocks both the page and the PDF are drawn from.
    fixed_content = models.JSONField(_("fixed text"), default=list, blank=True)
    content_sha256 = models.CharField(_("SHA-256 of the fixed text"), max_length=64, blank=True)
    fixed_at = models.DateTimeField(_("fixed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        constraints = [
            models.CheckConstraint(
                name="minutes_fixed_has_hash",
                condition=Q(status="draft") | (~Q(content_sha256="") & Q(fixed_at__isnull=False)),
            ),
        ]


class SignatoryRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    MINUTE_TAKER = "minute_taker", _("Minute signatory")


class MinutesSignoff(TenantModel):
    """A signatory of the minutes (議長・議事録署名人) and, once they sign, when."""

    minutes = models.ForeignKey(Minutes, on_delete=models.PROTECT, related_name="signoffs")
    person = models.ForeignKey("members.Person", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=20, choices=SignatoryRole.choices)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("minutes signatory")
        verbose_name_plural = _("minutes signatories")
        ordering = ["minutes", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["coop", "minutes", "person"], name="minutes_signoff_once"),
            models.UniqueConstraint(fields=["coop", "minutes"], condition=Q(role="chair"), name="minutes_one_chair"),
        ]


class NoticeKind(models.TextChoices):
    CONVOCATION = "convocation", _("Convocation")
    RESULTS = "results", _("Results")


class Notice(TenantModel):
    """A notice of a meeting mailed to its members: the convocation (招集通知) or the results."""

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="notices")
    kind = models.CharField(_("kind"), max_length=20, choices=NoticeKind.choices)
    queued_at = models.DateTimeField(_("queued at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        constraints = [
            models.UniqueConstraint(fields=["coop", "meeting", "kind"], name="notice_once_per_kind"),
        ]


class NoticeRecipient(TenantModel):
    """A member a notice went to, in which language, and by email (with the address) or on paper."""

    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="recipient_rows")
    person = models.ForeignKey("members.Person", on_delete=models.PROTECT, related_name="+")
    # Blank: the member has no email address and is sent the notice on paper.
    address = models.EmailField(_("email address"), blank=True)
    language = models.CharField(_("language"), max_length=10)

    class Meta:
        verbose_name = _("notice recipient")
        verbose_name_plural = _("notice recipients")
        ordering = ["notice", "id"]
        constraints = [
            models.UniqueConstraint(fields=["coop", "notice", "person"], name="notice_recipient_once"),
        ]

    @property
    def on_paper(self) -> bool:
        return not self.address


class CalendarFeed(TenantModel):
    """A member's secret calendar address (.ics): calendar apps subscribe without logging in."""

    person = models.OneToOneField("members.Person", on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(_("token"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
