"""Fictional network data for the demo: a consent with a share (and the sending of an issued report under it), a
withdrawn consent, a network meeting with agreements, a referral out and signals to policy. Every name and story
is invented. Idempotent: a family that already has a consent record of its own (not intake's) is left alone, and a
report already sent is not sent again."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from spalk.accounts.models import User
from spalk.centres.models import Centre
from spalk.families.models import Family, MemberRole
from spalk.network import consent, services
from spalk.network.models import ConsentRecord, PolicySignal, Scope
from spalk.partners.models import Organisation

DAY = datetime.timedelta(days=1)

SIGNALS = [  # (category, eerstelijnszone, municipality, days ago, description)
    ("no_place", "ELZ Oostende-Bredene", "Oostende", 12, "Geen plaats in kortdurend crisisverblijf in de regio."),
    ("waiting", "ELZ Oostende-Bredene", "Bredene", 30, "Wachtlijst CGG voor jonge kinderen: vier maanden."),
    ("waiting", "ELZ Oostende-Bredene", "Oostende", 40, "Wachtlijst CGG: moeder wacht drie maanden."),
    ("costs", "ELZ Middenkust", "Middelkerke", 20, "Kinderopvang te duur met een leefloon."),
    ("rules", "ELZ Oostende-Bredene", "Oostende", 55, "Huurwaarborg blokkeert de verhuis uit het centrum."),
    ("no_service", "ELZ Middenkust", "Middelkerke", 70, "Geen mobiele begeleiding in de gemeente."),
]


def load(*, stdout) -> None:
    centre = Centre.objects.get(short_name="ANK")
    actor = User.objects.get(email="traject@tenanker.demo")
    family = Family.objects.filter(centre=centre, name="Gezin Vermeulen").first()
    cgg = Organisation.objects.filter(centre=centre, kind="cgg").first()
    caw = Organisation.objects.filter(centre=centre, kind="caw").first()
    if family is None or cgg is None or caw is None:
        return
    if ConsentRecord.objects.filter(family=family).exclude(scope=Scope.REGISTRATION).exists():
        return
    today = timezone.localdate()
    parents = [m.person for m in family.members.filter(role=MemberRole.PARENT, end_date__isnull=True)
               .select_related("person")]
    with transaction.atomic():
        record = consent.consent_record_create(actor=actor, family=family, data=consent.RecordInput(
            basis="consent", scope=Scope.ALL, purpose="Opvolging door het CGG tijdens en na het verblijf.",
            valid_from=today - 20 * DAY, valid_until=today + 160 * DAY, organisation=cgg,
            givers=[consent.GiverInput(person=p, answered_on=today - 20 * DAY) for p in parents]))
        consent.share_create(actor=actor, family=family, data=consent.ShareInput(
            kind="summary", consent=record, summary="Moeder is gestart met gesprekken; het gaat beter met slapen."))
        old = consent.consent_record_create(actor=actor, family=family, data=consent.RecordInput(
            basis="consent", scope=Scope.REPORTS, purpose="Verslag voor de woonbegeleiding van het CAW.",
            valid_from=today - 40 * DAY, organisation=caw,
            givers=[consent.GiverInput(person=p, answered_on=today - 40 * DAY) for p in parents]))
        consent.consent_withdraw(actor=actor, record=old, note="Moeder wil eerst zelf met het CAW praten.")
        meeting = services.meeting_create(actor=actor, family=family, data={
            "kind": "network_table", "held_on": today - 7 * DAY, "family_participants": "moeder",
            "network_participants": "oma (veiligheidspersoon), buurvrouw",
            "partner_participants": "Kind en Gezin", "family_voice": "Ik wil dat oma op woensdag komt helpen.",
            "summary": "Rustmomenten en opvang op woensdag besproken.", "next_on": today + 35 * DAY,
            "staff": [actor]})
        services.agreement_add(actor=actor, meeting=meeting, data={
            "what": "Oma haalt de kinderen op woensdag op", "who": "oma", "due_on": today + 7 * DAY})
        services.agreement_add(actor=actor, meeting=meeting, data={
            "what": "Afspraak maken bij het CGG", "who": "trajectbegeleider", "responsible": actor,
            "due_on": today + 3 * DAY})
        services.referral_create(actor=actor, family=family, data={
            "organisation": caw, "reason": "Woonbegeleiding na het verblijf."})
        if not PolicySignal.objects.filter(centre=centre).exists():
            for category, zone, municipality, days, text in SIGNALS:
                services.signal_record(actor=actor, centre=centre, data={
                    "category": category, "primary_care_zone": zone, "municipality": municipality,
                    "noted_on": today - days * DAY, "description": text})
    _send_report(centre=centre, organisation=cgg, today=today)
    stdout.write("network: consent, share, meeting, referral and signals for Gezin Vermeulen\n")


def _send_report(*, centre, organisation, today) -> None:
    """The evolutieverslag the plans demo issued is sent to the CGG, under a consent of that family's parents."""
    from spalk.plans import reports
    from spalk.plans.models import Report

    report = Report.objects.filter(family__centre=centre, status="issued", sendings__isnull=True).select_related(
        "family", "trajectory").order_by("issued_at", "pk").first()
    if report is None:
        return
    actor = report.issued_by or User.objects.get(email="traject@tenanker.demo")
    parents = [m.person for m in report.family.members.filter(role=MemberRole.PARENT, end_date__isnull=True)
               .select_related("person")]
    if not parents:
        return
    with transaction.atomic():
        record = consent.consent_record_create(actor=actor, family=report.family, data=consent.RecordInput(
            basis="consent", scope=Scope.REPORTS, purpose="Het evolutieverslag voor de therapeut van het CGG.",
            valid_from=today - 2 * DAY, valid_until=today + 90 * DAY, organisation=organisation,
            givers=[consent.GiverInput(person=p, answered_on=today - 2 * DAY) for p in parents]))
        reports.report_send(actor=actor, report=report, data=reports.SendingInput(
            recipient_kind="other", sent_on=today, consent=record))
