"""The A-document as structured data and as a printable Dutch PDF (WeasyPrint)."""

from __future__ import annotations

import datetime

from django.template.loader import render_to_string
from django.utils import timezone

from spalk.families.validators import format_national_number
from spalk.intake.models import ADocument, Consent


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def a_document_data(*, adoc: ADocument) -> dict:
    """Everything the ITP needs, as plain data (also the API representation)."""
    registration = adoc.registration
    centre = registration.centre
    on = adoc.sent_on or timezone.localdate()
    members = []
    for m in registration.members.order_by("role", "birth_date", "pk"):
        members.append({
            "id": m.pk, "name": m.full_name, "role": m.role, "role_label": m.get_role_display(),
            "birth_date": _iso(m.birth_date), "expected_birth_date": _iso(m.expected_birth_date),
            "national_number": format_national_number(m.national_number) or None,
            "age": m.age_on(on), "pregnant": m.pregnant, "consent_needed": m.consent_needed_on(on),
            "consent": m.consent, "consent_label": m.get_consent_display(), "consent_on": _iso(m.consent_on),
        })
    org, contact = registration.referrer_organisation, registration.referrer_contact
    return {
        "id": adoc.pk,
        "registration_id": registration.pk,
        "status": adoc.status,
        "status_label": adoc.get_status_display(),
        "centre": {"name": centre.name, "organisation": centre.organisation, "address": centre.address,
                   "phone": centre.phone, "email": centre.email},
        "contact": {"name": adoc.contact_name, "phone": adoc.contact_phone, "email": adoc.contact_email},
        "family": {"name": registration.family_name, "city": registration.city, "phone": registration.phone,
                   "dossier": registration.family.reference if registration.family is not None else None},
        "members": members,
        "modules": [{"code": line.module.code, "name": line.module.name, "term_months": line.term_months}
                    for line in adoc.lines.select_related("module")],
        "question": adoc.question,
        "motivation": adoc.motivation,
        "urgency": adoc.urgency,
        "urgency_label": adoc.get_urgency_display(),
        "mandate": registration.mandate,
        "mandate_label": registration.get_mandate_display(),
        "referrer": {"organisation": org.name if org else None, "person": contact.name if contact else None,
                     "text": registration.referrer_text},
        "consent": {
            "parents": any(m["role"] == "parent" for m in members) and all(
                m["consent"] == Consent.GIVEN for m in members if m["role"] == "parent"),
            # every member aged 12 to 17 on the day of sending, a minor parent (a pregnant 17-year-old) included
            "minors_12_plus": [{"name": m["name"], "age": m["age"], "role_label": m["role_label"],
                                "consent": m["consent"], "consent_label": m["consent_label"],
                                "consent_on": m["consent_on"]}
                               for m in members if m["consent_needed"] and isinstance(m["age"], int)
                               and 12 <= m["age"] < 18],
            "complete": any(m["role"] == "parent" for m in members) and all(
                m["consent"] == Consent.GIVEN for m in members if m["consent_needed"]),
        },
        "sent_on": _iso(adoc.sent_on),
        "decided_on": _iso(adoc.decided_on),
        "itp_reference": adoc.itp_reference,
        "modules_granted": [m.code for m in adoc.modules_granted.all()],
        "granted_from": _iso(adoc.granted_from),
        "granted_until": _iso(adoc.granted_until),
        "refusal_reason": adoc.refusal_reason,
    }


DATE_KEYS = {"birth_date", "expected_birth_date", "consent_on", "sent_on", "decided_on", "granted_from",
             "granted_until"}


def for_display(data):
    """A copy of the structured data with ISO dates written as dd/mm/jjjj (nl-BE), for the page and the PDF."""
    if isinstance(data, dict):
        return {k: (datetime.date.fromisoformat(v).strftime("%d/%m/%Y") if k in DATE_KEYS and v else for_display(v))
                for k, v in data.items()}
    if isinstance(data, list):
        return [for_display(v) for v in data]
    return data


def a_document_pdf(*, adoc: ADocument) -> bytes:
    from weasyprint import HTML

    data = for_display(a_document_data(adoc=adoc))
    html = render_to_string("intake/a_document_pdf.html", {"data": data, "adoc": adoc,
                                                           "printed_on": timezone.localdate()})
    return HTML(string=html).write_pdf()
