"""Pages of the governance context: meetings, voting and delegates (GOV-VOICE's pages are included from voice.urls)."""

from django.urls import URLPattern, URLResolver, include, path

from tomoni.governance.delegates import views as delegates
from tomoni.governance.meetings import views as meetings
from tomoni.governance.voting import views as voting

app_name = "governance"

MEETING = "coops/<slug:code>/meetings/<int:meeting_id>/"
MOTION = "coops/<slug:code>/motions/<int:motion_id>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("coops/<slug:code>/meetings/", meetings.meetings, name="meetings"),
    path("coops/<slug:code>/meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("coops/<slug:code>/governance-settings/", meetings.settings_edit, name="settings"),
    path("coops/<slug:code>/constituencies/", delegates.constituencies, name="constituencies"),
    path(
        "coops/<slug:code>/constituencies/<int:constituency_id>/",
        delegates.constituency,
        name="constituency",
    ),
    path(MEETING, meetings.meeting, name="meeting"),
    path(MEETING + "action/", meetings.meeting_action, name="meeting_action"),
    path(MEETING + "agenda/new/", meetings.agenda_item_create, name="agenda_item_create"),
    path(MEETING + "motions/new/", voting.motion_create, name="motion_create"),
    path(MEETING + "attendance/", meetings.attendance, name="attendance"),
    path(MEETING + "attendance/new/", meetings.attendance_create, name="attendance_create"),
    path(MOTION + "vote/", voting.vote, name="vote"),
    path(MOTION + "action/", voting.motion_action, name="motion_action"),
    path(MOTION + "candidates/new/", voting.candidate_create, name="candidate_create"),
    path(MOTION + "paper/", voting.paper_vote, name="paper_vote"),
    path(MOTION + "tie/", voting.tie_resolve, name="tie_resolve"),
    path(MOTION + "results/", voting.results, name="results"),
    path(MOTION + "results.csv", voting.results_csv, name="results_csv"),
    path("", include("tomoni.governance.voice.urls")),  # proposals, decisions, minutes, notices (GOV-VOICE)
]
