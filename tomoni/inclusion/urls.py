"""Pages of work integration: my path, the caseload, files, programmes, cohorts, attendance, reports."""

from django.urls import URLPattern, URLResolver, path

from tomoni.inclusion import views

app_name = "inclusion"

COOP = "coops/<slug:code>/"
PARTICIPANT = COOP + "participants/<int:participant_id>/"
AGREEMENT = COOP + "funding-agreements/<int:funding_agreement_id>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("me/path/", views.me, name="me"),
    path("me/path/plans/<int:support_plan_id>/", views.my_plan, name="my_plan"),
    path("caseload/", views.caseload, name="caseload"),
    path("federation/work-integration/", views.federation_impact, name="federation_impact"),
    path(COOP + "programmes/", views.programmes, name="programmes"),
    path(COOP + "work-integration/", views.coop_impact, name="impact"),
    path(COOP + "participants/import/", views.participants_import, name="import"),
    path(PARTICIPANT, views.participant, name="participant"),
    path(PARTICIPANT + "file/", views.case_file, name="case_file"),
    path(COOP + "cohorts/<int:cohort_id>/", views.cohort, name="cohort"),
    path(COOP + "training-sessions/<int:training_session_id>/attendance/", views.attendance, name="attendance"),
    path(AGREEMENT + "report/", views.funder_report, name="funder_report"),
    path(AGREEMENT + "report.pdf", views.funder_report_pdf, name="funder_report_pdf"),
    path(AGREEMENT + "report.xlsx", views.funder_report_xlsx, name="funder_report_xlsx"),
]
