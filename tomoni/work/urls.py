"""Pages of the work context: a centre's rosters and board, settings, fairness, exports; my roster."""

from django.urls import URLPattern, URLResolver, path

from tomoni.work import views

app_name = "work"

CENTRE = "coops/<slug:code>/centres/<slug:centre_code>/"
ROSTER = CENTRE + "rosters/<int:roster_id>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(CENTRE + "rosters/", views.rosters, name="rosters"),
    path(CENTRE + "roster-settings/", views.centre_settings, name="settings"),
    path(CENTRE + "fairness/", views.quarter_fairness, name="quarter_fairness"),
    path(ROSTER, views.roster, name="roster"),
    path(ROSTER + "progress/", views.roster_progress, name="roster_progress"),
    path(ROSTER + "solve/", views.roster_solve, name="roster_solve"),
    path(ROSTER + "publish/", views.roster_publish, name="roster_publish"),
    path(ROSTER + "cell/", views.roster_cell, name="roster_cell"),
    path(ROSTER + "fairness/", views.roster_fairness, name="roster_fairness"),
    path(ROSTER + "hours/", views.roster_hours, name="roster_hours"),
    path(ROSTER + "export.<slug:fmt>", views.roster_export, name="roster_export"),
    path(ROSTER + "people/<int:person_id>/calendar.ics", views.roster_person_calendar, name="roster_person_calendar"),
    path(ROSTER + "swaps/<int:swap_id>/decide/", views.swap_decide, name="swap_decide"),
    path("me/roster/", views.my_roster, name="my_roster"),
    path("me/roster/hours/", views.my_hours_report, name="my_hours_report"),
    path("me/roster/calendar.ics", views.my_calendar, name="my_calendar"),
    path("me/roster/wishes/", views.my_wishes, name="my_wishes"),
    path("me/roster/wishes/<int:wish_id>/remove/", views.my_wish_remove, name="my_wish_remove"),
    path("me/roster/swaps/new/", views.my_swap_new, name="my_swap_new"),
    path("me/roster/swaps/<int:swap_id>/withdraw/", views.my_swap_withdraw, name="my_swap_withdraw"),
]
