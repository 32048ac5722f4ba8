"""Fictional child-safety demo data for one family in residence: a Signs of Safety mapping with its three columns,
scaling over three dates and a review; the safety plan from it with two safety persons; a contact restriction;
and a Kindreflex procedure in progress (steps 1–3, a niet-pluis feeling, an anonymous consultation with the VK).

Idempotent: nothing is added once a mapping exists. Every name, number and story here is invented (the phone
numbers are in ranges no real subscriber uses in the demo's stories, but they are valid Belgian numbers).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.backends.postgresql.psycopg_any import DateRange
from django.utils import timezone

from spalk.accounts.models import Membership, Role
from spalk.families.models import FamilyMember, MemberRole
from spalk.partners.models import Organisation, OrganisationKind
from spalk.safety import kindreflex, services
from spalk.safety.models import EntryKind, MappingEntry, SafetyMapping
from spalk.stays.models import Allocation

DAY = datetime.timedelta(days=1)

ENTRIES = [
    (EntryKind.WORRY, "Op drie avonden deze week lag {child} om 23 uur nog wakker in de gang terwijl mama sliep."),
    (EntryKind.WORRY, "{child} kreeg deze week twee keer geen ontbijt voor ze naar de kinderopvang ging."),
    (EntryKind.WORKING_WELL, "Als oma Rita op zondag komt, eet {child} om 18 uur en ligt ze om 19.30 uur in bed."),
    (EntryKind.WORKING_WELL, "Mama vraagt zelf hulp aan de begeleider als {child} blijft huilen."),
    (EntryKind.NEXT_STEP, "Oma Rita belt elke avond om 19 uur en komt langs als mama niet opneemt."),
    (EntryKind.NEXT_STEP, "Mama zet elke avond om 21 uur een wekker om te kijken of {child} slaapt."),
    (EntryKind.DANGER, "De begeleiders zijn bang dat {child} 's nachts alleen en zonder toezicht rondloopt als mama "
                       "te veel gedronken heeft, en daarbij valt of de studio uit loopt."),
    (EntryKind.GOAL, "Iedere avond is er een volwassene die nuchter is en weet waar {child} is, drie maanden lang, "
                     "en oma Rita en de begeleiders kunnen dat bevestigen."),
]
SCORES = [(-28, [("Sarah (mama)", 6), ("Oma Rita", 4), ("Begeleider", 3)]),
          (-14, [("Sarah (mama)", 7), ("Oma Rita", 5), ("Begeleider", 4)]),
          (-1, [("Sarah (mama)", 7), ("Oma Rita", 6), ("Begeleider", 6)])]


def _family_in_residence():
    today = timezone.localdate()
    allocation = (Allocation.objects.filter(period__overlap=DateRange(today, today + DAY))
                  .select_related("family").order_by("family__centre_id", "pk").first())
    if allocation is None:
        return None, None
    child = (FamilyMember.objects.filter(family=allocation.family, role=MemberRole.CHILD).select_related("person")
             .order_by("person__birth_date", "pk").first())
    return allocation.family, child.person if child else None


def load(*, stdout) -> None:
    if SafetyMapping.objects.exists():
        _corrections(stdout=stdout)
        stdout.write("safety: already loaded\n")
        return
    family, child = _family_in_residence()
    if family is None or child is None:
        stdout.write("safety: no family with a child in residence\n")
        return
    members = list(Membership.objects.filter(centre_id=family.centre_id).select_related("user").order_by("pk"))
    director = next((m.user for m in members if m.role == Role.DIRECTOR), None)
    colleague = next((m.user for m in members if m.role in (Role.TEAM_LEAD, Role.COUNSELLOR)
                      and m.user != director), None)
    if director is None:
        stdout.write("safety: no director\n")
        return
    today = timezone.localdate()
    name = child.first_name or "het kind"
    with transaction.atomic():
        mapping = services.mapping_create(actor=director, family=family, data={
            "title": f"Veiligheid van {name} 's avonds en 's nachts", "child": child, "mapped_on": today - 28 * DAY,
            "next_review_on": today - 14 * DAY})
        for kind, text in ENTRIES:
            services.mapping_entry_add(actor=director, mapping=mapping, kind=kind, text=text.format(child=name),
                                       today=today - 28 * DAY)
        for offset, scores in SCORES[:1]:
            for participant, score in scores:
                services.scaling_add(actor=director, mapping=mapping, participant=participant, score=score,
                                     scored_on=today + offset * DAY)
        for offset, scores in SCORES[1:]:
            mapping.refresh_from_db()
            services.mapping_review(
                actor=director, mapping=mapping, reviewed_on=today + offset * DAY, version=mapping.version,
                summary="Oma Rita belde elke avond; één avond nam mama niet op en kwam oma langs.",
                next_review_on=today + (offset + 14) * DAY, scores=scores)
        plan = services.safety_plan_create(actor=director, family=family, data={
            "agreed_on": today - 14 * DAY, "review_on": today + 14 * DAY, "mapping": mapping,
            "note": f"Zodat er elke avond een nuchtere volwassene weet waar {name} is.",
            "rules": "\n".join([
                f"Mama drinkt geen alcohol als ze alleen is met {name}.",
                "Oma Rita belt elke avond om 19 uur; neemt mama niet op, dan komt oma langs of belt ze de "
                "nachtdienst.",
                f"Als mama zich niet goed voelt, belt ze de nachtdienst en blijft {name} in de leefgroep slapen.",
            ])})
        services.safety_person_add(actor=director, plan=plan, data={
            "name": "Rita Verbeke", "relation": "grootmoeder langs moederskant", "phone": "0470 99 01 23",
            "does": "Belt elke avond om 19 uur; komt langs als mama niet opneemt.", "reachable": "elke dag tot 22 uur"})
        services.safety_person_add(actor=director, plan=plan, data={
            "name": "Jamal Ouali", "relation": "buurman van oma, vriend van de familie", "phone": "0471 99 45 67",
            "does": "Rijdt oma naar het centrum als ze geen vervoer heeft.", "reachable": "na 17 uur"})
        services.restriction_create(actor=director, family=family, data={
            "child": child, "restricted_name": "Dirk Claes", "relation": "ex-partner van mama",
            "recognise": "lang, kort grijs haar, rijdt met een rode bestelwagen", "kind": "no_pickup",
            "valid_from": today - 30 * DAY, "valid_until": today + 150 * DAY, "source": "court_order",
            "source_reference": "Jeugdrechtbank (fictief), beschikking 26/0001",
            "if_seen": "Deur niet openen, het kind niet meegeven; bel 101 en de teamverantwoordelijke."})
        procedure = kindreflex.procedure_start(actor=director, family=family, child=child,
                                               started_on=today - 20 * DAY)
        vk = Organisation.objects.filter(centre_id=family.centre_id, kind=OrganisationKind.VK).first()
        if vk is not None:
            kindreflex.partners_set(actor=director, procedure=procedure, organisations=[vk], version=procedure.version)
            procedure.refresh_from_db()
        kindreflex.step_record(actor=director, procedure=procedure, number=1, version=procedure.version,
                               today=today - 20 * DAY, data={
                                   "answers": {"children": f"{name}, woont permanent bij mama in de studio.",
                                               "childcare": "Kinderopvang op weekdagen van 8 tot 16 uur."},
                                   "decision": "Verder peilen naar de veiligheid 's avonds, samen met een collega."})
        procedure.refresh_from_db()
        kindreflex.step_record(actor=director, procedure=procedure, number=2, version=procedure.version,
                               today=today - 18 * DAY, data={
                                   "answers": {"safety_home": f"Drie avonden lag {name} om 23 uur wakker in de gang.",
                                               "wellbeing": "Overdag vrolijk, eet goed in de opvang."},
                                   "colleague": colleague, "expert": "" if colleague else "Consulent VK (fictief)",
                                   "not_right_feeling": True,
                                   "not_right_reasons": "Mama rook twee avonden naar alcohol toen ze de deur opende.",
                                   "decision": "Gesprek met mama over de avonden; VK anoniem raadplegen."})
        procedure.refresh_from_db()
        kindreflex.step_record(actor=director, procedure=procedure, number=3, version=procedure.version,
                               today=today - 15 * DAY, data={
                                   "answers": {"impact": f"Besproken wat het voor {name} betekent als niemand waakt.",
                                               "how_supported": "Avondritueel samen ingeoefend; oma betrokken."},
                                   "decision": "Naar stap 4: verder nagaan samen met mama en oma."})
        kindreflex.consultation_log(actor=director, procedure=procedure, data={
                "service": "vk", "organisation": vk, "anonymous": True, "consulted_on": today - 17 * DAY,
                "question": "Hoe bespreken we het drinken 's avonds zonder dat mama dichtklapt?",
                "advice": "Concreet benoemen wat u zag, samen met mama een veiligheidsplan met het netwerk maken."})
    _corrections(stdout=stdout)
    stdout.write("safety: one mapping, one safety plan with two safety persons, one contact restriction, "
                 "one Kindreflex procedure\n")


def _corrections(*, stdout) -> None:
    """On the demo mapping: a worry a neighbour reported in confidence (withheld from the family), a corrected
    entry and a score removed as recorded by mistake. Added once (a second run finds the withheld entry)."""
    mapping = SafetyMapping.objects.select_related("family").order_by("pk").first()
    if mapping is None or MappingEntry.objects.filter(mapping=mapping, withheld_from_family=True).exists():
        return
    director = mapping.created_by
    if director is None or mapping.closed_on is not None:
        return
    with transaction.atomic():
        services.mapping_entry_add(
            actor=director, mapping=mapping, kind=EntryKind.WORRY, withheld=True, withheld_reason="third_party",
            text="Een buurvrouw meldde in vertrouwen dat ze het kind twee avonden na 22 uur alleen op de gang hoorde "
                 "huilen.")
        entry = MappingEntry.objects.filter(mapping=mapping, kind=EntryKind.WORKING_WELL,
                                            removed_at__isnull=True).order_by("pk").first()
        if entry is not None:
            services.mapping_entry_correct(actor=director, entry=entry, version=entry.version,
                                           reason="aangevuld na het gesprek met oma",
                                           text=entry.text.rstrip(".") + ", ook in het weekend.")
        score = services.scaling_add(actor=director, mapping=mapping, participant="Rita (oma)", score=8,
                                     scored_on=mapping.mapped_on, why="Dubbel ingevoerd.")
        services.scaling_remove(actor=director, score_row=score, version=score.version,
                                reason="dubbel ingevoerd, de score van oma stond er al")
    stdout.write("safety: a withheld worry, a corrected entry and a removed score on the demo mapping\n")
