"""Jobs of the core: checking and saving an imported file (in-process unless CELERY_BROKER_URL names a broker).

Tasks call services; services start tasks by name (services.IMPORT_CHECK_TASK, IMPORT_SAVE_TASK) after commit.
"""

from __future__ import annotations

from celery import shared_task

from tomoni.core import services


@shared_task(name=services.IMPORT_CHECK_TASK)
def import_check(job_id: int) -> str:
    """Read and check an imported file by its job's id, writing progress and the preview; returns the status."""
    return services.import_job_check_run(job_id=job_id).status


@shared_task(name=services.IMPORT_SAVE_TASK)
def import_save(job_id: int) -> str:
    """Check the file again and save it all or nothing, writing progress and the result; returns the status."""
    return services.import_job_save_run(job_id=job_id).status
