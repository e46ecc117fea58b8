from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "tomoni.operations"
    label = "operations"
    verbose_name = _("Business and books")

    def ready(self) -> None:
        # The federation's figures gain the turnover from the books without federation importing upward:
        # operations registers the function that reads its monthly summaries.
        from tomoni.federation import figures_hooks
        from tomoni.operations.selectors import federation_turnover

        figures_hooks.register_turnover(federation_turnover)
