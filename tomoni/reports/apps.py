from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "tomoni.reports"
    label = "reports"
    verbose_name = _("Start page and reports")

    def ready(self) -> None:
        from tomoni.core import jobs
        from tomoni.core.audit import audit_listen
        from tomoni.reports import services, tasks

        for action in services.TOLD:
            audit_listen(action, lambda event_id: jobs.start(tasks.notify, event_id))
