"""Fictional registrations for the demo of the intake. Names and stories are invented."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from spalk.accounts.models import User
from spalk.centres.models import Centre
from spalk.intake import services
from spalk.intake.models import Module, Registration, RegistrationStep, Status, WaitingListEntry
from spalk.partners.models import Organisation


def _ago(years: int = 0, days: int = 0) -> datetime.date:
    today = timezone.localdate()
    return today.replace(year=today.year - years, day=min(today.day, 28)) - datetime.timedelta(days=days)


REGISTRATIONS: list[Any] = [
    # family, care, urgency, mandate, referrer, question, members, steps (status, reason, referral)
    ("Gezin De Smet", "stay_high", "high", "voluntary", "Kind en Gezin regioteam Kust (demo)",
     "Ik ben zwanger en wil leren zorgen voor mijn baby, maar thuis gaat het niet.",
     [("parent", "Amber", "De Smet", _ago(16, 20), None, True), ("unborn", "", "De Smet", None, 75, False)],
     []),
    ("Gezin Wouters", "stay_low", "normal", "ocj", "OCJ Kust (demo)",
     "We willen samen blijven met de kinderen en hulp bij de opvoeding.",
     [("parent", "Nina", "Wouters", _ago(27), None, False), ("child", "Lou", "Wouters", _ago(4), None, False),
      ("child", "Mats", "Wouters", _ago(1, 40), None, False)],
     [(Status.IN_SCREENING, "", None)]),
    ("Gezin Baert", "stay_high", "normal", "voluntary", "AZ Zeezicht, materniteit (demo)",
     "Ik ben zwanger en heb geen vaste woonplaats.",
     [("parent", "Yasmina", "Baert", _ago(23), None, True), ("unborn", "", "Baert", None, 40, False)],
     [(Status.IN_SCREENING, "", None), (Status.DECISION, "", None),
      (Status.WAITING_LIST, "Indicatie gunstig, momenteel geen studio vrij.", None)]),
    ("Gezin Maes", "stay_high", "normal", "voluntary", "",
     "Hulp bij de opvoeding van onze zoon.",
     [("parent", "Kevin", "Maes", _ago(31), None, False), ("child", "Finn", "Maes", _ago(3), None, False)],
     [(Status.IN_SCREENING, "", None), (Status.DECISION, "", None),
      (Status.DECLINED, "Het middelengebruik staat volgens het team te sterk op de voorgrond.",
       "Verslavingszorg Aan Zee (demo)")]),
]


def load(*, stdout) -> None:
    centre = Centre.objects.get(short_name="ANK")
    actor = User.objects.get(email="intake@tenanker.demo")
    for family, care, urgency, mandate, referrer, question, members, steps in REGISTRATIONS:
        if Registration.objects.filter(centre=centre, family_name=family).exists():
            continue
        org = Organisation.objects.filter(centre=centre, name=referrer).first() if referrer else None
        modules = list(Module.objects.filter(code__in=["CB", "VHF-GO" if care == "stay_high" else "VLF-GO"]))
        reg = services.registration_create(actor=actor, centre=centre, modules=modules, data={
            "received_on": _ago(days=35), "family_name": family, "care": care, "urgency": urgency,
            "mandate": mandate, "referrer_organisation": org, "referrer_text": "" if org else "het gezin zelf",
            "question_family": question, "city": "Oostende"})
        for role, first, last, birth, expected_in, pregnant in members:
            services.registration_member_add(actor=actor, registration=reg, data={
                "role": role, "first_name": first, "last_name": last, "birth_date": birth, "pregnant": pregnant,
                "expected_birth_date": timezone.localdate() + datetime.timedelta(days=expected_in)
                if expected_in else None, "consent": "given" if role == "parent" else "not_needed"})
        for status, reason, referral in steps:
            if status == Status.DECISION:
                services.screening_save(actor=actor, registration=reg, weighing="not_yet", answers={
                    "young_vulnerable_parenthood": {"answer": "yes", "note": ""},
                    "need_rest_stability": {"answer": "yes", "note": "Geen vaste woonplaats."}})
            reg = services.registration_transition(
                actor=actor, registration=reg, to_status=status, reason=reason,
                referred_to=Organisation.objects.filter(centre=centre, name=referral).first() if referral else None)
        # the demo's history took weeks, not the second of loading: one step every two days from reception
        for number, step in enumerate(reg.steps.order_by("pk")):
            moment = datetime.datetime.combine(_ago(days=35 - 2 * number), datetime.time(10, 0))
            RegistrationStep.objects.filter(pk=step.pk).update(at=timezone.make_aware(moment))
        if reg.status == Status.WAITING_LIST:  # a follow-up that is overdue, to show the flag
            placed = timezone.localdate(reg.steps.filter(to_status=Status.WAITING_LIST).latest("at").at)
            WaitingListEntry.objects.filter(registration=reg).update(since=placed, next_contact_due=_ago(days=4))
