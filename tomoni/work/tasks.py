"""Jobs of the work context: solving a roster (in-process unless CELERY_BROKER_URL names a broker).

Tasks call services; services start tasks by name (services.SOLVE_TASK) after the transaction commits.
"""

from __future__ import annotations

from celery import shared_task

from tomoni.work import services


@shared_task(name=services.SOLVE_TASK)
def solve_roster(roster_id: int) -> str:
    """Solve a roster by its id, writing progress and the result to the roster row; returns the solver status."""
    return services.roster_solve_run(roster_id=roster_id).solver_status
