from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FederationConfig(AppConfig):
    name = "tomoni.federation"
    label = "federation"
    verbose_name = _("Federation")

    def ready(self) -> None:
        from tomoni.core import hooks
        from tomoni.federation import selectors

        hooks.provide_nav_places(lambda user: selectors.nav_places(user=user))
