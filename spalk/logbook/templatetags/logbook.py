"""``{% note_item note %}``: one note of a list, rendered in Python.

A list shows 50 notes or more; the same markup through ``{% include %}`` cost most of the page's time (make
bench). The markup is escaped by ``format_html``; texts are translated once per call of the tag library.
"""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.html import format_html, format_html_join, linebreaks
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from spalk.logbook.models import Category

register = template.Library()


@register.simple_tag(takes_context=True)
def note_item(context, note, show_family: bool = False, link: bool = True) -> SafeString:
    """``link=False`` leaves out the "Open" link (the note's own page)."""
    labels = context.get("_note_labels")
    if labels is None:
        labels = {"health": gettext("health only"), "withheld": gettext("withheld from the family"),
                  "care": gettext("care moment"), "corrected": gettext("corrected"), "about": gettext("about"),
                  "open": gettext("Open"), "note_of": gettext("note of"),
                  # get_category_display() translates every category label of the field for each note
                  "categories": {value: str(label) for value, label in Category.choices},
                  "weekdays": [str(day) for day in WEEKDAYS_ABBR.values()]}
        context["_note_labels"] = labels
    moment = timezone.localtime(note.moment)
    categories = labels["categories"]
    category = categories[note.category] if note.category in categories else note.category  # noqa: SIM401 (no .get in tags)
    badges = [format_html('<span class="badge">{}</span>', category)]
    if note.visibility == "health":
        badges.append(format_html('<span class="badge badge--info">{}</span>', labels["health"]))
    if note.withheld_from_family:
        badges.append(format_html('<span class="badge badge--warn">{}</span>', labels["withheld"]))
    if note.kind == "care_moment":
        badges.append(format_html('<span class="badge badge--ok">{}</span>', labels["care"]))
    if note.corrections:
        badges.append(format_html('<span class="badge">{}</span>', labels["corrected"]))
    where = ""
    if show_family and note.family_id:
        where += f" · {note.family.name}"
    if note.unit_id:
        where += f" · {note.unit.name}"
    author = note.author.get_full_name() or note.author.email
    about = ", ".join(p.first_name for p in note.rows_of("persons"))
    methods = ", ".join(m.name for m in note.rows_of("methods"))
    files = len(note.rows_of("attachments"))
    extra = []
    if about:
        extra.append(f"{labels['about']} {about}")
    if methods:
        extra.append(methods)
    if files:
        extra.append(ngettext("%(counter)s attachment", "%(counter)s attachments", files) % {"counter": files})
    short = f"{moment.day}/{moment:%m %H:%M}"  # "j/m H:i" without a format lookup per note
    opener = format_html(' · <a href="{}">{}<span class="visually-hidden"> {} {}</span></a>',
                         reverse("logbook:note_detail", args=[note.pk]), labels["open"], labels["note_of"],
                         short) if link else ""
    return format_html(
        '<li class="note{}" id="note-{}"><p class="note__meta"><time datetime="{}">{}</time> · {}{}</p>'
        '<div class="note__text">{}</div><p class="note__meta muted">{}{}{}</p></li>',
        " note--health" if note.visibility == "health" else "", note.pk, moment.isoformat(),
        f"{labels['weekdays'][moment.weekday()]} {short}",
        mark_safe(" ".join(badges)), where,  # the badges are escaped above
        mark_safe(linebreaks(note.text, autoescape=True)), author,  # linebreaks escapes
        format_html_join("", " · {}", ((e,) for e in extra)), opener)
