"""Pages of the members context: my page, the register, a person, the edit forms and the import."""

from django.urls import URLPattern, URLResolver, path

from tomoni.members import views

app_name = "members"

PERSON = "coops/<slug:code>/people/<int:person_id>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("me/", views.me, name="me"),
    path("coops/<slug:code>/people/", views.register, name="register"),
    path("coops/<slug:code>/people/export.<slug:fmt>", views.register_export, name="register_export"),
    path("coops/<slug:code>/people/new/", views.person_create, name="person_create"),
    path(PERSON, views.person, name="person"),
    path(PERSON + "edit/", views.person_edit, name="person_edit"),
    path(PERSON + "memberships/new/", views.membership_create, name="membership_create"),
    path(PERSON + "memberships/<int:membership_id>/edit/", views.membership_edit, name="membership_edit"),
    path(PERSON + "memberships/<int:membership_id>/end/", views.membership_end, name="membership_end"),
    path(PERSON + "officer-terms/new/", views.officer_term_create, name="officer_term_create"),
    path(PERSON + "officer-terms/<int:term_id>/end/", views.officer_term_end, name="officer_term_end"),
    path(PERSON + "contracts/new/", views.contract_create, name="contract_create"),
    path(PERSON + "contracts/<int:contract_id>/edit/", views.contract_edit, name="contract_edit"),
    path(PERSON + "work-records/new/", views.work_record_create, name="work_record_create"),
    path(PERSON + "work-records/<int:record_id>/edit/", views.work_record_edit, name="work_record_edit"),
    path(PERSON + "reading/", views.reading_preferences, name="reading_preferences"),
    path(PERSON + "special-care/new/", views.special_care_add, name="special_care_add"),
    path("coops/<slug:code>/import/", views.import_register, name="import"),
    path("coops/<slug:code>/import/<int:job_id>/", views.import_job, name="import_job"),
    path("coops/<slug:code>/import/<int:job_id>/progress/", views.import_job_progress, name="import_job_progress"),
    path(
        "coops/<slug:code>/import/template/<slug:kind>.<slug:fmt>",
        views.import_template,
        name="import_template",
    ),
]
