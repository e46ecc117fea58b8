"""Starting a background job (a Celery task) once the current transaction commits.

With a broker (CELERY_BROKER_URL) the job goes to a Celery worker. Without one, the job still must not
hold the person's request: solving a roster takes up to a minute and a convocation to 6,000 members
takes many seconds, and the pages show their progress while they run. So it runs in a thread of this
process, with its own database connection. The tests set JOBS_IN_THREAD off and run jobs inline, so
what a job wrote is there when the request returns.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connections, transaction

logger = logging.getLogger(__name__)


def _run_in_thread(task: Any, args: tuple[Any, ...]) -> None:
    close_old_connections()
    try:
        task.apply(args=args, throw=True)
    except Exception:  # the job records its own failure where it can; the log keeps the rest
        logger.exception("job %s%r failed", task.name, args)
    finally:
        connections.close_all()


def start(task: Any, *args: Any) -> None:
    """Start `task(*args)` once the current transaction commits (at once outside a transaction)."""

    def go() -> None:
        if not settings.CELERY_TASK_ALWAYS_EAGER:
            task.delay(*args)
        elif getattr(settings, "JOBS_IN_THREAD", False):
            threading.Thread(target=_run_in_thread, args=(task, args), name=f"job {task.name}").start()
        else:
            task.delay(*args)  # eager: runs here and now, and its errors propagate

    transaction.on_commit(go)
