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
    path(PARTICIPANT + "my-data.pdf", views.disclosure_pdf, name="disclosure_pdf"),
    path(PARTICIPANT + "my-data.json", views.disclosure_json, name="disclosure_json"),
    path(COOP + "cohorts/<int:cohort_id>/", views.cohort, name="cohort"),
    path(COOP + "cohorts/<int:cohort_id>/sessions/new/", views.training_session_new, name="training_session_new"),
    path(COOP + "training-sessions/<int:training_session_id>/attendance/", views.attendance, name="attendance"),
    path(COOP + "programmes/<int:programme_id>/refer/", views.refer, name="refer"),
    path(PARTICIPANT + "consents/new/", views.consent_give, name="consent_give"),
    path(COOP + "consents/<int:consent_id>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path(PARTICIPANT + "start/", views.start, name="start"),
    path(PARTICIPANT + "assessment/", views.assessment, name="assessment"),
    path(PARTICIPANT + "plan/", views.plan_draw_up, name="plan_draw_up"),
    path(COOP + "plans/<int:support_plan_id>/review/", views.review, name="review"),
    path(PARTICIPANT + "sessions/new/", views.session_plan, name="session_plan"),
    path(COOP + "support-sessions/<int:support_session_id>/", views.session_record, name="session_record"),
    path(PARTICIPANT + "certificate/", views.certificate, name="certificate"),
    path(PARTICIPANT + "placement/", views.placement, name="placement"),
    path(PARTICIPANT + "outcome/", views.outcome, name="outcome"),
    path(COOP + "follow-ups/<int:follow_up_id>/", views.follow_up, name="follow_up"),
    path(AGREEMENT + "report/", views.funder_report, name="funder_report"),
    path(AGREEMENT + "report.pdf", views.funder_report_pdf, name="funder_report_pdf"),
    path(AGREEMENT + "report.xlsx", views.funder_report_xlsx, name="funder_report_xlsx"),
]
