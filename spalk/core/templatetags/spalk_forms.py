"""Template helpers of the shared form templates: the error summary at the top of a form."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms, template

register = template.Library()


@dataclass(frozen=True)
class SummaryItem:
    message: str
    label: str = ""
    href: str = ""


def _anchor(bound: forms.BoundField) -> str:
    widget = bound.field.widget
    if bound.is_hidden or not bound.auto_id:
        return ""
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return f"#{bound.auto_id}_0"
    return f"#{bound.id_for_label or bound.auto_id}"


@register.filter
def error_summary(form: forms.BaseForm) -> list[SummaryItem]:
    """Every error of the form in order: those about the whole form first, then each field's, each linked to
    its field (the GOV.UK error summary)."""
    if not form.is_bound or not form.errors:
        return []
    items = [SummaryItem(message=str(m)) for m in form.non_field_errors()]
    for bound in form:
        for message in bound.errors:
            label = "" if bound.is_hidden else str(bound.label or "")
            items.append(SummaryItem(message=str(message), label=label, href=_anchor(bound)))
    return items
