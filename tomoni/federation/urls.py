"""Pages of the federation context (config/urls.py serves them with the reports under `federation:`).

The registry has no page of its own: the pages over it (figures, overview, coop, compliance, centre, audit log)
are reports, in tomoni.reports, because they name the people of the member register.
"""

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
