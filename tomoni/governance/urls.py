"""Pages of the governance context: meetings and voting (GOV-VOICE's pages are included from urls_voice)."""

from django.urls import URLPattern, URLResolver, include, path

from tomoni.governance.delegates import views as views_delegates
from tomoni.governance.voting import views

app_name = "governance"

MEETING = "coops/<slug:code>/meetings/<int:meeting_id>/"
MOTION = "coops/<slug:code>/motions/<int:motion_id>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("coops/<slug:code>/meetings/", views.meetings, name="meetings"),
    path("coops/<slug:code>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("coops/<slug:code>/governance-settings/", views.settings_edit, name="settings"),
    path("coops/<slug:code>/constituencies/", views_delegates.constituencies, name="constituencies"),
    path(
        "coops/<slug:code>/constituencies/<int:constituency_id>/",
        views_delegates.constituency,
        name="constituency",
    ),
    path(MEETING, views.meeting, name="meeting"),
    path(MEETING + "action/", views.meeting_action, name="meeting_action"),
    path(MEETING + "agenda/new/", views.agenda_item_create, name="agenda_item_create"),
    path(MEETING + "motions/new/", views.motion_create, name="motion_create"),
    path(MEETING + "attendance/", views.attendance, name="attendance"),
    path(MEETING + "attendance/new/", views.attendance_create, name="attendance_create"),
    path(MOTION + "vote/", views.vote, name="vote"),
    path(MOTION + "action/", views.motion_action, name="motion_action"),
    path(MOTION + "candidates/new/", views.candidate_create, name="candidate_create"),
    path(MOTION + "paper/", views.paper_vote, name="paper_vote"),
    path(MOTION + "tie/", views.tie_resolve, name="tie_resolve"),
    path(MOTION + "results/", views.results, name="results"),
    path(MOTION + "results.csv", views.results_csv, name="results_csv"),
    path("", include("tomoni.governance.voice.urls")),  # proposals, decisions, minutes, notices (GOV-VOICE)
]
