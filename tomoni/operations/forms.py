"""Forms of the books' pages: they parse and check input; tomoni.operations.services writes.

Quantities are whole numbers (timber in m³ to the litre, read as a decimal, never a float).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tomoni.members.forms import PlainForm, date_field
from tomoni.operations import rules
from tomoni.operations.models import Account, ProductKind, ServiceKind


class ServiceRecordForm(PlainForm):
    day = date_field(_("Day"))
    kind = forms.ChoiceField(label=_("Kind of work"), choices=ServiceKind.choices)
    count = forms.IntegerField(
        label=_("How many"),
        min_value=1,
        max_value=rules.MAX_RECORD_COUNT,
        help_text=_("Visits, jobs or days open."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    minutes = forms.IntegerField(
        label=_("Time spent (minutes)"),
        min_value=0,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def clean_minutes(self) -> int:
        return self.cleaned_data.get("minutes") or 0

    def record(self) -> dict[str, Any]:
        """The service's arguments (services.service_record_add)."""
        return {key: self.cleaned_data[key] for key in ("kind", "day", "count", "minutes", "note")}


class ProductionLogForm(PlainForm):
    day = date_field(_("Day"))
    kind = forms.ChoiceField(label=_("What"), choices=ProductKind.choices)
    quantity = forms.DecimalField(
        label=_("Quantity"),
        min_value=Decimal(0),
        max_digits=14,
        decimal_places=3,
        help_text=_("Litres for oil and fuel; m³ for timber (for example 12.5)."),
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    sales_yen = forms.IntegerField(
        label=_("Sales (yen)"),
        min_value=0,
        required=False,
        help_text=_("For fuel sold: what it was sold for."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    service_fields = {"litres": "quantity"}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        quantity = data.get("quantity")
        if quantity is not None and data.get("kind"):
            try:
                data["litres"] = rules.litres_from_quantity(quantity, timber=data["kind"] == ProductKind.TIMBER)
            except ValueError:
                self.add_error(
                    "quantity",
                    _("Timber is measured to the litre (three decimals of m³).")
                    if data["kind"] == ProductKind.TIMBER
                    else _("Litres are whole numbers."),
                )
        data["sales_yen"] = data.get("sales_yen") or 0
        return data

    def record(self) -> dict[str, Any]:
        """The service's arguments (services.production_log_record)."""
        return {key: self.cleaned_data[key] for key in ("day", "kind", "litres", "sales_yen")}


class ClientKeyForm(PlainForm):
    """The key a phone gives a record it may send twice (static/tomoni/outbox.js adds the field to every form
    marked data-offline, unprefixed); without a script the server makes one."""

    client_key = forms.UUIDField(required=False, widget=forms.HiddenInput)


class BudgetForm(PlainForm):
    """A yearly amount per profit-and-loss account; blank is none."""

    notes = forms.CharField(label=_("Notes for the meeting"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, accounts: list[Account], initial_yen: dict[str, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.accounts = accounts
        for account in accounts:
            self.fields[f"a{account.code}"] = forms.IntegerField(
                label=f"{account.code} {account.name}",
                min_value=0,
                max_value=10**13,
                required=False,
                initial=initial_yen.get(account.code),
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )

    def yearly_yen(self) -> dict[str, int]:
        return {a.code: self.cleaned_data[f"a{a.code}"] for a in self.accounts if self.cleaned_data.get(f"a{a.code}")}


class BudgetApprovalForm(PlainForm):
    motion = forms.TypedChoiceField(label=_("The motion the meeting passed"), coerce=int)
    service_fields = {"motion": "motion"}

    def __init__(self, *args: Any, motions: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["motion"].choices = motions  # type: ignore[attr-defined]
