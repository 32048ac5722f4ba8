"""Form helpers shared by every app: nl-BE date inputs, select prompts, DomainError → form error, and
``form_view``, the one skeleton of a form screen (error summary, kept input, confirmation, success).

Depends on nothing above ``spalk.core``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from spalk.core.errors import DomainError
from spalk.core.params import EARLIEST, LATEST, in_range

CONFIRMED = "confirmed"
_DATE_SHAPE = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})\s*$")
_ISO_SHAPE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_BLANK_LABELS = {"", "---------", "—", "-"}


class DateInput(forms.DateInput):
    """A text field for dd/mm/jjjj: predictable on every browser and easy to type on a phone."""

    def __init__(self, attrs=None):
        base = {"placeholder": _("dd/mm/yyyy"), "inputmode": "numeric", "autocomplete": "off",
                "pattern": r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{4}-\d{2}-\d{2}"}
        super().__init__(attrs={**base, **(attrs or {})}, format="%d/%m/%Y")


def _impossible_date(value: str) -> bool:
    """True when the text has the shape of a date but names a day that does not exist (31/02, 13th month)."""
    if match := _DATE_SHAPE.match(value):
        day, month, year = (int(g) for g in match.groups())
        year += 2000 if year < 100 else 0
    elif match := _ISO_SHAPE.match(value):
        year, month, day = (int(g) for g in match.groups())
    else:
        return False
    try:
        datetime.date(year, month, day)
    except ValueError:
        return True
    return False


class DateField(forms.DateField):
    """A date typed as dd/mm/jjjj; a day that does not exist gets its own message, not the format hint.
    It lies between 1900 and 2999 (spalk.core.params), so that no screen's date arithmetic overflows."""

    widget = DateInput

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {"invalid": _("Type a date as dd/mm/yyyy, for example 05/03/2024.")})
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str) and _impossible_date(value):
            raise forms.ValidationError(gettext("%(date)s does not exist. Check the day and the month.")
                                        % {"date": value.strip()}, code="impossible")
        return super().to_python(value)

    def validate(self, value):
        super().validate(value)
        if value and not in_range(value):
            raise forms.ValidationError(_("Type a date between %(first)s and %(last)s."), code="out_of_range",
                                        params={"first": f"{EARLIEST:%d/%m/%Y}", "last": f"{LATEST:%d/%m/%Y}"})


def add_domain_error(form: forms.BaseForm, error: DomainError) -> None:
    """Show a DomainError (or each error of a DomainErrors) on the field it concerns, or on top of the form;
    all input stays as typed."""
    for one in error.errors:
        field = one.field if one.field in form.fields else None
        if field is not None and field in form.errors and one.message in form.errors[field]:
            continue
        form.add_error(field, one.message)


def prompt_selects(form: forms.BaseForm) -> None:
    """Give every single-choice select a real first option ("Kies…") instead of "---------", and one to
    required selects that have none, so that nothing is chosen for the person without them noticing."""
    for field in form.fields.values():
        if not isinstance(field, forms.ChoiceField) or not isinstance(field.widget, forms.Select) \
                or isinstance(field.widget, forms.SelectMultiple):
            continue
        prompt = getattr(field, "prompt", None) or gettext("Choose…")
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label is not None and str(field.empty_label) in _BLANK_LABELS:
                field.empty_label = prompt
            continue
        choices = list(field.widget.choices)
        if choices and choices[0][0] in ("", None):
            if str(choices[0][1]) in _BLANK_LABELS:
                field.choices = [("", prompt), *choices[1:]]
        elif field.required:
            field.choices = [("", prompt), *choices]


def form_view(
    request: HttpRequest,
    form: forms.BaseForm,
    *,
    save: Callable[[dict[str, Any]], Any],
    success: str | Callable[[Any], str | HttpResponse],
    template: str,
    context: Mapping[str, Any] | Callable[[], Mapping[str, Any]] | None = None,
    message: str | Callable[[Any], str] | None = None,
    checks: Callable[[dict[str, Any]], Iterable[DomainError]] | None = None,
    confirm: str | None = None,
    confirm_button: str | None = None,
    invalid_status: int = 200,
) -> HttpResponse:
    """The one skeleton of a form screen.

    GET renders ``template`` with ``form`` (and ``context``). A POST with valid input calls
    ``save(cleaned_data)`` (a service call); a ``DomainError`` — several at once as ``DomainErrors``,
    or a ``ConcurrentEditError`` — goes onto the form, which is rendered again with everything typed.
    On success: ``message`` (text, or built from the result) and every ``warnings`` item of the result
    become messages, then ``success`` (a URL, or a callable of the result giving a URL or a response).

    ``checks(cleaned_data)`` returns the domain rules that can be checked on the fields that did parse:
    they run with the form's own validation, so the person sees every problem in one go (the service
    checks them again when it saves).
    ``confirm`` makes a destructive action ask first: a valid POST without confirmation renders a
    confirmation page that re-posts the input (works without JavaScript).
    ``context`` may be a callable, computed only when the page is rendered; ``invalid_status`` is the
    status of a page that shows errors (422 where htmx or API-like callers check it).
    The page gets the error summary from the form template (``core/forms/form.html``).
    """
    prompt_selects(form)
    if request.method == "POST":
        valid = form.is_valid()
        # an empty POST builds an unbound form (``request.POST or None``): it has no cleaned_data to check
        cleaned = getattr(form, "cleaned_data", None)
        for error in checks(cleaned) if checks is not None and cleaned is not None else ():
            add_domain_error(form, error)
        if valid and not form.errors:
            if confirm and request.POST.get(CONFIRMED) != "1":
                return render(request, "core/confirm.html", {
                    **_context(context), "form": form, "confirm": confirm,
                    "confirm_button": confirm_button or gettext("Yes, continue"), "action": request.get_full_path()})
            try:
                result = save(form.cleaned_data)
            except DomainError as error:
                add_domain_error(form, error)
            else:
                return _succeeded(request, result, success=success, message=message)
    status = invalid_status if request.method == "POST" else 200
    return render(request, template, {**_context(context), "form": form}, status=status)


def _context(context) -> Mapping[str, Any]:
    return (context() if callable(context) else context) or {}


def _succeeded(request: HttpRequest, result: Any, *, success, message) -> HttpResponse:
    text = message(result) if callable(message) else message
    if text:
        messages.success(request, text)
    for warning in getattr(result, "warnings", None) or []:
        messages.warning(request, warning)
    target = success(result) if callable(success) else success
    return target if isinstance(target, HttpResponse) else redirect(target)


class QuickSelect(forms.Select):
    """A single-choice select whose options are written in Python: the HTML of Django's ``select.html`` (same
    attributes, optgroups, ``selected``) without a template include per option. A list of a centre's 250
    families cost about 100 ms through the templates."""

    def render(self, name, value, attrs=None, renderer=None):
        from django.utils.html import format_html, format_html_join
        from django.utils.safestring import mark_safe

        def flatatt(attributes):  # django/forms/widgets/attrs.html: in order, True bare, False left out
            return format_html_join("", " {}{}", ((key, "" if val is True else format_html("=\"{}\"", val))
                                                  for key, val in attributes.items() if val is not False))

        widget = self.get_context(name, value, attrs)["widget"]

        def options(group):
            return format_html_join("", "\n  <option value=\"{}\"{}>{}</option>",
                                    ((str(o["value"]), flatatt(o["attrs"]), o["label"]) for o in group))

        parts = [format_html("\n  <optgroup label=\"{}\">{}\n  </optgroup>", group_name, options(group))
                 if group_name else options(group) for group_name, group, _index in widget["optgroups"]]
        return format_html("<select name=\"{}\"{}>{}\n</select>", widget["name"], flatatt(widget["attrs"]),
                           mark_safe("".join(parts)))  # every part is escaped by format_html above
