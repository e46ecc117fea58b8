"""Pages of the capital context."""

from django.urls import URLPattern, URLResolver, path

from tomoni.capital.appropriation import views as views_appropriation
from tomoni.capital.ledger import views

app_name = "capital"

CAPITAL = "coops/<slug:code>/capital/"
PERSON = CAPITAL + "people/<int:person_id>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("me/capital/", views.me, name="me"),
    path("me/capital/statement.pdf", views.me_pdf, name="me_pdf"),
    path("federation/capital/", views.federation, name="federation"),
    path(CAPITAL, views.register, name="register"),
    path(CAPITAL + "register.csv", views.register_csv, name="register_csv"),
    path(CAPITAL + "members.pdf", views.member_roll_pdf, name="member_roll_pdf"),
    path(CAPITAL + "settings/", views.settings_edit, name="settings"),
    path(CAPITAL + "import/", views.import_balances, name="import"),
    path(CAPITAL + "import/template.csv", views.import_template, name="import_template"),
    path(CAPITAL + "entries/<int:entry_id>/reverse/", views.reverse_entry, name="reverse"),
    path(PERSON, views.person, name="person"),
    path(PERSON + "statement.pdf", views.person_pdf, name="person_pdf"),
    path(PERSON + "subscribe/", views.subscribe, name="subscribe"),
    path(PERSON + "pay/", views.pay, name="pay"),
    path(PERSON + "transfer/", views.transfer, name="transfer"),
    path(PERSON + "withdrawal/", views.withdraw, name="withdraw"),
    path(PERSON + "refund/", views.refund, name="refund"),
]

# The year-end appropriation and the work-engaged dividend (CAP-APPROP).
urlpatterns += views_appropriation.urlpatterns
