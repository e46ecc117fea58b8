"""The main navigation's links to work integration, for the people who may follow them (see selectors.nav_links)."""

from __future__ import annotations

from typing import Any

from django import template

from tomoni.core.models import User
from tomoni.inclusion import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def inclusion_nav(context: dict[str, Any]) -> selectors.NavLinks | None:
    request = context.get("request")
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_authenticated:
        return None
    return selectors.nav_links(user=user)
