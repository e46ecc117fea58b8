"""Reads of the audit log for the coop's auditor, each event put in words; outside the auditor's grants a 404.

The log lives in core, the people in the member register above it: this layer, above both, names who did what to
whom. A page of events is read in a fixed number of queries whatever its length: the events, then at most one
query per kind of record they concern, then the people and their member numbers, then the imports they made.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import CharField, ForeignKey, Model, Q, QuerySet
from django.db.models.functions import Cast
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tomoni.core import imports as core_imports
from tomoni.core.models import AuditEvent, ImportJob, User
from tomoni.core.scopes import scope_for
from tomoni.federation.models import Coop
from tomoni.federation.selectors import coop_get
from tomoni.members.models import Membership, Person
from tomoni.reports.audit import texts

PERSON_LABEL = "members.person"
IMPORT_LABEL = "core.importjob"
IMPORT_SAVED = "core.import.saved"
# Events read per query when a whole selection is exported.
EXPORT_CHUNK = 2_000


@dataclass(frozen=True)
class AuditFilters:
    """What the auditor narrows the log to: who did it, which kind, whom it concerns, between which days."""

    actor: str = ""  # a member number or a login name
    kind: str = ""  # a key of texts.KINDS
    person: str = ""  # a member number
    since: dt.date | None = None
    until: dt.date | None = None
    special_care_only: bool = False


@dataclass(frozen=True)
class AuditRow:
    """One event as the auditor reads it."""

    event: AuditEvent
    actor: str
    sentence: str
    kind: str
    import_job_id: int | None = None


@dataclass
class AuditLogPage:
    coop: Coop
    filters: AuditFilters
    events: QuerySet[AuditEvent]
    kinds: list[tuple[str, str]] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # filters that named nobody


def audit_coop_get(*, user: User, code: str) -> Coop:
    """A coop whose audit log the user reads (its auditor); else 404."""
    coop = coop_get(user=user, code=code)
    if coop.pk not in scope_for(user).audit_coop_ids:
        raise Http404
    return coop


def audit_log(*, user: User, code: str, filters: AuditFilters) -> AuditLogPage:
    """The coop's events narrowed by the filters, newest first (a queryset: the view pages it)."""
    coop = audit_coop_get(user=user, code=code)
    events = AuditEvent.objects.filter(coop_id=coop.pk)
    unknown: list[str] = []
    if filters.special_care_only:
        events = events.filter(action__in=("members.special_care.viewed", "inclusion.file.viewed"))
    if filters.kind in texts.KINDS:
        events = events.filter(action__startswith=f"{filters.kind}.")
    if filters.actor:
        actor_ids = _users_named(coop, filters.actor)
        if not actor_ids:
            unknown.append(filters.actor)
        events = events.filter(actor_id__in=actor_ids)
    if filters.person:
        person_id = _person_numbered(coop, filters.person)
        if person_id is None:
            unknown.append(filters.person)
            events = events.none()
        else:
            events = events.filter(_concerning(person_id))
    if filters.since is not None:
        events = events.filter(occurred_at__gte=_start_of(filters.since))
    if filters.until is not None:
        events = events.filter(occurred_at__lt=_start_of(filters.until + dt.timedelta(days=1)))
    kinds = [(key, str(label)) for key, label in texts.KINDS.items()]
    return AuditLogPage(
        coop=coop, filters=filters, events=events.order_by("-occurred_at", "-pk"), kinds=kinds, unknown=unknown
    )


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _users_named(coop: Coop, text: str) -> list[int]:
    """The logins a member number of the coop or a login name stands for."""
    by_number = Membership.objects.filter(coop=coop, member_number__iexact=text, person__user__isnull=False)
    ids = set(by_number.values_list("person__user_id", flat=True))
    ids |= set(User.objects.filter(username__iexact=text).values_list("pk", flat=True))
    return sorted(i for i in ids if i is not None)


def _person_numbered(coop: Coop, number: str) -> int | None:
    return (
        Membership.objects.filter(coop=coop, member_number__iexact=number).values_list("person_id", flat=True).first()
    )


@cache
def _person_models() -> list[tuple[str, type[Model]]]:
    """Every kind of record that belongs to one person of the register (it has a `person` foreign key)."""
    found = []
    for model in apps.get_models():
        try:
            person_field = model._meta.get_field("person")
        except FieldDoesNotExist:
            continue
        if isinstance(person_field, ForeignKey) and person_field.related_model is Person:
            found.append((model._meta.label_lower, model))
    return found


def _concerning(person_id: int) -> Q:
    """Events whose record is the person, or one of the person's records."""
    q = Q(object_type=PERSON_LABEL, object_id=str(person_id))
    for label, model in _person_models():
        ids = (
            model._default_manager.filter(person_id=person_id)
            .annotate(text_pk=Cast("pk", CharField()))
            .values("text_pk")
        )
        q |= Q(object_type=label, object_id__in=ids)
    return q


# Words -----------------------------------------------------------------------------------------------------


def describe(events: Iterable[AuditEvent], *, coop: Coop) -> list[AuditRow]:
    """Each event in words: who did it, what, to whom (by name and member number), and the import it made."""
    events = list(events)
    person_of = _persons_of(events)
    actor_ids = {e.actor_id for e in events if e.actor_id is not None}
    actors = {p.user_id: p for p in Person.objects.filter(coop=coop, user_id__in=actor_ids)} if actor_ids else {}
    usernames = dict(User.objects.filter(pk__in=actor_ids).values_list("pk", "username")) if actor_ids else {}
    people = Person.objects.in_bulk(set(person_of.values()) | {p.pk for p in actors.values()})
    numbers = _member_numbers(coop, people)
    imports = _imports_of(events)
    rows = []
    for event in events:
        if event.actor_id is None:
            actor = str(texts.SYSTEM)
        elif event.actor_id in actors:
            actor = _named(actors[event.actor_id], numbers)
        else:
            actor = usernames.get(event.actor_id, str(texts.SYSTEM))
        person_id = person_of.get(event.pk)
        person = _named(people[person_id], numbers) if person_id in people else _("a person not named here")
        rows.append(
            AuditRow(
                event=event,
                actor=actor,
                sentence=sentence(event.action) % {"actor": actor, "person": person},
                kind=str(texts.KINDS.get(kind_of(event.action), "")),
                import_job_id=imports.get(event.pk),
            )
        )
    return rows


def kind_of(action: str) -> str:
    return action.split(".", 1)[0]


def sentence(action: str) -> str:
    """The sentence of an action, from the table, else by its kind, else the plainest one."""
    words = texts.SENTENCES.get(action) or texts.KIND_SENTENCES.get(kind_of(action)) or texts.OTHER_SENTENCE
    return str(words)


def _named(person: Person, numbers: dict[int, str]) -> str:
    number = numbers.get(person.pk)
    if number:
        return _("%(name)s (member number %(number)s)") % {"name": person.full_name, "number": number}
    return person.full_name


def _persons_of(events: list[AuditEvent]) -> dict[int, int]:
    """The person each event concerns (event id → person id), one query per kind of record."""
    person_of: dict[int, int] = {}
    by_type: dict[str, dict[int, list[int]]] = {}
    for event in events:
        if not event.object_id.isdigit():
            continue
        if event.object_type == PERSON_LABEL:
            person_of[event.pk] = int(event.object_id)
        else:
            by_type.setdefault(event.object_type, {}).setdefault(int(event.object_id), []).append(event.pk)
    models = dict(_person_models())
    for label, wanted in by_type.items():
        model = models.get(label)
        if model is None:
            continue
        for pk, person_id in model._default_manager.filter(pk__in=wanted).values_list("pk", "person_id"):
            for event_id in wanted[pk]:
                person_of[event_id] = person_id
    return person_of


def _member_numbers(coop: Coop, people: dict[int, Person]) -> dict[int, str]:
    """Each person's member number in the coop (their latest membership's)."""
    rows = Membership.objects.filter(coop=coop, person_id__in=people).order_by("joined_on", "pk")
    return dict(rows.values_list("person_id", "member_number"))


def _imports_of(events: list[AuditEvent]) -> dict[int, int]:
    """The import each event belongs to: its own target, or for a writer's event the import saved right after it."""
    found: dict[int, int] = {}
    following = Q()
    waiting: dict[tuple[int | None, int, int], int] = {}
    for event in events:
        if event.object_type == IMPORT_LABEL and event.object_id.isdigit():
            found[event.pk] = int(event.object_id)
        elif event.action.endswith(".imported"):
            key = (event.coop_id, event.lane, event.sequence + 1)
            waiting[key] = event.pk
            following |= Q(coop_id=event.coop_id, lane=event.lane, sequence=event.sequence + 1)
    if waiting:
        for coop_id, lane, sequence, object_id in AuditEvent.objects.filter(following, action=IMPORT_SAVED).values_list(
            "coop_id", "lane", "sequence", "object_id"
        ):
            found[waiting[(coop_id, lane, sequence)]] = int(object_id)
    return found


def described_in_chunks(events: QuerySet[AuditEvent], *, coop: Coop) -> Iterator[AuditRow]:
    """Every event of a selection in words, read EXPORT_CHUNK at a time (for the exports)."""
    chunk: list[AuditEvent] = []
    for event in events.iterator(chunk_size=EXPORT_CHUNK):
        chunk.append(event)
        if len(chunk) == EXPORT_CHUNK:
            yield from describe(chunk, coop=coop)
            chunk = []
    if chunk:
        yield from describe(chunk, coop=coop)


def newest_described(log: AuditLogPage, *, limit: int) -> tuple[list[AuditRow], int]:
    """The newest `limit` events of a selection in words, and how many it holds in all."""
    return describe(log.events[:limit], coop=log.coop), log.events.count()


# An import, as the auditor reads it -------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditedImport:
    coop: Coop
    job: ImportJob
    kind_label: str
    headings: list[str]
    started_by: str


def audit_import(*, user: User, code: str, job_id: int) -> AuditedImport:
    """An import of the coop with the rows it showed and imported, for its auditor; else 404."""
    coop = audit_coop_get(user=user, code=code)
    job = ImportJob.objects.filter(coop_id=coop.pk, pk=job_id).defer("data").select_related("started_by").first()
    if job is None:
        raise Http404
    try:
        importer = core_imports.importer_of(job.kind)
        kind_label, headings = str(importer.label), [str(c.label) for c in importer.columns]
    except KeyError:
        kind_label, headings = job.kind, []
    started_by = str(texts.SYSTEM)
    if job.started_by is not None:
        person = Person.objects.filter(coop=coop, user=job.started_by).first()
        started_by = _named(person, _member_numbers(coop, {person.pk: person})) if person else job.started_by.username
    return AuditedImport(coop=coop, job=job, kind_label=kind_label, headings=headings, started_by=started_by)
