from django import template

from spalk.core.phones import display_phone

register = template.Library()


@register.filter
def safety_phone(value: str) -> str:
    """An E.164 number as a person reads it (0470 12 34 56)."""
    return display_phone(value or "")
