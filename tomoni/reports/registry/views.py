"""Pages of the reports: published figures, the federation overview, coop, compliance and centre pages.

Each view parses its GET parameters, calls one selector, and renders. Outside a user's grants a page
is a 404 (the selectors raise it).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from tomoni.core.models import User
from tomoni.core.templatetags.tomoni import count
from tomoni.federation.forms import AsOfForm, MonthForm
from tomoni.federation.models import CoopKind
from tomoni.members.models import MembershipKind
from tomoni.reports.registry import selectors


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # guarded by login_required
    return user


def _as_of(request: HttpRequest) -> tuple[AsOfForm, dt.date]:
    form = AsOfForm(request.GET)
    return form, form.day()


def _as_of_context(form: AsOfForm, as_of: dt.date) -> dict[str, Any]:
    """What the shared "as of" picker needs: the value to show and the error, if any."""
    invalid = not form.is_valid()
    return {
        "as_of": as_of,
        "as_of_form": form,
        "as_of_value": form.data.get("as_of", "") if invalid else as_of.isoformat(),
        "as_of_invalid": invalid,
    }


# The published figures ------------------------------------------------------------------------------


def figures(request: HttpRequest) -> HttpResponse:
    """The federation's published figures, like the seed's profile, as of a day. Public."""
    form, as_of = _as_of(request)
    page = selectors.figures_page(as_of=as_of)
    member_kinds = [(MembershipKind(kind).label, n) for kind, n in page.figures.members_by_kind.items()]
    coop_kinds = [(CoopKind(kind).label, n) for kind, n in page.figures.coops_by_kind.items()]
    charts = {
        "members": {
            "title": _("Individual members by kind"),
            "labels": [str(label) for label, _n in member_kinds],
            "values": [n for _label, n in member_kinds],
        },
        "societies": {
            "title": _("Member societies by kind"),
            "labels": [str(label) for label, _n in coop_kinds],
            "values": [n for _label, n in coop_kinds],
        },
    }
    context = {
        "figures": page.figures,
        "relations": page.relations,
        "direct_coop": page.direct_coop,
        "member_kinds": member_kinds,
        "coop_kinds": coop_kinds,
        "charts": charts,
        "members_chart_label": _chart_label(_("Bar chart of individual members by kind"), member_kinds),
        "societies_chart_label": _chart_label(_("Bar chart of member societies by kind"), coop_kinds),
        **_as_of_context(form, as_of),
    }
    return render(request, "reports/figures.html", context)


def _chart_label(title: str, items: list[tuple[Any, int]]) -> str:
    """A chart's text alternative: its title and every bar's value."""
    values = "; ".join(_("%(label)s: %(count)s") % {"label": label, "count": count(n)} for label, n in items)
    return _("%(title)s. %(values)s.") % {"title": title, "values": values}


# Federation staff ------------------------------------------------------------------------------------


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """Every coop of the federation with counts only, for federation staff; others get 404."""
    form, as_of = _as_of(request)
    rows = selectors.federation_overview(user=_user(request), as_of=as_of)
    totals = {
        "members": sum(r.members for r in rows),
        "regions": sum(r.regions for r in rows),
        "centres": sum(r.centres for r in rows),
    }
    kinds = [(kind, MembershipKind(kind).label) for kind in MembershipKind.values]
    context = {"rows": rows, "totals": totals, "kinds": kinds, **_as_of_context(form, as_of)}
    return render(request, "reports/overview.html", context)


# A coop -----------------------------------------------------------------------------------------------


@login_required
def coop(request: HttpRequest, code: str) -> HttpResponse:
    """A coop's page for its officers and auditors: details, regions, centres, officers, members."""
    form, as_of = _as_of(request)
    page = selectors.coop_page(user=_user(request), code=code, as_of=as_of)
    member_kinds = [(MembershipKind(kind).label, n) for kind, n in page.profile.members_by_kind.items()]
    context = {
        "coop": page.coop,
        "profile": page.profile,
        "member_kinds": member_kinds,
        "reads_audit_log": page.reads_audit_log,
        **_as_of_context(form, as_of),
    }
    return render(request, "reports/coop.html", context)


@login_required
def compliance(request: HttpRequest, code: str) -> HttpResponse:
    """How a coop stands with the Worker Cooperatives Act as of a day, rule by rule."""
    form, as_of = _as_of(request)
    page = selectors.compliance_page(user=_user(request), code=code, as_of=as_of)
    context = {"coop": page.coop, "rows": page.rows, "passed": page.passed, **_as_of_context(form, as_of)}
    return render(request, "reports/compliance.html", context)


# A centre ---------------------------------------------------------------------------------------------


@login_required
def centre(request: HttpRequest, code: str, centre_code: str) -> HttpResponse:
    """A centre's page: details, members and their hours this month, officers, contracts, derived counts."""
    form = MonthForm(request.GET)
    as_of = form.as_of()
    page = selectors.centre_page(user=_user(request), coop_code=code, centre_code=centre_code, as_of=as_of)
    month_invalid = not form.is_valid()
    context = {
        "coop": page.centre.coop,
        "centre": page.centre,
        "summary": page.summary,
        "members": page.members,
        "contracts": page.summary.contracts,
        "as_of": as_of,
        "month_value": form.data.get("month", "") if month_invalid else page.summary.month_start.strftime("%Y-%m"),
        "month_form": form,
        "month_invalid": month_invalid,
        "member_count": len(page.members),
        "can_see_coop": page.can_see_coop,
    }
    return render(request, "reports/centre.html", context)
