from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CapitalConfig(AppConfig):
    name = "tomoni.capital"
    label = "capital"
    verbose_name = _("Capital")
