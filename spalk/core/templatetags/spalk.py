"""Template helpers available in every template (registered as a builtin)."""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def active(context, prefix: str) -> str:
    """``aria-current="page"`` on the navigation link of the current section."""
    request = context.get("request")
    if request is None:
        return ""
    if (request.path == prefix) if prefix == "/" else request.path.startswith(prefix):
        return mark_safe(' aria-current="page"')
    return ""


@register.filter
def age(person, on=None) -> str:
    """A person's age today, as social workers write it: "7 mnd." under two years, "2 j." after."""
    import datetime

    from django.utils import timezone
    from django.utils.translation import gettext

    birth = getattr(person, "birth_date", None)
    today = on if isinstance(on, datetime.date) else timezone.localdate()
    if birth is None or birth > today:
        return ""
    months = (today.year - birth.year) * 12 + today.month - birth.month - (1 if today.day < birth.day else 0)
    if months < 24:
        return gettext("%(n)s mo.") % {"n": months}
    return gettext("%(n)s y.") % {"n": months // 12}


@register.filter
def waited(since, today=None) -> str:
    """How long since a date, in the words of a waiting list: "since today", "3 days", "5 weeks", "4 months"."""
    import datetime

    from django.utils import timezone
    from django.utils.translation import gettext, ngettext

    if not isinstance(since, datetime.date):
        return ""
    today = today if isinstance(today, datetime.date) else timezone.localdate()
    days = (today - since).days
    if days <= 0:
        return gettext("since today")
    if days == 1:
        return gettext("since yesterday")
    if days < 14:
        return ngettext("%(n)s day", "%(n)s days", days) % {"n": days}
    if days < 61:
        return ngettext("%(n)s week", "%(n)s weeks", days // 7) % {"n": days // 7}
    months = days * 12 // 365
    return ngettext("%(n)s month", "%(n)s months", months) % {"n": months}


@register.filter
def phone(value) -> str:
    """A stored phone number as a person reads it ("+3259234678" → "059 23 46 78")."""
    from spalk.core.phones import display_phone

    return display_phone(value) if value else ""


@register.filter
def tel(value) -> str:
    """The ``tel:`` target of a phone number."""
    from spalk.core.phones import tel_href

    return tel_href(value) if value else ""
