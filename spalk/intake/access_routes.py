"""The access-route engine: which module applies to each family member, and how it is reached.

A pure function of the request (kind of care, the family's composition, a date): no database, no clock.
The rules come from seed 000 "Toeleiding" (BRIEF.md §4); where the seed leaves room, the interpretation
is written down in docs/intake-access-routes.md and repeated in the explanation the engine returns.

The reasons and explanation are Dutch sentences a worker can repeat to a family. They are part of the
stable API contract (``POST /api/v1/intake/access-routes``, issue 4), which is why they are Dutch
literals here and not translated strings.

Rules, as implemented:
1. Contextbegeleiding (CB) is directly accessible; a request for contextbegeleiding only gives every
   born member CB, route "direct".
2. A stay (high or low frequency) is always a family admission (gezinsopname) in a CIG and is always
   combined with contextbegeleiding. Within it:
   - the first minor of the family needs the non-directly accessible module "in functie van
     gezinsopname" (VHF-GO / VLF-GO): route "itp", an A-document is required;
   - from the second minor on, the directly accessible module (VHF-RT / VLF-RT): route "direct";
   - an adult pregnant parent gets the directly accessible module too: route "direct";
   - other adults (a parent who is not pregnant, an adult child) get no stay module of their own: they
     stay within the family admission and get CB, route "direct".
   Minors are counted oldest first, a minor parent included (she is at once a minor client and a parent);
   a child without a birth date counts as a minor, after the members with a known birth date.
3. A crisis request follows the crisis route: the minors and adult pregnant parents get the short crisis
   stay (KCV), route "crisis" (through the crisis network, no A-document); other adults get CB.
4. An unborn child has no module of its own (route "none") and is not counted as a minor.

Which member gets which module is the rule of the decree (above, in code). Whether a module is directly
accessible, and whether it exists at all on the date, is data: the caller passes the module catalogue valid
on the date (``catalogue``; code → kind and "directly accessible", see selectors.route_catalogue). The route
of a member follows the catalogue: kind crisis → "crisis", directly accessible → "direct", otherwise "itp".
Without a catalogue the engine uses the seed's (SEED_CATALOGUE, the same as data migration 0003).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

CARE_KINDS = ("context", "stay_high", "stay_low", "crisis")
ROLES = ("parent", "child", "unborn")
ROUTES = ("direct", "itp", "crisis", "none")

CONTEXT = "CB"
STAY_FAMILY_ADMISSION = {"stay_high": "VHF-GO", "stay_low": "VLF-GO"}  # not directly accessible
STAY_DIRECT = {"stay_high": "VHF-RT", "stay_low": "VLF-RT"}  # directly accessible
CRISIS = "KCV"
ADULT_AGE = 18
MIN_PARENT_AGE = 12



@dataclass(frozen=True)
class CatalogueModule:
    """What the engine reads of a module in the catalogue valid on the date."""

    code: str
    kind: str  # context, stay, crisis
    directly_accessible: bool


# The catalogue of seed 000 (data migration intake/0003_module_catalogue), used when no catalogue is given.
SEED_CATALOGUE: dict[str, CatalogueModule] = {m.code: m for m in (
    CatalogueModule(CONTEXT, "context", True),
    CatalogueModule("VHF-GO", "stay", False), CatalogueModule("VLF-GO", "stay", False),
    CatalogueModule("VHF-RT", "stay", True), CatalogueModule("VLF-RT", "stay", True),
    CatalogueModule("VHF", "stay", False), CatalogueModule("VLF", "stay", False),
    CatalogueModule(CRISIS, "crisis", False),
)}


def codes_for(care: str) -> list[str]:
    """The module codes the rule may propose for ``care``."""
    if care == "crisis":
        return [CONTEXT, CRISIS]
    if care in STAY_DIRECT:
        return [CONTEXT, STAY_FAMILY_ADMISSION[care], STAY_DIRECT[care]]
    return [CONTEXT]


CARE_LABELS = {
    "context": "contextbegeleiding",
    "stay_high": "verblijf hoge frequentie",
    "stay_low": "verblijf lage frequentie",
    "crisis": "kortdurend crisisverblijf",
}


@dataclass(frozen=True)
class MemberInput:
    key: str
    role: str
    birth_date: datetime.date | None = None
    expected_birth_date: datetime.date | None = None
    pregnant: bool = False


@dataclass(frozen=True)
class MemberRoute:
    key: str
    module: str
    route: str
    reason: str


@dataclass(frozen=True)
class AccessRoutes:
    a_document_required: bool
    members: list[MemberRoute]
    explanation: str


@dataclass(frozen=True)
class InputProblem:
    loc: tuple[str | int, ...]
    type: str
    msg: str

    @property
    def field(self) -> str:
        return ".".join(str(p) for p in self.loc)


@dataclass
class AccessRouteInputError(Exception):
    """Impossible input. ``problems`` each name the field and carry a Dutch message."""

    problems: list[InputProblem] = field(default_factory=list)

    def __str__(self) -> str:
        return "; ".join(p.msg for p in self.problems)


def _d(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def age_on(birth_date: datetime.date | None, day: datetime.date) -> int | None:
    if birth_date is None or birth_date > day:
        return None
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def validate(*, on: datetime.date, care: str, members: Sequence[MemberInput]) -> list[InputProblem]:
    problems: list[InputProblem] = []
    if care not in CARE_KINDS:
        problems.append(InputProblem(("care",), "unknown_care",
                                     f"Onbekende zorgvorm '{care}'. Kies context, stay_high, stay_low of crisis."))
    if not members:
        problems.append(InputProblem(("members",), "no_members",
                                     "Geef minstens één gezinslid op: zonder gezinsleden is er geen toegang te "
                                     "bepalen."))
    seen: set[str] = set()
    for i, m in enumerate(members):
        if m.key in seen:
            problems.append(InputProblem(("members", i, "key"), "duplicate_key",
                                         f"De sleutel '{m.key}' komt meer dan eens voor. Geef elk gezinslid een "
                                         "eigen sleutel."))
        seen.add(m.key)
        if m.role not in ROLES:
            problems.append(InputProblem(("members", i, "role"), "unknown_role",
                                         f"Onbekende rol '{m.role}' bij gezinslid '{m.key}'. Kies parent, child "
                                         "of unborn."))
            continue
        if m.role == "child" and m.birth_date is not None and m.birth_date > on:
            problems.append(InputProblem(("members", i, "birth_date"), "born_after_date",
                                         f"Kind '{m.key}' is geboren na de gevraagde datum ({_d(on)}). Is het "
                                         "kind nog niet geboren, geef dan de rol unborn en een verwachte "
                                         "geboortedatum."))
        if m.role == "parent" and m.birth_date is not None:
            age = age_on(m.birth_date, on)
            if age is None or age < MIN_PARENT_AGE:
                problems.append(InputProblem(("members", i, "birth_date"), "parent_too_young",
                                             f"Ouder '{m.key}' is op {_d(on)} jonger dan {MIN_PARENT_AGE} jaar. "
                                             "Controleer de geboortedatum."))
        if m.role == "unborn" and m.birth_date is not None:
            problems.append(InputProblem(("members", i, "birth_date"), "unborn_with_birth_date",
                                         f"Ongeboren kind '{m.key}' heeft nog geen geboortedatum. Geef de "
                                         "verwachte geboortedatum, of de rol child als het kind geboren is."))
    return problems


def _is_minor(m: MemberInput, on: datetime.date) -> bool:
    age = age_on(m.birth_date, on)
    if m.role == "child":
        return age is None or age < ADULT_AGE
    if m.role == "parent":
        return age is not None and age < ADULT_AGE
    return False


def _is_adult_pregnant_parent(m: MemberInput, on: datetime.date) -> bool:
    age = age_on(m.birth_date, on)
    return m.role == "parent" and m.pregnant and age is not None and age >= ADULT_AGE


def _minors_in_order(members: Sequence[MemberInput], on: datetime.date) -> list[MemberInput]:
    """Minors, oldest first; a child without birth date after those with one (input order breaks ties)."""
    indexed = [(i, m) for i, m in enumerate(members) if _is_minor(m, on)]
    indexed.sort(key=lambda im: (im[1].birth_date is None, im[1].birth_date or on, im[0]))
    return [m for _i, m in indexed]


UNBORN_REASON = ("Een ongeboren kind heeft nog geen eigen module en telt niet als minderjarige. Na de geboorte{when} "
                 "telt het kind mee: bereken de toegang dan opnieuw.")
CONTEXT_REASON = "Contextbegeleiding is rechtstreeks toegankelijk: er is geen indicatie van de toegangspoort nodig."
ADULT_IN_STAY_REASON = ("{who} krijgt geen eigen verblijfsmodule: verblijft mee binnen de gezinsopname en krijgt "
                        "contextbegeleiding, die rechtstreeks toegankelijk is.")
UNKNOWN_AGE_NOTE = (" De geboortedatum is onbekend: behandeld als meerderjarig. Vul de geboortedatum aan; is deze "
                    "ouder minderjarig, dan verandert de toegang.")
UNKNOWN_AGE_PREGNANT_NOTE = (" De uitzondering voor meerderjarige zwangere ouders geldt pas als vaststaat dat deze "
                             "ouder meerderjarig is.")
FIRST_MINOR_REASON = ("Eerste minderjarige in het gezin{parent}: verblijf in functie van gezinsopname is niet "
                      "rechtstreeks toegankelijk. Er is een indicatie van de Intersectorale Toegangspoort nodig "
                      "(A-document); de module start pas na een positieve beslissing.")
NEXT_MINOR_REASON = ("Minderjarige nummer {n} in het gezin{parent}: binnen de gezinsopname is verblijf rechtstreeks "
                     "toegankelijk vanaf de tweede minderjarige.")
PREGNANT_REASON = ("Meerderjarige zwangere ouder: binnen de gezinsopname is verblijf rechtstreeks toegankelijk "
                   "voor meerderjarige zwangere ouders.")
CRISIS_REASON = ("Kortdurend crisisverblijf volgt de crisisroute: aanmelden via het crisismeldpunt van de "
                 "jeugdhulp, zonder A-document. Het centrum bepaalt de maximale duur.")


def _adult_label(m: MemberInput) -> str:
    if m.role == "child":
        return "Dit meerderjarige kind"
    return "Deze meerderjarige ouder" if not m.pregnant else "Deze ouder"


def _unborn_route(m: MemberInput) -> MemberRoute:
    when = f" (verwacht op {_d(m.expected_birth_date)})" if m.expected_birth_date else ""
    return MemberRoute(m.key, "", "none", UNBORN_REASON.format(when=when))


def _adult_note(m: MemberInput) -> str:
    if m.role == "parent" and m.birth_date is None:
        return UNKNOWN_AGE_NOTE + (UNKNOWN_AGE_PREGNANT_NOTE if m.pregnant else "")
    return ""


CATALOGUE_DIRECT = ("{who}volgens de modulecatalogus geldig op {day} is module {code} rechtstreeks toegankelijk: "
                    "er is geen indicatie van de toegangspoort nodig.")
CATALOGUE_ITP = ("{who}volgens de modulecatalogus geldig op {day} is module {code} niet rechtstreeks toegankelijk: "
                 "er is een indicatie van de Intersectorale Toegangspoort nodig (A-document); de module start pas "
                 "na een positieve beslissing.")


def _catalogue_route(module: CatalogueModule) -> str:
    if module.kind == "crisis":
        return "crisis"
    return "direct" if module.directly_accessible else "itp"


class _Builder:
    """Makes a member's route from the module the rule proposes and the catalogue valid on the date."""

    def __init__(self, on: datetime.date, catalogue: Mapping[str, CatalogueModule]) -> None:
        self.on, self.catalogue = on, catalogue
        self.deviations: list[str] = []

    def route(self, key: str, code: str, seed_route: str, seed_reason: str, who: str) -> MemberRoute:
        route = _catalogue_route(self.catalogue[code])
        if route == seed_route:
            return MemberRoute(key, code, route, seed_reason)
        if code not in self.deviations:
            self.deviations.append(code)
        if route == "crisis":
            return MemberRoute(key, code, route, CRISIS_REASON)
        text = CATALOGUE_DIRECT if route == "direct" else CATALOGUE_ITP
        reason = text.format(who=f"{who}: " if who else "", day=_d(self.on), code=code)
        return MemberRoute(key, code, route, reason[0].upper() + reason[1:])


def access_routes(*, on: datetime.date, care: str, members: Sequence[MemberInput],
                  catalogue: Mapping[str, CatalogueModule] | None = None) -> AccessRoutes:
    """The route of every member for ``care`` on day ``on``. Raises AccessRouteInputError on impossible input.

    ``catalogue``: the modules valid on ``on`` by code (None: the seed's catalogue).
    """
    catalogue = SEED_CATALOGUE if catalogue is None else catalogue
    problems = validate(on=on, care=care, members=members)
    if not problems:
        missing = [c for c in codes_for(care) if c not in catalogue]
        if missing:
            problems.append(InputProblem(("date",), "module_not_in_catalogue",
                                         f"Module {', '.join(missing)} is op {_d(on)} niet geldig in de "
                                         "modulecatalogus. Kies een andere datum of vraag de beheerder de "
                                         "catalogus aan te vullen."))
    if problems:
        raise AccessRouteInputError(problems)
    build = _Builder(on, catalogue)
    minors = _minors_in_order(members, on)
    position = {m.key: n for n, m in enumerate(minors, start=1)}
    routes: list[MemberRoute] = []
    for m in members:
        if m.role == "unborn":
            routes.append(_unborn_route(m))
            continue
        parent_note = " (een minderjarige ouder)" if m.role == "parent" else ""
        adult_reason = ADULT_IN_STAY_REASON.format(who=_adult_label(m)) + _adult_note(m)
        if care == "context":
            routes.append(build.route(m.key, CONTEXT, "direct", CONTEXT_REASON + _adult_note(m), ""))
        elif care == "crisis":
            if m.key in position or _is_adult_pregnant_parent(m, on):
                routes.append(build.route(m.key, CRISIS, "crisis", CRISIS_REASON, "Crisisverblijf"))
            else:
                routes.append(build.route(m.key, CONTEXT, "direct", adult_reason, _adult_label(m)))
        elif m.key in position:
            n = position[m.key]
            if n == 1:
                routes.append(build.route(m.key, STAY_FAMILY_ADMISSION[care], "itp",
                                          FIRST_MINOR_REASON.format(parent=parent_note),
                                          f"Eerste minderjarige in het gezin{parent_note}"))
            else:
                routes.append(build.route(m.key, STAY_DIRECT[care], "direct",
                                          NEXT_MINOR_REASON.format(n=n, parent=parent_note),
                                          f"Minderjarige nummer {n} in het gezin{parent_note}"))
        elif _is_adult_pregnant_parent(m, on):
            routes.append(build.route(m.key, STAY_DIRECT[care], "direct", PREGNANT_REASON,
                                      "Meerderjarige zwangere ouder"))
        else:
            routes.append(build.route(m.key, CONTEXT, "direct", adult_reason, _adult_label(m)))
    a_document = any(r.route == "itp" for r in routes)
    explanation = _explanation(on=on, care=care, routes=routes, minors=len(minors), a_document=a_document,
                               deviations=build.deviations)
    return AccessRoutes(a_document_required=a_document, members=routes, explanation=explanation)


def _explanation(*, on: datetime.date, care: str, routes: list[MemberRoute], minors: int, a_document: bool,
                 deviations: Sequence[str] = ()) -> str:
    parts = [f"Gevraagd: {CARE_LABELS[care]} op {_d(on)}."]
    if care == "context":
        parts.append("Contextbegeleiding is rechtstreeks toegankelijk: het gezin kan zonder A-document starten. "
                     "Een traject mag uit contextbegeleiding alleen bestaan.")
    elif care == "crisis":
        parts.append("Een crisisverblijf volgt de crisisroute via het crisismeldpunt, zonder A-document. Het is kort "
                     "van aard: het centrum bepaalt de maximale duur en spalk waarschuwt voor die overschreden "
                     "wordt. Blijft verblijf daarna nodig, bereken dan de toegang voor verblijf opnieuw.")
        if not any(r.route == "crisis" for r in routes):
            parts.append("Er is geen minderjarige en geen meerderjarige zwangere ouder: crisisverblijf voor "
                         "(aanstaande) ouders en kinderen is hier niet van toepassing.")
    else:
        parts.append("Elk traject in een CIG omvat contextbegeleiding (rechtstreeks toegankelijk); een "
                     "verblijfsmodule wordt daarmee gecombineerd. Binnen de gezinsopname is verblijf rechtstreeks "
                     "toegankelijk vanaf de tweede minderjarige in het gezin en voor meerderjarige zwangere "
                     "ouders; voor de eerste minderjarige is een indicatie van de Intersectorale Toegangspoort "
                     "nodig.")
        parts.append("Zo leest spalk de regel: de minderjarigen worden geteld van oud naar jong, een minderjarige "
                     "ouder telt mee en een ongeboren kind telt (nog) niet mee.")
        if minors == 0 and not any(r.module in STAY_DIRECT.values() for r in routes):
            parts.append("Er is geen minderjarige en geen meerderjarige zwangere ouder: een verblijfsmodule voor "
                         "(aanstaande) ouders en kinderen is hier niet van toepassing; contextbegeleiding kan wel.")
    if deviations:
        parts.append(f"Let op: de modulecatalogus geldig op {_d(on)} wijkt voor {', '.join(deviations)} af van de "
                     "regel van het decreet zoals hierboven beschreven; spalk volgt de catalogus.")
    if a_document:
        parts.append("Er is een A-document nodig: vraag de indicatie aan bij de Intersectorale Toegangspoort met "
                     "de toestemming van de ouders en van elke minderjarige van 12 jaar of ouder.")
    else:
        parts.append("Er is geen A-document nodig.")
    return " ".join(parts)
