"""Each login's reading preferences: language (with plain Japanese), text size and contrast.

This app sits at the level of core: it depends on nothing but core, so every context can read a member's
language when it writes to them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tomoni.core.models import BaseModel

# やさしい日本語: Japanese with short sentences, glosses and furigana. A language of its own, so gettext
# finds the plain-words texts in its catalogue (ja_Plain) and falls back to Japanese for the rest.
PLAIN_JAPANESE = "ja-plain"


class TextSize(models.TextChoices):
    NORMAL = "normal", _("Normal text")
    LARGE = "large", _("Large text (200%)")


class Preferences(BaseModel):
    """How one login reads Tomoni: in which language, at what size, with what contrast."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="preferences"
    )
    language = models.CharField(_("language"), max_length=12, blank=True, help_text=_("Empty: the site's default."))
    text_size = models.CharField(_("text size"), max_length=8, choices=TextSize.choices, default=TextSize.NORMAL)
    high_contrast = models.BooleanField(_("high contrast"), default=False)

    class Meta:
        verbose_name = _("reading preferences")
        verbose_name_plural = _("reading preferences")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(text_size__in=["normal", "large"]), name="preferences_text_size_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.language or '-'} {self.text_size}"
