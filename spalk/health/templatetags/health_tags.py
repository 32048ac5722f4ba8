"""Links to the one correction mechanism of health (``spalk.health.corrections.KINDS``)."""

from __future__ import annotations

from django import template
from django.urls import reverse

from spalk.health.corrections import KIND_BY_MODEL

register = template.Library()


@register.simple_tag
def correction_url(record, action: str) -> str:
    """The URL of ``action`` ("error" or "withhold") for a health record."""
    spec = KIND_BY_MODEL[type(record)]
    return reverse(f"health:{spec.slug}_{action}", kwargs={spec.kwarg: record.pk})


@register.filter
def kind_label(record) -> str:
    kind = type(record)
    return str(KIND_BY_MODEL[kind].label) if kind in KIND_BY_MODEL else ""
