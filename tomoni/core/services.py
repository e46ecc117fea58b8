"""Writes of the core: accounts' API tokens; imports run as jobs (checked, previewed, then saved); records sent
from a phone, stored once."""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from tomoni.core import clock, imports, jobs
from tomoni.core.audit import audit_record
from tomoni.core.errors import TomoniError, TwoFactorRequired
from tomoni.core.models import ClientSubmission, ImportJob, ImportStatus, User
from tomoni.core.selectors import api_token_expired, two_factor_blocks_api

logger = logging.getLogger(__name__)

# Why a user's API tokens were revoked, as the audit event records it.
REVOKED_BY_OWNER = "owner"
REVOKED_PASSWORD_CHANGED = "password_changed"  # noqa: S105 - a reason, not a password
REVOKED_TWO_FACTOR_ENABLED = "two_factor_enabled"


@transaction.atomic
def api_token_issue(*, user: User) -> str:
    """The user's API token, created on first issue (or anew once expired); the audit event names the account.

    Refused (TwoFactorRequired) to a login that must use two-factor and, past its grace period, has not turned it on.
    """
    if two_factor_blocks_api(user=user, today=clock.today()):
        raise TwoFactorRequired(user.pk)
    token = Token.objects.select_for_update().filter(user=user).first()
    if token is not None and api_token_expired(token.created):
        token.delete()
        audit_record(actor=user, action="core.api_token.expired", target=user)
        token = None
    if token is None:
        token = Token.objects.create(user=user)
        audit_record(actor=user, action="core.api_token.created", target=user)
    return token.key


@transaction.atomic
def api_token_revoke(*, user: User, actor: User | None, reason: str) -> int:
    """Revoke every API token of `user` (their owner, a password change, two-factor turned on); how many."""
    revoked, _ = Token.objects.filter(user=user).delete()
    if revoked:
        audit_record(actor=actor, action="core.api_token.revoked", target=user, data={"reason": reason})
    return revoked


# Imports -----------------------------------------------------------------------------------------
# Every import is an ImportJob: the file is checked (the preview: what will be imported and each row's
# problem), then, once the person confirms, checked again and saved all or nothing by the kind's one writer.
# A small file is checked and saved within the request; a larger one in a job whose progress the page shows.

IMPORT_CHECK_TASK = "core.import_check"
IMPORT_SAVED = "core.import.saved"
IMPORT_SAVE_TASK = "core.import_save"
# Up to this size (some five thousand rows) a file is checked within the request, in a second or two.
IMPORT_INLINE_BYTES = 512 * 1024
# The rows of the file a preview and a result page show.
IMPORT_SHOWN_ROWS = 100
# How far the bar has gone once the save job has checked the file again (the save itself is one transaction).
_SAVE_CHECKED_PERCENT = 60


def import_job_start(
    *, actor: User | None, coop_id: int, kind: str, filename: str, data: bytes, language: str
) -> ImportJob:
    """Keep the file and check it (within the request when small, else in a job): nothing is imported yet."""
    imports.importer_of(kind)  # an unknown kind is a programming error: KeyError
    inline = len(data) <= IMPORT_INLINE_BYTES
    with transaction.atomic():
        job = ImportJob.objects.create(
            coop_id=coop_id,
            kind=kind,
            filename=filename[:255],
            data=data,
            language=language,
            started_by=actor if actor is not None and actor.is_authenticated else None,
        )
        audit_record(
            actor=actor,
            action="core.import.started",
            coop_id=coop_id,
            target=job,
            data={"kind": kind, "filename": job.filename, "bytes": len(data)},
        )
        if not inline:
            _enqueue(IMPORT_CHECK_TASK, job.pk)
    if inline:
        return import_job_check_run(job_id=job.pk)
    return job


def import_job_confirm(*, actor: User | None, job: ImportJob) -> ImportJob:
    """Import a checked file: saved all or nothing (within the request when small, else in a job)."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=job.pk)
        if job.status != ImportStatus.CHECKED:
            raise TomoniError(_("This file is not waiting to be imported. Upload it again."))
        job.status = ImportStatus.SAVING
        job.progress_percent = 0
        job.save(update_fields=["status", "progress_percent", "updated_at"])
        audit_record(actor=actor, action="core.import.confirmed", coop_id=job.coop_id, target=job)
        inline = len(job.data) <= IMPORT_INLINE_BYTES
        if not inline:
            _enqueue(IMPORT_SAVE_TASK, job.pk)
    if inline:
        return import_job_save_run(job_id=job.pk)
    return job


def import_job_check_run(*, job_id: int) -> ImportJob:
    """The check: read the file and check every row, writing progress; then the preview, or the problems."""
    job = ImportJob.objects.select_related("started_by").get(pk=job_id)
    importer = imports.importer_of(job.kind)
    with translation.override(job.language):
        try:
            table = _import_table(job)
            checked = importer.check(job.started_by, job.coop_id, table, _import_progress(job.pk, 0, 100))
        except imports.ImportFileError as error:
            return _import_refused(job, error.message)
        except Exception:
            logger.exception("import %s could not be checked", job.pk)
            return _import_refused(job, _("The file could not be checked. Nothing was saved; please try again."))
        _import_outcome(job, importer, table, checked)
        job.status = ImportStatus.CHECKED if checked.ok else ImportStatus.REFUSED
        if not checked.ok:
            job.data = b""
            job.finished_at = clock.now()
        job.save()
    return job


def import_job_save_run(*, job_id: int) -> ImportJob:
    """The save: check the file again (the register may have changed since the preview), then save it all."""
    job = ImportJob.objects.select_related("started_by").get(pk=job_id)
    importer = imports.importer_of(job.kind)
    with translation.override(job.language):
        try:
            table = _import_table(job)
            progress = _import_progress(job.pk, 0, _SAVE_CHECKED_PERCENT)
            checked = importer.check(job.started_by, job.coop_id, table, progress)
            if not checked.ok:
                _import_outcome(job, importer, table, checked)
                return _import_refused(job, _("The register changed since the preview. Nothing was saved."))
            with transaction.atomic():
                saved = importer.save(job.started_by, job.coop_id, checked, job.filename)
                _import_outcome(job, importer, table, checked)
                job.status = ImportStatus.DONE
                job.rows_saved = saved
                job.data = b""
                job.finished_at = clock.now()
                job.save()
                # Right after the writer's own event, by the same actor in the same transaction: the audit log
                # finds that event's import as the next link of its chain (tomoni.reports.audit).
                audit_record(
                    actor=job.started_by,
                    action=IMPORT_SAVED,
                    coop_id=job.coop_id,
                    target=job,
                    data={"kind": job.kind, "rows": saved},
                )
        except imports.ImportFileError as error:
            return _import_refused(job, error.message)
        except TomoniError as error:
            return _import_refused(job, error.message)
        except IntegrityError:
            return _import_refused(
                job, _("The register changed while the file was imported. Nothing was saved; please try again.")
            )
        except Exception:
            logger.exception("import %s could not be saved", job.pk)
            return _import_refused(job, _("The file could not be imported. Nothing was saved; please try again."))
    return job


def _import_table(job: ImportJob) -> imports.Table:
    table = imports.read_table(bytes(job.data), job.filename)
    if not table.rows:
        raise imports.ImportFileError(_("The file has no rows below its header."))
    ImportJob.objects.filter(pk=job.pk).update(rows_total=len(table.rows))
    job.rows_total = len(table.rows)
    return table


def _import_progress(job_id: int, low: int, high: int) -> imports.ProgressCallback:
    """Write the share of rows checked to the job, between `low` and `high` percent (once a percent at most)."""

    def write(share: float) -> None:
        ImportJob.objects.filter(pk=job_id).update(progress_percent=low + int((high - low) * share))

    return write


def _import_outcome(job: ImportJob, importer: imports.Importer, table: imports.Table, checked: imports.Checked) -> None:
    """Put the problems and the first rows of the file, with each row's problems, on the job."""
    columns = importer.columns
    job.problem_count = len(checked.errors)
    job.rows_with_problems = checked.rows_with_errors
    job.problems = [
        {
            "row": e.row,
            "column": e.column,
            "label": imports.column_label(columns, e.column) if e.column else "",
            "message": e.message,
        }
        for e in checked.errors_shown
    ]
    by_row: dict[int, list[str]] = {}
    for e in checked.errors:
        by_row.setdefault(e.row, []).append(e.message)
    index = imports.column_index(table, columns)
    job.shown_rows = [
        {
            "row": number,
            "cells": [cells[index[c.key]] if index.get(c.key, len(cells)) < len(cells) else "" for c in columns],
            "problems": by_row.get(number, []),
        }
        for number, cells in table.rows[:IMPORT_SHOWN_ROWS]
    ]
    job.progress_percent = 100


def _import_refused(job: ImportJob, message: str) -> ImportJob:
    job.status = ImportStatus.REFUSED
    job.file_error = message
    job.data = b""
    job.progress_percent = 100
    job.finished_at = clock.now()
    job.save()
    return job


def _enqueue(name: str, *args: Any) -> None:
    """Start the registered task of that name once the transaction commits."""
    from celery import current_app

    jobs.start(current_app.tasks[name], *args)


# Records sent from a phone, stored once ---------------------------------------------------------


def _fingerprint(actor: User | None, action: str, payload: dict[str, Any]) -> str:
    text = json.dumps({"actor": getattr(actor, "pk", None), "action": action, **payload}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def submission_once(
    *,
    actor: User | None,
    coop_id: int,
    key: uuid.UUID,
    action: str,
    payload: dict[str, Any],
    write: Callable[[], Model],
) -> tuple[str, bool]:
    """Store a record sent under a client key exactly once: (the stored object's id, whether it was a replay).

    Call it inside the service's transaction. The same key with the same values returns the first result
    without writing; the same key with other values is a conflicting edit and is refused.
    """
    fingerprint = _fingerprint(actor, action, payload)
    with transaction.atomic():
        sent = ClientSubmission.objects.select_for_update().filter(coop_id=coop_id, key=key).first()
        if sent is not None:
            if sent.fingerprint != fingerprint:
                raise TomoniError(
                    _(
                        "This record was already sent with other values, so nothing was changed. "
                        "Check what was stored, and enter a new record if something is still missing."
                    )
                )
            return sent.object_id, True
        stored = write()
        try:
            with transaction.atomic():
                ClientSubmission.objects.create(
                    coop_id=coop_id,
                    key=key,
                    action=action,
                    fingerprint=fingerprint,
                    object_id=str(stored.pk),
                    actor=actor,
                )
        except IntegrityError as error:  # the same record arrived twice at the same moment: the other one won
            raise TomoniError(_("This record is being sent twice at once. Please try again.")) from error
        return str(stored.pk), False
