from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from tomoni.core.imports import Checked


class MembersConfig(AppConfig):
    name = "tomoni.members"
    label = "members"
    verbose_name = _("Members")

    def ready(self) -> None:
        from tomoni.core import hooks
        from tomoni.core.imports import register_importer
        from tomoni.federation.models import Coop
        from tomoni.members import imports, selectors, services

        hooks.provide_own_person_ids(selectors.person_ids_of_user)

        def save_people(actor: Any, coop_id: int, checked: Checked, source: str) -> int:
            coop = Coop.objects.get(pk=coop_id)
            return services.people_import(actor=actor, coop=coop, rows=checked.rows, source=source)

        def save_work(actor: Any, coop_id: int, checked: Checked, source: str) -> int:
            coop = Coop.objects.get(pk=coop_id)
            return services.work_records_import(actor=actor, coop=coop, rows=checked.rows, source=source)

        for importer in imports.importers(save_people=save_people, save_work=save_work):
            register_importer(importer)
