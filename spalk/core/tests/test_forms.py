"""The shared form helpers: dates, select prompts, several domain errors at once, and ``form_view``
(error summary with links, kept input, optimistic locking) on real screens."""

from __future__ import annotations

import pytest
from django import forms
from django.urls import reverse

from spalk.core.errors import ConcurrentEditError, DomainError, DomainErrors, raise_if_any
from spalk.core.forms import DateField, add_domain_error, prompt_selects
from spalk.core.templatetags.spalk_forms import error_summary


class _DateForm(forms.Form):
    on = DateField(label="Datum")


@pytest.mark.parametrize("typed", ["31/02/2026", "29.02.2025", "12/13/2026", "2026-02-30", "31/04/26"])
def test_an_impossible_date_gets_its_own_message(typed):
    form = _DateForm({"on": typed})
    assert not form.is_valid()
    assert form.errors["on"] == [f"{typed} bestaat niet. Controleer de dag en de maand."]


@pytest.mark.parametrize("typed", ["morgen", "5/3", "05/03/202"])
def test_text_that_is_no_date_gets_the_format_hint(typed):
    form = _DateForm({"on": typed})
    assert not form.is_valid()
    assert "dd/mm/jjjj" in form.errors["on"][0]


def test_a_real_date_still_parses():
    form = _DateForm({"on": "29/02/2028"})
    assert form.is_valid() and form.cleaned_data["on"].isoformat() == "2028-02-29"


class _SelectForm(forms.Form):
    colour = forms.ChoiceField(choices=[("r", "Rood"), ("g", "Groen")])
    optional = forms.ChoiceField(choices=[("", "---------"), ("a", "A")], required=False)
    any_kind = forms.ChoiceField(choices=[("", "Alle soorten"), ("a", "A")], required=False)
    many = forms.MultipleChoiceField(choices=[("a", "A")])


def test_selects_start_with_a_real_prompt_and_preselect_nothing():
    form = _SelectForm()
    prompt_selects(form)
    html = form.as_div()
    assert "---------" not in html
    assert next(iter(form.fields["colour"].choices)) == ("", "Kies…")  # a required select no longer picks "Rood"
    assert next(iter(form.fields["optional"].choices)) == ("", "Kies…")
    assert next(iter(form.fields["any_kind"].choices)) == ("", "Alle soorten")  # a meaningful blank stays
    assert ("", "Kies…") not in list(form.fields["many"].choices)
    assert not _SelectForm({"colour": "", "many": ["a"]}).is_valid()


def test_model_choice_fields_get_the_prompt_instead_of_dashes(centre):
    from spalk.centres.models import Centre

    class _F(forms.Form):
        centre = forms.ModelChoiceField(queryset=Centre.objects.all())

    form = _F()
    prompt_selects(form)
    assert '<option value="" selected>Kies…</option>' in str(form["centre"])


def test_several_domain_errors_go_to_their_fields_at_once():
    form = _DateForm({"on": "01/01/2026"})
    assert form.is_valid()
    add_domain_error(form, DomainErrors([DomainError("Te vroeg.", field="on"), DomainError("Al afgesloten.")]))
    assert form.errors["on"] == ["Te vroeg."] and form.non_field_errors() == ["Al afgesloten."]
    items = error_summary(form)
    assert [(i.message, i.href) for i in items] == [("Al afgesloten.", ""), ("Te vroeg.", "#id_on")]


def test_raise_if_any():
    raise_if_any([])
    with pytest.raises(DomainError) as one:
        raise_if_any([DomainError("a", field="x")])
    assert not isinstance(one.value, DomainErrors)
    with pytest.raises(DomainErrors) as both:
        raise_if_any([DomainError("a"), DomainError("b")])
    assert [e.message for e in both.value.errors] == ["a", "b"]


def test_the_error_summary_links_every_error_to_its_field(mfa_client, director, centre, other_centre):
    from spalk.accounts.models import Membership

    Membership.objects.create(user=director, centre=other_centre, role=director.memberships.first().role)
    response = mfa_client(director).post(reverse("families:create"), {"centre": "", "name": "", "city": "Gent"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "data-error-summary" in body and "Er zijn 2 problemen" in body
    assert 'href="#id_centre"' in body and 'href="#id_name"' in body
    assert 'value="Gent"' in body  # input kept
    assert "Nog niet opgeslagen" not in body


def test_a_concurrent_edit_keeps_the_input_and_says_so(mfa_client, director, family):
    client = mfa_client(director)
    url = reverse("families:edit", args=[family.pk])
    stale = family.version
    assert client.post(url, {"name": "Gezin Eerst", "version": stale}).status_code == 302
    response = client.post(url, {"name": "Gezin Later", "version": stale})
    body = response.content.decode()
    assert response.status_code == 200 and "Iemand anders heeft dit intussen gewijzigd" in body
    assert 'value="Gezin Later"' in body and "data-error-summary" in body
    assert ConcurrentEditError().code == "conflict"


def test_an_empty_post_to_a_form_with_checks_renders_the_form_again(rf, director):
    """An empty POST makes ``request.POST or None`` an unbound form; the cross-field checks must not run on it
    (found by the route matrix: a 500 on /safety/families/<id>/restrictions/new/)."""
    from spalk.core.forms import form_view

    class Period(forms.Form):
        start = forms.DateField()

    request = rf.post("/any/", {})
    request.user = director
    checked = []
    response = form_view(request, Period(request.POST or None), save=lambda d: d, success="/done/",
                         template="api/token_new.html", checks=lambda d: checked.append(d) or [])
    assert response.status_code == 200 and checked == []
