"""Pages of the business and its books."""

from django.urls import URLPattern, URLResolver, path

from tomoni.operations import views

app_name = "operations"

BOOKS = "coops/<slug:code>/books/"
YEAR = BOOKS + "years/<int:fiscal_year>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("me/books/", views.me, name="me"),
    path("federation/books/", views.federation_books, name="federation_books"),
    path(BOOKS, views.books, name="books"),
    path(BOOKS + "centres/<slug:department>/", views.department, name="department"),
    path(BOOKS + "import/", views.upload, name="upload"),
    path(BOOKS + "import/<slug:template>-template.csv", views.upload_template, name="upload_template"),
    path(BOOKS + "centres/<slug:department>/budget/<int:fiscal_year>/", views.budget, name="budget"),
    path("coops/<slug:code>/records/", views.records_index, name="records_index"),
    path("coops/<slug:code>/records/<slug:centre>/", views.records, name="records"),
    path("coops/<slug:code>/records/<slug:centre>/service/", views.record, {"kind": "service"}, name="record_service"),
    path(
        "coops/<slug:code>/records/<slug:centre>/production/",
        views.record,
        {"kind": "production"},
        name="record_production",
    ),
    path(YEAR, views.statements, name="statements"),
    path(YEAR + "steps/", views.year_end_step, name="year_end_step"),
    path(YEAR + "export/<slug:software>.csv", views.export, name="export"),
    path(YEAR + "<str:document>", views.statements_file, name="statements_file"),
]
