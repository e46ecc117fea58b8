from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "tomoni.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from tomoni.core import auth  # noqa: F401 - registers the deploy checks
