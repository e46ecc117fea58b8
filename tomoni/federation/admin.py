"""Registry data in the operators' admin (no personal data is registered here)."""

from django.contrib import admin

from tomoni.core.admin import AuditedAdmin
from tomoni.federation.models import BusinessLine, Centre, Coop, Federation, Partnership, Region, RelatedInstitution


@admin.register(Federation)
class FederationAdmin(AuditedAdmin):
    list_display = ("code", "name", "name_en")


@admin.register(Coop)
class CoopAdmin(AuditedAdmin):
    list_display = ("code", "name", "kind", "prefecture_code", "directly_controlled")
    list_filter = ("kind", "directly_controlled")
    search_fields = ("code", "name", "name_en")


@admin.register(Region)
class RegionAdmin(AuditedAdmin):
    list_display = ("coop", "code", "name", "opened_on", "closed_on")
    list_filter = ("coop",)


@admin.register(Centre)
class CentreAdmin(AuditedAdmin):
    list_display = ("coop", "code", "name", "municipality", "opened_on", "closed_on")
    list_filter = ("coop",)
    search_fields = ("code", "name", "municipality")
    raw_id_fields = ("region",)


@admin.register(BusinessLine)
class BusinessLineAdmin(AuditedAdmin):
    list_display = ("code", "name", "name_en", "sort_order")


@admin.register(RelatedInstitution)
class RelatedInstitutionAdmin(AuditedAdmin):
    list_display = ("name", "established_on")


@admin.register(Partnership)
class PartnershipAdmin(AuditedAdmin):
    list_display = ("organisation", "scope", "since")
