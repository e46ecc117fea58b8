"""Pages of proposals, decisions, minutes, notices and calendar feeds (included by urls.py)."""

from django.urls import URLPattern, URLResolver, path

from tomoni.governance.voice import views

COOP = "coops/<slug:code>/"
PROPOSAL = COOP + "proposals/<int:proposal_id>/"
MEETING = COOP + "meetings/<int:meeting_id>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(COOP + "proposals/", views.proposals, name="proposals"),
    path(COOP + "proposals/new/", views.proposal_create, name="proposal_create"),
    path(PROPOSAL, views.proposal, name="proposal"),
    path(PROPOSAL + "comments/", views.proposal_comment, name="proposal_comment"),
    path(PROPOSAL + "support/", views.proposal_support, name="proposal_support"),
    path(PROPOSAL + "settle/", views.proposal_respond, name="proposal_respond"),
    path(COOP + "decisions/", views.decisions, name="decisions"),
    path(COOP + "decisions/<int:decision_id>/", views.decision, name="decision"),
    path(MEETING + "decisions/new/", views.decision_create, name="decision_create"),
    path(COOP + "minutes/", views.minutes_index, name="minutes_index"),
    path(MEETING + "minutes/", views.minutes, name="minutes"),
    path(MEETING + "minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path(MEETING + "minutes/sign/", views.minutes_sign, name="minutes_sign"),
    path(MEETING + "notices/", views.notices_page, name="notices"),
    path(COOP + "opinion-report/", views.opinion_report, name="opinion_report"),
    path("me/calendar/", views.my_calendar, name="my_calendar"),
    path(COOP + "calendar/<int:person_id>.ics", views.calendar_feed, name="calendar_feed"),
]
