from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "tomoni.governance"
    label = "governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        # Register the jobs, which the services start by name (tasks.py imports the services, not the reverse).
        from tomoni.governance import tasks  # noqa: F401
