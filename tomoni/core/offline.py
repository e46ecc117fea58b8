"""Entry in the field with no signal: the installable app's manifest and service worker, served from the root.

A page whose forms work offline marks them with `data-offline` (the page script, static/tomoni/outbox.js,
keeps what is entered there while offline and sends it when back online, each record under a key the phone
makes) and its view wraps the response in `offline_ready`, so the service worker keeps a copy of the page to
open with no signal. The service that stores such a record calls `core.services.submission_once`.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

# The service worker keeps a copy only of the pages whose response carries this header.
OFFLINE_READY_HEADER = "X-Tomoni-Offline-Ready"


def offline_ready(response: HttpResponse) -> HttpResponse:
    """Mark a page the service worker may keep, to open it with no signal (a page with `data-offline` forms)."""
    if response.status_code == 200:
        response[OFFLINE_READY_HEADER] = "1"
    return response


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest: Tomoni installs on a phone's home screen and opens on "my page"."""
    icon = static("tomoni/icon.svg")
    return JsonResponse(
        {
            "name": _("Tomoni"),
            "short_name": _("Tomoni"),
            "description": _("Tomoni — together. Software for co-operatives of associated work."),
            "start_url": "/me/",
            "scope": "/",
            "display": "standalone",
            "background_color": "#ffffff",
            "theme_color": "#1d4f91",
            "icons": [{"src": icon, "sizes": "any", "type": "image/svg+xml", "purpose": "any"}],
        },
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )


@never_cache
@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, from the root so its scope is the whole site; never cached, so an update is seen."""
    response = render(request, "core/sw.js", content_type="text/javascript")
    response["Service-Worker-Allowed"] = "/"
    return response
