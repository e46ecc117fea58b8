"""Secrecy: no model, query, export or log joins a secret ballot to its member."""

import json

from django.apps import apps
from django.db import models
from django.urls import reverse

from tomoni.core.models import AuditEvent
from tomoni.governance.models import Ballot, BallotMark, Motion, Participation
from tomoni.governance.tests.factories import close, open_motion
from tomoni.governance.voting import services
from tomoni.members.models import Person
from tomoni.testing import PASSWORD

SECRET = {Ballot, BallotMark}
# What a ballot may point to: the coop, the motion, and (a mark) its ballot and the candidate marked.
ALLOWED_TARGETS = {"federation.coop", "governance.motion", "governance.ballot", "governance.candidate"}
PERSONAL = {"members.person", "core.user", "governance.participation", "governance.rollentry", "governance.attendance"}


def test_secret_tables_carry_no_person_no_participation_and_no_time():
    for model in SECRET:
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete:
                assert field.related_model._meta.label_lower in ALLOWED_TARGETS, (model, field.name)
            assert not isinstance(field, (models.DateTimeField, models.DateField, models.TimeField)), (
                model,
                field.name,
            )
            assert not isinstance(field, (models.AutoField, models.BigAutoField)), (model, field.name)
        assert isinstance(model._meta.pk, models.UUIDField)


def test_nothing_in_the_project_points_at_a_secret_ballot_except_its_marks():
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete and field.related_model in SECRET:
                assert (model, field.related_model) == (BallotMark, Ballot), (model, field.name)


def test_no_path_from_a_ballot_reaches_a_person():
    """Walk every foreign key from the secret tables: none reaches a person, a user or a participation."""
    seen, frontier = set(), [Ballot, BallotMark]
    while frontier:
        model = frontier.pop()
        label = model._meta.label_lower
        if label in seen:
            continue
        seen.add(label)
        assert label not in PERSONAL, f"a ballot reaches {label}"
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete and field.many_to_one:
                target = field.related_model
                # A candidate's person is public (they stand for election), not the voter: stop there.
                if target._meta.label_lower in ("governance.candidate", "governance.motion", "federation.coop"):
                    continue
                frontier.append(target)


def test_participation_says_who_took_part_never_how():
    names = {f.name for f in Participation._meta.get_fields()}
    assert not names & {"choice", "ballot", "receipt", "receipt_sha256", "candidate"}


def test_api_results_and_audit_log_carry_no_link(world, client):
    motion = open_motion(world)
    code = services.vote_cast(actor=world.member, motion=motion, choice="against")
    ballot = Ballot.objects.get()
    motion = close(world, motion)
    client.login(username="officer", password=PASSWORD)
    for url in (
        reverse("api-governance-results", kwargs={"code": "cwc", "motion_id": motion.pk}),
        reverse("api-governance-motion", kwargs={"code": "cwc", "motion_id": motion.pk}),
        reverse("governance:results", kwargs={"code": "cwc", "motion_id": motion.pk}),
        reverse("governance:results_csv", kwargs={"code": "cwc", "motion_id": motion.pk}),
        reverse("governance:meeting", kwargs={"code": "cwc", "meeting_id": motion.meeting_id}),
    ):
        body = client.get(url).content.decode()
        for secret in (str(ballot.pk), ballot.receipt_sha256, code):
            assert secret not in body, url
    person = Person.objects.get(user=world.member)
    for event in AuditEvent.objects.all():
        text = json.dumps(event.data, ensure_ascii=False) + event.object_id
        assert str(ballot.pk) not in text and ballot.receipt_sha256 not in text and code not in text
        if event.action == "governance.vote.cast":
            assert event.data == {"person": person.pk, "channel": "online", "paper_reference": ""}


def test_motion_results_hold_only_aggregates():
    names = {f.name for f in Motion._meta.get_fields()}
    assert {"for_count", "against_count", "abstain_count", "present_count", "on_roll_count"} <= names
