from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreferencesConfig(AppConfig):
    name = "tomoni.preferences"
    verbose_name = _("Reading preferences")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from tomoni.core import hooks
        from tomoni.preferences.selectors import remember_display, saved_display, saved_language

        def load_display(sender: object, request: object, user: object, **kwargs: object) -> None:
            session = getattr(request, "session", None)
            if session is not None:
                remember_display(session, saved_display(user))

        user_logged_in.connect(load_display, dispatch_uid="tomoni.preferences.load_display", weak=False)
        # The API's refusals that concern a login (two-factor required) are written in the language it chose.
        hooks.provide_saved_language(saved_language)
