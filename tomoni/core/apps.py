from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "tomoni.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_added, authenticator_removed
        from django.contrib.auth.signals import user_logged_in

        from tomoni.core import (
            auth,  # registers the deploy checks
            schema,  # noqa: F401  (the OpenAPI names of its authentication classes)
            tasks,  # noqa: F401  (the import jobs, which the services start by name)
        )

        authenticator_added.connect(
            auth.revoke_api_tokens_when_two_factor_is_turned_on, dispatch_uid="tomoni-mfa-token"
        )
        for signal in (user_logged_in, authenticator_added, authenticator_removed):
            signal.connect(auth.remember_two_factor_state_on_login, dispatch_uid=f"tomoni-two-factor-{id(signal)}")


class OperatorAdminConfig(admin_apps.AdminConfig):
    """Django's admin, served by the operators-only site."""

    default = False  # named in INSTALLED_APPS; CoreConfig stays this module's default

    default_site = "tomoni.core.sites.OperatorSite"
