from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkConfig(AppConfig):
    name = "tomoni.work"
    label = "work"
    verbose_name = _("Work and rosters")

    def ready(self) -> None:
        # Register the context's jobs, which services start by name (services.SOLVE_TASK).
        from tomoni.work import tasks  # noqa: F401
