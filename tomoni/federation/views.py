"""Pages of the registry: published figures, the federation overview, coop, compliance and centre pages.

Each view parses its GET parameters, calls the selectors, and renders. Outside a user's grants a
page is a 404 (the selectors raise it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tomoni.core import selectors as core_selectors
from tomoni.core.models import User
from tomoni.core.scopes import scope_for
from tomoni.core.templatetags.tomoni import count, format_percent
from tomoni.federation import selectors
from tomoni.federation.forms import AsOfForm, MonthForm
from tomoni.federation.models import CoopKind
from tomoni.members import rules
from tomoni.members import selectors as member_selectors
from tomoni.members.models import LabourContract, Membership, MembershipKind, Person


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
    figures = selectors.federation_figures(as_of=as_of)
    relations = selectors.federation_relations(federation=figures.federation)
    member_kinds = [(MembershipKind(kind).label, n) for kind, n in figures.members_by_kind.items()]
    coop_kinds = [(CoopKind(kind).label, n) for kind, n in figures.coops_by_kind.items()]
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
        "figures": figures,
        "relations": relations,
        "direct_coop": selectors.federation_direct_coop(federation=figures.federation, as_of=as_of),
        "member_kinds": member_kinds,
        "coop_kinds": coop_kinds,
        "charts": charts,
        "members_chart_label": _chart_label(_("Bar chart of individual members by kind"), member_kinds),
        "societies_chart_label": _chart_label(_("Bar chart of member societies by kind"), coop_kinds),
        **_as_of_context(form, as_of),
    }
    return render(request, "federation/figures.html", context)


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
    return render(request, "federation/overview.html", context)


# A coop -----------------------------------------------------------------------------------------------


@login_required
def coop(request: HttpRequest, code: str) -> HttpResponse:
    """A coop's page for its officers and auditors: details, regions, centres, officers, members."""
    coop = selectors.coop_get(user=_user(request), code=code)
    form, as_of = _as_of(request)
    profile = selectors.coop_profile(coop=coop, as_of=as_of)
    member_kinds = [(MembershipKind(kind).label, n) for kind, n in profile.members_by_kind.items()]
    context = {
        "coop": coop,
        "profile": profile,
        "member_kinds": member_kinds,
        "reads_audit_log": coop.pk in scope_for(_user(request)).audit_coop_ids,
        **_as_of_context(form, as_of),
    }
    return render(request, "federation/coop.html", context)


AUDIT_LOG_PAGE_SIZE = 50


@login_required
def audit_log(request: HttpRequest, code: str) -> HttpResponse:
    """The coop's audit log for its auditors: every write, and every read of special-care data."""
    user = _user(request)
    coop = selectors.coop_get(user=user, code=code)
    special_care_only = request.GET.get("special_care") == "1"
    events = core_selectors.audit_events_for(user=user, coop_id=coop.pk, special_care_only=special_care_only)
    page = Paginator(events, AUDIT_LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"coop": coop, "page": page, "special_care_only": special_care_only}
    return render(request, "federation/audit_log.html", context)


@dataclass(frozen=True)
class ComplianceRow:
    """One rule of the Act as a person reads it."""

    code: str
    article: str
    title: str
    description: str
    figure: str
    threshold: str
    passed: bool
    concerns_heading: str
    concerns: list[Person]
    more: int


def _threshold(r: rules.RuleResult) -> str:
    """A ratio rule's threshold in words: "At least 4/5 (80%).", "More than 1/2 (50%).", "All of them (100%)."."""
    if not isinstance(r.threshold, Fraction):
        return str(r.threshold)
    if r.threshold == 1 and r.comparison == rules.AT_LEAST:
        return _("All of them (100%).")
    words = {
        rules.AT_LEAST: _("At least %(fraction)s (%(percent)s)."),
        rules.MORE_THAN: _("More than %(fraction)s (%(percent)s)."),
        rules.AT_MOST: _("At most %(fraction)s (%(percent)s)."),
    }
    fraction = f"{r.threshold.numerator}/{r.threshold.denominator}"
    return words[r.comparison] % {"fraction": fraction, "percent": format_percent(r.threshold, 0)}


def compliance_row(line: member_selectors.ComplianceLine, *, delegate_meeting: bool) -> ComplianceRow:
    """Words for one rule's result: what it asks, the figure, the threshold and whom it concerns."""
    r = line.result
    values = {"n": count(r.numerator), "d": count(r.denominator), "percent": format_percent(r.ratio)}
    t = int(r.threshold) if not isinstance(r.threshold, Fraction) else 0
    threshold = _threshold(r)
    concerns = _("Whom it concerns")
    if r.code == "members_engaged":
        title = _("Members who do the work")
        description = _("At least four fifths of the members engage in the co-operative's business.")
        figure = ngettext(
            "%(n)s of %(d)s member engages in the business (%(percent)s).",
            "%(n)s of %(d)s members engage in the business (%(percent)s).",
            r.denominator,
        )
        concerns = _("Members not engaged in the business")
    elif r.code == "engaged_are_members":
        title = _("Workers who are members")
        description = _("At least three quarters of the people engaged in the business are members.")
        figure = ngettext(
            "%(n)s of %(d)s person engaged in the business is a member (%(percent)s).",
            "%(n)s of %(d)s people engaged in the business are members (%(percent)s).",
            r.denominator,
        )
        concerns = _("People engaged in the business who are not members")
    elif r.code == "labour_contracts":
        title = _("Labour contracts")
        description = _(
            "The co-operative signs a labour contract with every member who works, except the representative "
            "director, full-time directors and auditors."
        )
        figure = ngettext(
            "%(n)s of %(d)s working member has a labour contract (%(percent)s).",
            "%(n)s of %(d)s working members have a labour contract (%(percent)s).",
            r.denominator,
        )
        concerns = _("Working members without a labour contract")
    elif r.code == "contracted_majority":
        title = _("Votes of members with a labour contract")
        description = _(
            "Members with a labour contract hold more than half of the votes. Every member has one vote, "
            "whatever their shares."
        )
        figure = ngettext(
            "%(n)s of %(d)s member has a labour contract (%(percent)s).",
            "%(n)s of %(d)s members have a labour contract (%(percent)s).",
            r.denominator,
        )
        concerns = _("Members without a labour contract")
    elif r.code == "directors":
        title = _("Number of directors")
        description = _("The co-operative has at least three directors.")
        figure = ngettext("%(n)s director.", "%(n)s directors.", r.numerator)
        threshold = ngettext("At least %(t)s director.", "At least %(t)s directors.", t) % {"t": count(t)}
    elif r.code == "directors_are_members":
        title = _("Directors are members")
        description = _("Every director is a member of the co-operative.")
        figure = ngettext(
            "%(n)s of %(d)s director is a member (%(percent)s).",
            "%(n)s of %(d)s directors are members (%(percent)s).",
            r.denominator,
        )
        concerns = _("Directors who are not members")
    elif r.code == "auditors":
        title = _("Auditor")
        description = _("The co-operative has at least one auditor.")
        figure = ngettext("%(n)s auditor.", "%(n)s auditors.", r.numerator)
        threshold = ngettext("At least %(t)s auditor.", "At least %(t)s auditors.", t) % {"t": count(t)}
    elif r.code == "auditor_independence":
        title = _("Independent auditors")
        description = _("No auditor is also a director or an employee (someone with a labour contract).")
        figure = ngettext(
            "%(n)s of %(d)s auditor is also a director or an employee.",
            "%(n)s of %(d)s auditors are also directors or employees.",
            r.denominator,
        )
        threshold = _("None of them.")
        concerns = _("Auditors who are also directors or employees")
    elif r.code == "member_audit_board":
        title = _("Member audit board")
        description = _("A member audit board may take the place of an auditor only with 20 or fewer members.")
        figure = ngettext("%(n)s member.", "%(n)s members.", r.numerator)
        threshold = ngettext("At most %(t)s member.", "At most %(t)s members.", t) % {"t": count(t)}
    elif r.code == "member_audit_board_size":
        title = _("Size of the member audit board")
        description = _("The member audit board is every member who is not a director, and at least three of them.")
        figure = ngettext(
            "%(n)s of %(d)s member sits on the member audit board.",
            "%(n)s of %(d)s members sit on the member audit board.",
            r.denominator,
        )
        threshold = ngettext("At least %(t)s member on the board.", "At least %(t)s members on the board.", t) % {
            "t": count(t)
        }
    elif r.code == "delegate_meeting":
        title = _("Delegate meeting")
        description = _("A delegate meeting may take the place of the general meeting only with more than 200 members.")
        if delegate_meeting:
            figure = ngettext(
                "%(n)s member; the articles provide for a delegate meeting.",
                "%(n)s members; the articles provide for a delegate meeting.",
                r.numerator,
            )
        else:
            figure = ngettext(
                "%(n)s member; the co-operative holds general meetings of all members.",
                "%(n)s members; the co-operative holds general meetings of all members.",
                r.numerator,
            )
        threshold = ngettext(
            "More than %(t)s member, if there is a delegate meeting.",
            "More than %(t)s members, if there is a delegate meeting.",
            t,
        ) % {"t": count(t)}
    else:  # a rule added to rules.py before its words were written here
        title = r.code
        description = ""
        figure = _("%(n)s of %(d)s.")
    return ComplianceRow(
        code=r.code,
        article=r.article,
        title=title,
        description=description,
        figure=figure % values,
        threshold=threshold,
        passed=r.passed,
        concerns_heading=concerns,
        concerns=line.concerns,
        more=max(0, line.concerns_total - len(line.concerns)),
    )


@login_required
def compliance(request: HttpRequest, code: str) -> HttpResponse:
    """How a coop stands with the Worker Cooperatives Act as of a day, rule by rule."""
    coop = selectors.coop_get(user=_user(request), code=code)
    form, as_of = _as_of(request)
    lines = member_selectors.coop_compliance(coop=coop, as_of=as_of)
    rows = [compliance_row(line, delegate_meeting=coop.delegate_meeting) for line in lines]
    context = {
        "coop": coop,
        "rows": rows,
        "passed": sum(1 for r in rows if r.passed),
        **_as_of_context(form, as_of),
    }
    return render(request, "federation/compliance.html", context)


# A centre ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberRow:
    membership: Membership
    minutes: int
    officer_roles: list[str]


@login_required
def centre(request: HttpRequest, code: str, centre_code: str) -> HttpResponse:
    """A centre's page: details, members and their hours this month, officers, contracts, derived counts."""
    centre = selectors.centre_get(user=_user(request), coop_code=code, centre_code=centre_code)
    form = MonthForm(request.GET)
    as_of = form.as_of()
    summary = member_selectors.centre_summary(centre=centre, as_of=as_of)
    roles: dict[int, list[str]] = {}
    for term in summary.officers:
        roles.setdefault(term.person_id, []).append(term.get_role_display())
    members = [
        MemberRow(
            membership=m,
            minutes=summary.minutes_this_month.get(m.person_id, 0),
            officer_roles=roles.get(m.person_id, []),
        )
        for m in summary.members
    ]
    contracts: list[LabourContract] = summary.contracts
    month_invalid = not form.is_valid()
    context = {
        "coop": centre.coop,
        "centre": centre,
        "summary": summary,
        "members": members,
        "contracts": contracts,
        "as_of": as_of,
        "month_value": form.data.get("month", "") if month_invalid else summary.month_start.strftime("%Y-%m"),
        "month_form": form,
        "month_invalid": month_invalid,
        "member_count": len(members),
        "can_see_coop": scope_for(_user(request)).reads_coop(centre.coop_id),
    }
    return render(request, "federation/centre.html", context)
