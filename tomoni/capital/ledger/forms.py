"""Forms of the capital pages: they parse and check input; the services in services.py write and refuse."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tomoni.capital.ledger.services import SETTINGS_FIELDS
from tomoni.capital.models import CapitalSettings, PaymentMethod
from tomoni.members.forms import PlainForm, date_field

MAX_SHARES = 1_000_000
MAX_YEN = 10_000_000_000


def shares_field(label: Any = None) -> forms.IntegerField:
    return forms.IntegerField(label=label or _("Shares"), min_value=1, max_value=MAX_SHARES)


def memo_field() -> forms.CharField:
    return forms.CharField(label=_("Memo"), required=False, max_length=500)


class SubscribeForm(PlainForm):
    shares = shares_field(_("Shares subscribed"))
    effective_on = date_field(_("Date"))
    memo = memo_field()


class PayForm(PlainForm):
    amount_yen = forms.IntegerField(label=_("Amount (yen)"), min_value=1, max_value=MAX_YEN)
    method = forms.ChoiceField(label=_("Payment method"), choices=PaymentMethod.choices)
    effective_on = date_field(_("Date"))
    memo = memo_field()
    service_fields = {"amount_yen": "amount_yen", "method": "method"}


class TransferForm(PlainForm):
    to_member_number = forms.CharField(label=_("Member number of the member receiving the shares"), max_length=20)
    shares = shares_field(_("Shares transferred"))
    effective_on = date_field(_("Date"))
    approval_ref = forms.CharField(
        label=_("General meeting approval"),
        required=False,
        max_length=200,
        help_text=_(
            "Only for a holding above 25% of all shares (up to 35%), when taking over a leaving member's "
            "shares: the meeting and the item that approved it (Art 9)."
        ),
    )
    memo = memo_field()
    service_fields = {"to_person": "to_member_number"}


class WithdrawalForm(PlainForm):
    notice_on = date_field(_("Notice given on"))
    effective_on = date_field(
        _("Takes effect on"),
        required=False,
        help_text=_("Leave empty for the articles' rule: the fiscal year end after the notice period."),
    )


class RefundForm(PlainForm):
    shares = shares_field(_("Shares refunded"))
    effective_on = date_field(_("Date"))
    memo = memo_field()


class ReverseForm(PlainForm):
    effective_on = date_field(_("Date of the correction"))
    memo = forms.CharField(label=_("Why the entry is reversed"), max_length=500)


class SettingsForm(forms.ModelForm):
    required_css_class = "required"

    class Meta:
        model = CapitalSettings
        fields = SETTINGS_FIELDS

    def add_service_error(self, error: Any) -> None:
        if not error.errors:
            self.add_error(None, error.message)
        for name, messages in error.errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (CSV or Excel .xlsx)"),
        help_text=_("CSV in UTF-8 (with or without BOM) or as saved by Japanese Excel, or an .xlsx workbook."),
    )
