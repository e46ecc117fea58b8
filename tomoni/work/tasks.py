"""Jobs of the work context: solving a roster (in-process unless CELERY_BROKER_URL names a broker)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="work.solve_roster")
def solve_roster(roster_id: int) -> str:
    """Solve a roster by its id, writing progress and the result to the roster row; returns the solver status."""
    from tomoni.work import services

    return services.roster_solve_run(roster_id=roster_id).solver_status
