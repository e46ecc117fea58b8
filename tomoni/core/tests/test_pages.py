"""The one form page: a valid form calls its service once, a refusal shows on the form and saves nothing."""

from __future__ import annotations

from django import forms
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.http import HttpRequest
from django.test import RequestFactory

from tomoni.core.errors import TomoniError
from tomoni.core.pages import ServiceErrorsMixin, form_page


class NameForm(ServiceErrorsMixin, forms.Form):
    service_fields = {"family_name": "name"}
    name = forms.CharField(max_length=20)


def request(method: str, data: dict[str, str] | None = None) -> HttpRequest:
    factory = RequestFactory()
    made = factory.post("/edit/", data or {}) if method == "POST" else factory.get("/edit/")
    made.session = SessionStore()
    made._messages = FallbackStorage(made)  # type: ignore[attr-defined]
    return made


def page(made: HttpRequest, save):  # type: ignore[no-untyped-def]
    form = NameForm(made.POST if made.method == "POST" else None)
    response = form_page(
        made,
        form=form,
        save=save,
        template="base.html",
        context={"title": "Edit"},
        done=lambda result: f"Saved {result}.",
        success_url=lambda result: f"/people/{result}/",
    )
    return response, form


def test_a_get_shows_the_form_and_calls_no_service():
    calls: list[str] = []
    response, _form = page(request("GET"), lambda f: calls.append("saved"))
    assert (response.status_code, calls) == (200, [])


def test_a_valid_post_calls_the_service_once_and_goes_where_its_result_says():
    calls: list[str] = []

    def save(form: NameForm) -> int:
        calls.append(form.cleaned_data["name"])
        return 7

    response, _form = page(request("POST", {"name": "山田"}), save)
    assert (response.status_code, response["Location"], calls) == (302, "/people/7/", ["山田"])


def test_an_invalid_post_answers_400_without_calling_the_service():
    calls: list[str] = []
    response, form = page(request("POST", {"name": ""}), lambda f: calls.append("saved"))
    assert (response.status_code, calls) == (400, [])
    assert "name" in form.errors


def test_a_refusal_of_the_service_lands_on_the_field_it_names():
    def refuse(form: NameForm) -> None:
        raise TomoniError("This name is taken.", field="family_name")

    response, form = page(request("POST", {"name": "山田"}), refuse)
    assert response.status_code == 400
    assert form.errors["name"] == ["This name is taken."]


def test_a_refusal_without_a_field_shows_above_the_form():
    def refuse(form: NameForm) -> None:
        raise TomoniError("The register is closed.")

    _response, form = page(request("POST", {"name": "山田"}), refuse)
    assert form.non_field_errors() == ["The register is closed."]
