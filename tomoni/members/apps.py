from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "tomoni.members"
    label = "members"
    verbose_name = _("Members")

    def ready(self) -> None:
        from tomoni.core import hooks
        from tomoni.members import selectors

        hooks.provide_own_person_ids(selectors.person_ids_of_user)
