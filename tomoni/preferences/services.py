"""Writing a login's reading preferences (by the member, or by an officer for a member who asks)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from tomoni.core.audit import audit_record
from tomoni.core.errors import TomoniError
from tomoni.preferences.models import Preferences, TextSize


def preferences_update(
    *,
    actor: Any,
    user: Any,
    coop_id: int | None = None,
    language: str | None = None,
    text_size: str | None = None,
    high_contrast: bool | None = None,
) -> Preferences:
    """Change some of a login's preferences; the fields left None stay as they are."""
    known = {code for code, _name in settings.LANGUAGES}
    if language is not None and language and language not in known:
        raise TomoniError(_("This language is not offered."), field="language")
    if text_size is not None and text_size not in TextSize.values:
        raise TomoniError(_("This text size is not offered."), field="text_size")
    with transaction.atomic():
        prefs, _created = Preferences.objects.select_for_update().get_or_create(user_id=user.pk)
        changed: dict[str, object] = {}
        for field, value in (("language", language), ("text_size", text_size), ("high_contrast", high_contrast)):
            if value is not None and getattr(prefs, field) != value:
                setattr(prefs, field, value)
                changed[field] = value
        if changed:
            prefs.save()
            audit_record(
                actor=actor,
                action="preferences.updated",
                coop_id=coop_id,
                target=prefs,
                data={"user_id": user.pk, **changed, "for_another": actor.pk != user.pk},
            )
        return prefs
