"""The member's own work-engaged dividends on a capital statement: `{% member_dividends person %}`."""

from __future__ import annotations

from typing import Any

from django import template

from tomoni.capital.appropriation.selectors import dividend_lines_for_person
from tomoni.members.models import Person

register = template.Library()


@register.inclusion_tag("capital/appropriation_member_dividends.html", takes_context=True)
def member_dividends(context: dict[str, Any], person: Person | None) -> dict[str, Any]:
    """The person's posted dividend lines, as the signed-in user may see them (themself, their coop's officers)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if person is None or user is None or not user.is_authenticated:
        return {"dividend_lines": []}
    return {"dividend_lines": list(dividend_lines_for_person(user=user, person=person))}
