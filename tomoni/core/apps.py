from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "tomoni.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from tomoni.core import auth  # noqa: F401 - registers the deploy checks


class OperatorAdminConfig(admin_apps.AdminConfig):
    """Django's admin, served by the operators-only site."""

    default = False  # named in INSTALLED_APPS; CoreConfig stays this module's default

    default_site = "tomoni.core.sites.OperatorSite"
