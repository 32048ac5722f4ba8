"""The audit trail in people's words: what an event was about (kind of record, person, family) and the
labels of the changed fields, instead of "families.person #7" and column names.

Names come through the access policy (``visible_families`` / ``visible_persons``): an auditor sees the
name of a family or person they may see; otherwise only the kind of record. Two queries for a whole page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from spalk.access.policy import visible_families, visible_persons

OBJECT_LABELS = {
    "access.breakglassgrant": _("break-the-glass access"),
    "access.familyassignment": _("team assignment"),
    "access.familyshare": _("sharing with another centre"),
    "accounts.membership": _("role in a centre"),
    "accounts.user": _("account"),
    "audit.auditevent": _("audit trail"),
    "centres.centre": _("centre"),
    "families.family": _("family"),
    "families.familymember": _("family member"),
    "families.person": _("person"),
    "home.work_items": _("start screen"),
    "intake.adocument": _("A-document"),
    "intake.registration": _("registration"),
    "intake.registrationmember": _("member of a registration"),
    "intake.waitingcontact": _("waiting-list contact"),
    "intake.waitinglistentry": _("waiting list"),
    "logbook.attachment": _("attachment"),
    "logbook.care_moment": _("care moment"),
    "logbook.handover": _("handover"),
    "logbook.incident": _("incident"),
    "logbook.index": _("logbook"),
    "logbook.note": _("logbook note"),
    "mfa.authenticator": _("second factor"),
    "partners.organisation": _("partner organisation"),
    "presence.check": _("presence check"),
    "presence.family": _("presence of a family"),
    "presence.presencenight": _("presence register"),
    "stays.allocation": _("stay"),
    "stays.board": _("planning board"),
    "stays.dashboard": _("occupancy dashboard"),
    "stays.occupancy": _("occupancy report"),
    "stays.unit": _("unit"),
    "trajectories.moduleepisode": _("module"),
    "trajectories.supporter": _("trajectory supporter"),
    "trajectories.trajectory": _("trajectory"),
}


def object_label(object_type: str) -> str:
    """The kind of record in words; an unknown type by its model's name, never the code name."""
    if object_type in OBJECT_LABELS:
        return str(OBJECT_LABELS[object_type])
    model = _model(object_type)
    if model is not None and "verbose_name" in model._meta.original_attrs:
        return str(model._meta.verbose_name)
    return str(_("record")) if object_type else ""


def _model(object_type: str) -> Any:
    try:
        return apps.get_model(object_type) if "." in object_type else None
    except (LookupError, ValueError):
        return None


def field_labels(object_type: str, names: Iterable[str]) -> list[str]:
    model = _model(object_type)
    labels = []
    for name in names:
        try:
            field = model._meta.get_field(name) if model is not None else None
            # a reverse relation (members, goals, receipts) has no verbose_name of its own: name the related model
            label = getattr(field, "verbose_name", None) or (
                field.related_model._meta.verbose_name_plural if field is not None and field.related_model else None)
            labels.append(str(label) if label else _words(name))
        except FieldDoesNotExist:
            labels.append(_words(name))
    return labels


def _words(name: str) -> str:
    return re.sub(r"_id$", "", name).replace("_", " ")


def describe_events(*, user: Any, events: list) -> None:
    """Give every event ``what`` (kind of record and the names it concerns) and ``field_labels``."""
    family_ids = {e.family_id for e in events if e.family_id}
    person_ids = {e.person_id for e in events if e.person_id}
    families = dict(visible_families(user=user).filter(pk__in=family_ids).values_list("pk", "name")) \
        if family_ids else {}
    persons = {p.pk: p.full_name for p in visible_persons(user=user).filter(pk__in=person_ids)
               .only("pk", "first_name", "last_name")} if person_ids else {}
    for e in events:
        label = object_label(e.object_type)
        names = []
        if e.person_id in persons:
            names.append(persons[e.person_id])
        if e.family_id in families:
            names.append(families[e.family_id])
        if e.object_type == "families.family" and names:
            e.what = " · ".join(names)
        else:
            e.what = f"{label.capitalize()}: {' · '.join(names)}" if names else label.capitalize()
        e.field_labels = field_labels(e.object_type, e.fields or [])
