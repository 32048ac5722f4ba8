"""Dutch sentences for generated logbook notes: a note is two to four sentences of its category, with names,
hours and numbers filled in, so that 5 million notes read like a logbook and not like one sentence repeated.

Placeholders (each becomes exactly one word): {p} parent, {c} child, {h} hour, {n} small number, {d} weekday,
{w} staff word.
"""

from __future__ import annotations

WEEKDAYS = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"]
STAFF_WORDS = ["vroedvrouw", "trajectbegeleider", "kindbegeleider", "nachtdienst", "contextbegeleider",
               "teamverantwoordelijke", "huisarts", "consulent"]

SENTENCES: dict[str, list[str]] = {
    "parent_work": [
        "{p} maakte zelf de fles klaar voor {c} en testte de temperatuur op haar pols.",
        "{p} wachtte rustig tot {c} klaar was met drinken en liet haar boertjes laten.",
        "Tijdens het badje praatte {p} zacht tegen {c} en benoemde wat ze deed.",
        "{p} vond het moeilijk om {c} te troosten en vroeg na tien minuten hulp.",
        "Samen met {p} het slaapritueel van {c} overlopen: boekje, knuffel, liedje.",
        "{p} bleef kalm toen {c} een driftbui kreeg in de keuken.",
        "We oefenden met {p} hoe ze grenzen kan stellen zonder te roepen.",
        "{p} gaf aan dat ze moe is en weinig geduld heeft de laatste dagen.",
        "Gesprek met {p} over haar zorgen rond de zitting van {d}.",
        "{p} legde {c} om {h} uur in bed, dat lukte vlot.",
        "{p} vergat de middagfles; na een herinnering gaf ze die alsnog om {h} uur.",
        "Beeldcoaching: {p} zag op de opname dat {c} rustiger werd toen zij zachter praatte.",
        "{p} reageerde snel op het huilen van {c} en nam haar meteen op.",
        "{p} vroeg raad over vaste voeding; we maakten samen een eerste groentepapje.",
        "{p} was trots dat het ochtendritueel al {n} dagen op rij lukte.",
        "Met {p} het driekolommenmodel ingevuld: wat gaat goed, wat baart zorgen, wat is de volgende stap.",
        "{p} kon benoemen welke signalen {c} geeft als ze honger heeft.",
        "{p} liet {c} lang alleen in de box spelen; samen besproken hoe ze meer contact kan zoeken.",
    ],
    "child_work": [
        "{c} speelde geconcentreerd met de blokken en zocht vaak oogcontact.",
        "{c} stapt los langs de bank en zegt al {n} woordjes.",
        "{c} at haar bord leeg en dronk goed.",
        "{c} sliep {n} uur aan een stuk in de namiddag.",
        "In de opvang was {c} eerst wat teruggetrokken, daarna speelde ze mee in de zandbak.",
        "{c} lachte veel tijdens het voorlezen van het prentenboek.",
        "ZiKo-opvolging: {c} volgt de verwachte ontwikkeling, volgende observatie over {n} weken.",
        "{c} was huilerig en wilde niet alleen spelen.",
        "{c} heeft een nieuwe tand, daardoor wat onrustig.",
        "Spelbegeleiding met {c}: puzzel van {n} stukken lukte met een beetje hulp.",
        "{c} ging om {h} uur naar de kinderopvang en werd blij ontvangen.",
        "{c} kroop voor het eerst de trap op, onder toezicht.",
    ],
    "family_network": [
        "De grootmoeder van {c} kwam op bezoek en bleef tot {h} uur.",
        "{p} belde met haar moeder over de opvang op {d}.",
        "De partner van {p} kwam langs; het bezoek verliep rustig.",
        "Genogram aangevuld met {p}: een tante is een mogelijke steunfiguur.",
        "Netwerktafel gepland op {d} met de familie en de {w}.",
        "{p} wil het contact met haar vader herstellen en vraagt hulp bij een eerste gesprek.",
        "Ecogram besproken: {p} noemt de buurvrouw als iemand bij wie ze terecht kan.",
        "De ex-partner belde {n} keer; {p} nam niet op en vertelde het zelf aan het team.",
    ],
    "health": [
        "Consult Kind en Gezin: {c} weegt {n} kilo en volgt de groeicurve.",
        "{c} had koorts, paracetamol gegeven om {h} uur.",
        "{p} had harde buiken; de {w} werd verwittigd.",
        "Vaccinatie van {c} gegeven, geen reactie gezien.",
        "{p} nam haar medicatie om {h} uur zonder herinnering.",
        "Controle bij de gynaecoloog op {d}: alles in orde.",
        "{c} hoest sinds {d}; afspraak bij de huisarts gemaakt.",
        "{p} slaapt slecht en voelt zich somber; gesprek met de {w} gepland.",
    ],
    "training": [
        "Budgetoefening met {p}: boodschappen voor de week met een budget van {n} tientjes.",
        "{p} kookte zelf een warme maaltijd voor {c} en ruimde de keuken op.",
        "Oefening rond de was: {p} sorteerde en startte zelf de machine.",
        "DBT-vaardigheden: {p} gebruikte een ademhalingsoefening toen ze boos werd.",
        "Sociale vaardigheden: {p} oefende een telefoongesprek met het OCMW.",
        "{p} maakte zelf een weekplanning met de afspraken van {d}.",
        "Samen met {p} een brief van de mutualiteit gelezen en beantwoord.",
    ],
    "cooperation": [
        "Cliëntoverleg met de {w}; {p} vertelde zelf wat al goed gaat.",
        "Telefonisch overleg met het OCJ over de evaluatie op {d}.",
        "Overleg met de kinderopvang over de wenperiode van {c}.",
        "Verslag voor de jeugdrechter besproken met {p}; ze leest het {d} na.",
        "Afspraak met het CAW voor {p} op {d} om {h} uur.",
    ],
    "house_rules": [
        "{p} had na {h} uur nog bezoek op de kamer; huisregel opnieuw uitgelegd.",
        "Muziek te luid na tien uur; na één vraag meteen stiller gezet.",
        "{p} rookte op het terras met {c} in de buurt; afspraak herhaald.",
        "De gemeenschappelijke keuken was niet opgeruimd; {p} deed het alsnog.",
    ],
    "practical": [
        "Wasmachine in de studio lekt; technische dienst verwittigd.",
        "Nieuwe luiers maat {n} besteld voor {c}.",
        "{p} kreeg een nieuwe sleutel na verlies van de oude.",
        "Kinderbedje van {c} vervangen, het oude was beschadigd.",
        "Brandalarm getest op {d}, alles in orde.",
    ],
}

NIGHT_SENTENCES = [
    "{c} werd om {h} uur wakker en huilde; {p} stond zelf op en troostte haar.",
    "Fles om {h} uur gegeven door {p}, daarna sliep {c} snel weer in.",
    "Rustige nacht, {c} sliep door tot zeven uur.",
    "{p} kon niet slapen en kwam om {h} uur even praten.",
    "Om {h} uur nog licht in de studio; {p} was aan het opruimen.",
    "{c} had om {h} uur koorts, {p} belde de nachtdienst.",
]

CATEGORY_WEIGHTS = [("parent_work", 30), ("child_work", 20), ("family_network", 9), ("health", 10),
                    ("training", 10), ("cooperation", 7), ("house_rules", 6), ("practical", 8)]
