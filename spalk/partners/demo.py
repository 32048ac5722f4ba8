"""Fictional partner directory for the demo. Organisation and person names, numbers and addresses are invented."""

from __future__ import annotations

from typing import Any

from spalk.centres.models import Centre
from spalk.partners.models import ContactPerson, Organisation

PARTNERS: dict[str, list[Any]] = {
    "ANK": [
        ("OCJ Kust (demo)", "ocj", "Oostende", "Ondersteuningscentrum Jeugdhulp: consulenten, verontrusting.",
         [("Els Maes", "consulent")]),
        ("Jeugdrechtbank Brugge (demo)", "youth_court", "Brugge", "", [("Mr. Pieter Vandamme", "jeugdrechter")]),
        ("Kind en Gezin regioteam Kust (demo)", "kg", "Oostende", "Prenatale en postnatale ondersteuning, "
         "consultatiebureau.", [("Griet Declercq", "regioverpleegkundige")]),
        ("CAW Kust (demo)", "caw", "Oostende", "Algemeen welzijnswerk, woonbegeleiding, onthaal.",
         [("Jonas Verhaeghe", "maatschappelijk werker")]),
        ("CGG Kust (demo)", "cgg", "Oostende", "Geestelijke gezondheidszorg voor ouders en jonge kinderen.",
         [("Dr. Lies Goethals", "psychiater")]),
        ("Verslavingszorg Aan Zee (demo)", "addiction", "Oostende", "Ambulante drugshulp.", []),
        ("AZ Zeezicht, materniteit (demo)", "hospital", "Oostende", "Sociale dienst materniteit.",
         [("Sara Lambrecht", "sociaal verpleegkundige")]),
        ("1G1P netwerk Kust (demo)", "1g1p", "Bredene", "Eén gezin, één plan: gezinscoaching.", []),
        ("CLB Kust (demo)", "clb", "Oostende", "Leerlingenbegeleiding.", []),
        ("OCMW Oostende (demo)", "ocmw", "Oostende", "Leefloon, budgetbegeleiding.", []),
    ],
    "STO": [
        ("CAW Antwerpen-Noord (demo)", "caw", "Antwerpen", "Algemeen welzijnswerk.", []),
        ("OCJ Antwerpen (demo)", "ocj", "Antwerpen", "", []),
    ],
}


def load(*, stdout) -> None:
    for short, organisations in PARTNERS.items():
        centre = Centre.objects.get(short_name=short)
        for name, kind, city, offer, contacts in organisations:
            org, created = Organisation.objects.get_or_create(centre=centre, name=name, defaults={
                "kind": kind, "city": city, "offer": offer})
            if created:
                for person, function in contacts:
                    ContactPerson.objects.create(organisation=org, name=person, function=function)
