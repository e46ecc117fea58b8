from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InclusionConfig(AppConfig):
    name = "tomoni.inclusion"
    label = "inclusion"
    verbose_name = _("Work integration")

    def ready(self) -> None:
        from tomoni.federation import figures_hooks
        from tomoni.inclusion.impact import public_figures

        # The published figures (tomoni.reports) gain the work-integration figures, counted from records.
        figures_hooks.register_work_integration(public_figures)
