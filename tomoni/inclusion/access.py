"""Who may do what with a participant's file: the few functions every selector and service asks.

- the register side of a participant (programme, milestones, attendance, certificates) is read by
  whoever reads their centre (its manager and support workers, the coop's officers and auditor);
- special-care records (assessment, plan, goals, reviews, session notes) only by need-to-know: the
  participant's own open caseworkers and the participant; nobody else, whatever their grant;
- programmes are run by the writers of a host centre or of the coop; support workers of a centre
  refer people to it.
"""

from __future__ import annotations

from tomoni.core.models import User
from tomoni.core.scopes import Scope, scope_for
from tomoni.federation.models import Centre
from tomoni.inclusion.models import Caseworker, Participant


def reads_centre(scope: Scope, centre: Centre) -> bool:
    return scope.reads_centre(coop_id=centre.coop_id, region_id=centre.region_id, centre_id=centre.pk)


def writes_centre(actor: User | None, centre: Centre) -> bool:
    """The centre's manager and the coop's officers (system jobs pass None)."""
    if actor is None:
        return True
    return scope_for(actor).writes_centre(coop_id=centre.coop_id, region_id=centre.region_id, centre_id=centre.pk)


def supports_centre(actor: User | None, centre: Centre) -> bool:
    """A support worker granted on the centre (or its region or coop)."""
    if actor is None:
        return True
    return scope_for(actor).reads_special_care(coop_id=centre.coop_id, region_id=centre.region_id, centre_id=centre.pk)


def is_participant(actor: User | None, participant: Participant) -> bool:
    return (
        actor is not None
        and participant.person_id is not None
        and participant.person_id in scope_for(actor).own_person_ids
    )


def is_caseworker(actor: User | None, participant: Participant) -> bool:
    if actor is None or not actor.is_authenticated:
        return False
    return Caseworker.objects.filter(
        coop_id=participant.coop_id, participant=participant, user_id=actor.pk, ended_on__isnull=True
    ).exists()


def needs_to_know(actor: User | None, participant: Participant) -> bool:
    """The participant and their open caseworkers (system jobs pass None): the only readers of special care."""
    if actor is None:
        return True
    if participant.anonymised_on is not None:
        return False
    return is_participant(actor, participant) or is_caseworker(actor, participant)


def reads_participant(actor: User, participant: Participant) -> bool:
    """The register side of the file: the centre's readers, the caseworkers and the participant."""
    return reads_centre(scope_for(actor), participant.centre) or needs_to_know(actor, participant)
