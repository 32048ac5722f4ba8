"""Fictional logbook of CIG Ten Anker: three weeks of notes, care moments, handovers and incidents.

Every name and story is invented. Deterministic (a seeded random), idempotent (nothing is added when the
centre already has notes). Written straight to the tables: the demo is history, not a series of actions.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from spalk.accounts.models import User
from spalk.centres.models import Centre
from spalk.families.models import Family, MemberRole
from spalk.logbook.models import (
    Attunement,
    CareMomentKind,
    CareMomentObservation,
    Category,
    Handover,
    HandoverReceipt,
    Incident,
    IncidentKind,
    Note,
    NoteKind,
    NoteRevision,
    Severity,
    Shift,
    ShiftTask,
    Visibility,
)
from spalk.logbook.shifts import shift_window
from spalk.methods.models import Method
from spalk.stays.models import Unit

DAYS = 21

# (category, text with {parent} {child}, method codes, health only)
DAY_NOTES = [
    (Category.PARENT_WORK, "{parent} maakte zelf de fles klaar voor {child} en controleerde de temperatuur op haar "
                           "pols. Ze vroeg pas hulp toen de speen niet goed zat.", ["care-moment"], False),
    (Category.PARENT_WORK, "Gesprek met {parent} over de ochtendroutine: ze wil {child} om 7u30 wakker maken zodat "
                           "ze op tijd op school is. We schreven samen een stappenplan op de koelkast.",
     ["three-columns"], False),
    (Category.CHILD_WORK, "{child} speelde een half uur geconcentreerd met de blokken in de speelhoek. Ze zocht "
                          "regelmatig oogcontact met {parent}.", ["play-support"], False),
    (Category.CHILD_WORK, "ZiKo-opvolging voor {child}: stapt los langs de bank, zegt 'mama' en 'nee'. Volgende "
                          "observatie over vier weken.", ["ziko"], False),
    (Category.FAMILY_NETWORK, "Oma belde om te vragen of ze zondag op bezoek mag komen. Met {parent} besproken; "
                              "ze wil het eerst met haar trajectbegeleider overleggen.", ["involve-context"], False),
    (Category.FAMILY_NETWORK, "Genogram verder aangevuld met {parent}: haar tante in Brugge is een mogelijke "
                              "steunfiguur voor de opvang op woensdag.", ["genogram"], False),
    (Category.HEALTH, "Consult K&G in huis: {child} weegt 11,2 kg, groeicurve volgt de lijn. Volgende vaccinatie "
                      "staat gepland.", ["kg-vigez"], True),
    (Category.HEALTH, "{parent} had buikpijn en harde buiken rond 16u. Vroedvrouw verwittigd, CTG morgen in het "
                      "ziekenhuis.", ["gordon"], True),
    (Category.TRAINING, "Budgetoefening met {parent}: boodschappenlijst voor de week gemaakt binnen de 50 euro. "
                        "Ze koos zelf voor een goedkoper merk luiers.", ["adl"], False),
    (Category.TRAINING, "DBT-vaardigheden: {parent} gebruikte vandaag 'STOP' toen ze boos werd aan de telefoon met "
                        "haar ex. Ze kon achteraf vertellen wat hielp.", ["dbt-skills"], False),
    (Category.COOPERATION, "Cliëntoverleg met OCJ en de consulent. {parent} vertelde zelf wat al lukt. Afspraak: "
                           "evaluatie binnen zes weken.", ["client-meeting"], False),
    (Category.HOUSE_RULES, "{parent} had na 22u nog bezoek op de kamer. Huisregel opnieuw uitgelegd; ze begreep het "
                           "en het bezoek vertrok meteen.", [], False),
    (Category.PRACTICAL, "Wasmachine in de studio lekt. Technische dienst verwittigd, {parent} mag tot dan de "
                         "machine in de wasruimte gebruiken.", [], False),
    (Category.PARENT_WORK, "Beeldcoaching: opname van het badmoment met {parent} en {child} samen bekeken. Ze zag zelf "
                           "dat {child} rustiger werd toen ze zachter praatte.", ["vht"], False),
]

NIGHT_NOTES = [
    (Category.PARENT_WORK, "{child} werd om 2u15 wakker en huilde. {parent} stond zelf op, nam haar op en wiegde "
                           "haar. Na tien minuten sliep ze weer.", [], False),
    (Category.PARENT_WORK, "Om 3u fles gegeven door {parent}. Ze vroeg of ze het licht mocht dimmen; goed idee, "
                           "{child} viel sneller terug in slaap.", [], False),
    (Category.CHILD_WORK, "Rustige nacht, {child} sliep door van 20u tot 6u45.", [], False),
    (Category.HEALTH, "{child} had om 1u 38,4 graden. Paracetamol gegeven volgens het schema van de huisarts, om 4u "
                      "37,6.", [], True),
    (Category.HOUSE_RULES, "Om 23u30 nog muziek in de studio. Na één vraag meteen stiller gezet.", [], False),
    (Category.PARENT_WORK, "{parent} kon niet slapen en kwam om 1u naar het bureau. Even gepraat over de zitting "
                           "bij de jeugdrechter volgende week; ze was opgelucht na het gesprek.", ["individual-talks"],
     False),
]

HOUSE_NOTES = [
    (Category.PRACTICAL, "Brandalarm getest, alle melders in orde."),
    (Category.PRACTICAL, "Lamp in de gang van de eerste verdieping is stuk, gemeld aan de technische dienst."),
    (Category.HOUSE_RULES, "Nieuwe afspraak in de leefgroep: de gemeenschappelijke keuken is opgeruimd om 21u."),
    (Category.PRACTICAL, "Voorraad luiers maat 4 bijna op; bestelling doorgegeven."),
]

HANDOVER_SUMMARIES = {
    Shift.MORNING: ["Rustige nacht. {a}: kleine wakker om 3u, mama deed het zelf goed. Ontbijt om 8u samen.",
                    "Nacht met koorts bij de jongste van {a}; temperatuur om 7u opnieuw meten en doorgeven aan de "
                    "vroedvrouw.",
                    "Alles rustig. Vandaag om 10u consult K&G in huis voor {a}."],
    Shift.LATE: ["Voormiddag goed verlopen. {a} had een gesprek met de trajectbegeleider, wat emotioneel; even "
                 "polsen hoe het gaat.",
                 "{b} is naar de vroedvrouw geweest, alles in orde. Let op: bezoek van de partner tot 20u.",
                 "Budgetoefening met {a} gedaan, boodschappen morgen samen."],
    Shift.NIGHT: ["Iedereen binnen om 22u. {a}: fles om 3u, mama vraagt om wakker te bellen als de kleine huilt en "
                  "zij niet reageert.",
                  "{b} had harde buiken vanavond; bij pijn of bloedverlies de vroedvrouw van wacht bellen.",
                  "Rustige avond. Wasmachine studio 1 niet gebruiken (lek)."],
}

CARE_MOMENTS = [
    # days ago, kind, parent did, child signals, response, practised, attunement
    (19, CareMomentKind.BATHING, "Liet het bad vollopen terwijl Milan op de grond wachtte, zette hem er snel in.",
     "Milan huilde, strekte zich en keek weg.", "Lotte praatte luider en waste hem vlug af.",
     "Eerst de temperatuur voelen, Milan laten wennen met de voetjes.", Attunement.NOT),
    (14, CareMomentKind.BEDTIME, "Legde Milan in bed en ging meteen weg.", "Milan riep 'mama' en stond recht in bed.",
     "Lotte kwam terug na vijf minuten en bleef even zitten.", "Vast slaapritueel: boekje, knuffel, liedje.",
     Attunement.PARTLY),
    (9, CareMomentKind.BATHING, "Testte het water met haar pols, zong een liedje bij het uitkleden.",
     "Milan lachte en spetterde, draaide zich naar mama.", "Lotte benoemde wat hij deed en speelde mee.",
     "Na het bad rustig afdrogen op de commode.", Attunement.MOSTLY),
    (3, CareMomentKind.BEDTIME, "Las een boekje voor, gaf de knuffel en zong het slaapliedje.",
     "Milan wreef in zijn ogen en kroop tegen haar aan.", "Lotte zag dat hij moe was en legde hem rustig neer.",
     "Ritueel volhouden, ook als het laat wordt.", Attunement.WELL),
]


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour % 24, minute)))


def _people(family: Family) -> tuple[str, str, list]:
    members = list(family.members.select_related("person"))
    parent = next((m.person for m in members if m.role == MemberRole.PARENT), None)
    child = next((m.person for m in members if m.role == MemberRole.CHILD), None)
    persons = [p for p in (parent, child) if p is not None]
    return (parent.first_name if parent else "mama"), (child.first_name if child else "de baby"), persons


def load(*, stdout) -> None:
    centre = Centre.objects.filter(short_name="ANK").first()
    if centre is None or Note.objects.filter(centre=centre).exists():
        return
    rnd = random.Random(11)  # noqa: S311 - fictional demo data, not security
    staff = {u.email: u for u in User.objects.filter(email__endswith="@tenanker.demo")}
    day_authors = [staff[e] for e in ("begeleider@tenanker.demo", "kind@tenanker.demo", "traject@tenanker.demo")
                   if e in staff]
    night = staff.get("nacht@tenanker.demo")
    midwife = staff.get("vroedvrouw@tenanker.demo")
    lead = staff.get("teamlead@tenanker.demo")
    if not day_authors or night is None:
        return
    methods = {m.code: m for m in Method.objects.all()}
    families = list(Family.objects.filter(centre=centre).prefetch_related("members__person").order_by("name"))
    residents = [f for f in families if f.name in ("Gezin Vermeulen", "Gezin Yilmaz-Mertens")]
    today = timezone.localdate()
    notes = 0
    for offset in range(DAYS, 0, -1):
        day = today - datetime.timedelta(days=offset)
        for family in residents:
            parent, child, persons = _people(family)
            for category, text, codes, health in rnd.sample(DAY_NOTES, 2):
                author = midwife if health and midwife else rnd.choice(day_authors)
                note = Note.objects.create(
                    centre=centre, family=family, author=author, moment=_at(day, rnd.randint(9, 20), rnd.choice(
                        (0, 10, 25, 40, 55))), category=category, text=text.format(parent=parent, child=child),
                    visibility=Visibility.HEALTH if health else Visibility.TEAM)
                note.persons.set(persons if "{child}" in text else persons[:1])
                note.methods.set([methods[c] for c in codes if c in methods])
                notes += 1
            night_moment = _at(day + datetime.timedelta(days=1), rnd.randint(0, 5), rnd.choice((5, 30)))
            if rnd.random() < 0.6 and night_moment < timezone.now():  # loaded after midnight: no note ahead
                category, text, codes, health = rnd.choice(NIGHT_NOTES)
                note = Note.objects.create(
                    centre=centre, family=family, author=night, moment=night_moment,
                    category=category, text=text.format(parent=parent, child=child),
                    visibility=Visibility.HEALTH if health else Visibility.TEAM)
                note.persons.set(persons)
                notes += 1
        if offset % 5 == 0:
            category, text = HOUSE_NOTES[(offset // 5) % len(HOUSE_NOTES)]
            Note.objects.create(centre=centre, unit=Unit.objects.filter(centre=centre).first(), author=night,
                                moment=_at(day, 23, 40), category=category, text=text)
    # a note written by the context counsellor for a family followed at home, withheld from the family
    peeters = next((f for f in families if f.name == "Gezin Peeters"), None)
    context = staff.get("context@tenanker.demo")
    if peeters is not None and context is not None:
        Note.objects.create(
            centre=centre, family=peeters, author=context, moment=_at(today - datetime.timedelta(days=6), 14),
            category=Category.FAMILY_NETWORK, text="De buurvrouw meldde in vertrouwen dat de ex-partner vorige "
            "week 's avonds aan de deur stond. Zij wil niet dat haar naam genoemd wordt.",
            withheld_from_family=True, withheld_reason="third_party", withheld_by=context,
            withheld_at=_at(today - datetime.timedelta(days=6), 14))
    _care_moments(centre=centre, families=residents, author=staff.get("kind@tenanker.demo") or day_authors[0],
                  methods=methods, today=today)
    _correction(centre=centre, lead=lead)
    handovers = _handovers(centre=centre, residents=residents, authors=[*day_authors, night], today=today,
                           readers=[u for u in (night, lead, *day_authors) if u is not None], rnd=rnd)
    _incidents(centre=centre, residents=residents, night=night, lead=lead, today=today)
    _tasks(centre=centre, residents=residents, author=day_authors[0], today=today)
    stdout.write(f"  logbook: {notes} notes, {handovers} handovers, incidents and care moments for {centre.name}\n")


def _care_moments(*, centre, families, author, methods, today) -> None:
    family = next((f for f in families if f.name == "Gezin Vermeulen"), None)
    if family is None:
        return
    members = list(family.members.select_related("person"))
    child = next((m.person for m in members if m.role == MemberRole.CHILD), None)
    parent = next((m.person for m in members if m.role == MemberRole.PARENT), None)
    if child is None:
        return
    from spalk.logbook.services import CareMomentInput, care_moment_text

    for days, kind, did, signals, response, practised, attunement in CARE_MOMENTS:
        obs = CareMomentInput(child=child, parent=parent, moment_kind=kind, parent_action=did, child_signals=signals,
                              parent_response=response, practised=practised, attunement=attunement)
        note = Note.objects.create(centre=centre, family=family, author=author, kind=NoteKind.CARE_MOMENT,
                                   category=Category.PARENT_WORK, text=care_moment_text(obs),
                                   moment=_at(today - datetime.timedelta(days=days), 19, 15))
        note.persons.set([p for p in (child, parent) if p])
        note.methods.set([methods[c] for c in ("care-moment", "eas") if c in methods])
        CareMomentObservation.objects.create(note=note, child=child, parent=parent, moment_kind=kind,
                                             parent_action=did, child_signals=signals, parent_response=response,
                                             practised=practised, attunement=attunement)


def _correction(*, centre, lead) -> None:
    """One corrected note, so the history shows an earlier version."""
    note = Note.objects.filter(centre=centre, family__isnull=False, kind=NoteKind.NOTE).order_by("moment").first()
    if note is None or lead is None:
        return
    NoteRevision.objects.create(note=note, number=1, text=note.text.replace("7u30", "8u"), category=note.category,
                                visibility=note.visibility, written_by=note.author, written_at=note.moment,
                                corrected_by=lead, corrected_at=note.moment + datetime.timedelta(hours=2),
                                reason="Uur verkeerd genoteerd, nagevraagd bij de moeder")
    Note.objects.filter(pk=note.pk).update(corrections=1, version=2)


def _handovers(*, centre, residents, authors, today, readers, rnd) -> int:
    names = [f.name.replace("Gezin ", "") for f in residents] or ["het huis"]
    previous = None
    count = 0
    for offset in range(DAYS, -1, -1):
        day = today - datetime.timedelta(days=offset)
        for shift in (Shift.MORNING, Shift.LATE, Shift.NIGHT):
            start, _end = shift_window(day, shift)
            written = start - datetime.timedelta(minutes=20)
            if written > timezone.now():
                break
            summary = rnd.choice(HANDOVER_SUMMARIES[shift]).format(a=names[0], b=names[-1])
            handover = Handover.objects.create(centre=centre, shift_date=day, shift=shift, summary=summary,
                                               covers_from=previous or written - datetime.timedelta(hours=8),
                                               written_by=rnd.choice(authors), written_at=written)
            previous = written
            count += 1
            if offset:  # the newest handover is still to read
                for reader in rnd.sample(readers, min(2, len(readers))):
                    HandoverReceipt.objects.get_or_create(handover=handover, user=reader, defaults={
                        "read_at": written + datetime.timedelta(minutes=rnd.randint(15, 50))})
    return count


def _incidents(*, centre, residents, night, lead, today) -> None:
    if not residents:
        return
    first, last = residents[0], residents[-1]
    rows = [
        (first, IncidentKind.MEDICAL, Severity.MEDIUM, 12, "Milan viel van de trap in de gang (twee treden), bult op "
         "het voorhoofd. Geen bewustzijnsverlies.", "Koud kompres, 2 uur geobserveerd, huisarts gebeld.",
         "Traphekje aan de studio laten plaatsen.", True),
        (last, IncidentKind.AGGRESSION, Severity.HIGH, 7, "Hevige ruzie aan de telefoon, gsm tegen de muur gegooid. "
         "Geen fysiek geweld tegen personen.", "Samen naar buiten gegaan om te kalmeren, gesprek achteraf.",
         "Bespreken in het teamoverleg; signaalplan bijwerken.", True),
        (None, IncidentKind.DAMAGE, Severity.LOW, 4, "Ruit van de achterdeur gebarsten na een windstoot.",
         "Afgeplakt.", "Glazenmaker contacteren.", False),
        (first, IncidentKind.ABSCONDING, Severity.HIGH, 2, "Lotte was om 23u nog niet terug van haar vriendin en nam "
         "de telefoon niet op. Milan sliep in de studio.", "Milan bij de nachtdienst, Lotte om 23u40 bereikt, om 0u15 "
         "terug.", "Gesprek over afspraken bij uitgaan; melden aan de trajectbegeleider.", False),
    ]
    for family, kind, severity, days, description, actions, follow_up, closed in rows:
        incident = Incident.objects.create(
            centre=centre, family=family, kind=kind, severity=severity,
            occurred_at=_at(today - datetime.timedelta(days=days), 22 if kind != IncidentKind.MEDICAL else 15, 10),
            description=description, actions_taken=actions, follow_up=follow_up, reported_by=night,
            follow_up_due=today + datetime.timedelta(days=3) if not closed else None,
            closed_at=_at(today - datetime.timedelta(days=days - 1), 10) if closed else None,
            closed_by=lead if closed else None)
        if family is not None:
            incident.persons.set([m.person for m in family.members.all() if m.role == MemberRole.PARENT][:1])


def _tasks(*, centre, residents, author, today) -> None:
    # the night shift now under way (loaded after midnight) or the coming one
    now = timezone.now()
    tonight = next(start for start, end in (shift_window(today - datetime.timedelta(days=1), Shift.NIGHT),
                                            shift_window(today, Shift.NIGHT)) if end > now)
    family = residents[0] if residents else None
    for hours, title in ((1, "Controle studio's: iedereen binnen?"), (4, "Fles Milan om 3u als mama niet wakker "
                                                                        "wordt"), (7, "Wekker Elif: afspraak "
                                                                                      "vroedvrouw om 8u30")):
        ShiftTask.objects.create(centre=centre, family=family if "Milan" in title else None, title=title,
                                 due_at=tonight + datetime.timedelta(hours=hours), created_by=author)
