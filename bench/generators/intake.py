"""Intake (spalk.intake): about 30 000 registrations over four years at scale 1 with their members, workflow
steps, screening versions with answers, A-documents (lines, granted modules, statuses), waiting-list entries
with their follow-up contacts.

Every trajectory of the trajectories generator starts from an admitted registration of its family; the ITP
indications its stay episodes cite are the granted A-documents here (same reference and dates). Families
without a trajectory are registered and waiting, in screening or declined; the rest are registrations that
never became a family record (declined, referred on, withdrawn, or still open)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from bench.generators.base import (
    CITIES,
    FIRST_NAMES_F,
    FIRST_NAMES_M,
    LAST_NAMES,
    Context,
    copy_rows,
    jsonb,
    reset_sequence,
)

NAME = "intake"
DAY = datetime.timedelta(days=1)
CARE_MODULES = {"context": ["CB"], "stay_high": ["VHF-GO", "CB"], "stay_low": ["VLF-GO", "CB"],
                "crisis": ["KCV"]}
CHANNELS = ["phone", "phone", "phone", "email", "email", "letter", "in_person", "portal", "other"]
REFERRER_TEXTS = ["Gezin zelf", "Moeder belde zelf", "Grootmoeder", "Huisarts van het gezin", "Vroedvrouw",
                  "Buurtwerker", "Schoolteam"]
QUESTIONS_FAMILY = ["We willen leren hoe we beter voor de baby kunnen zorgen.",
                    "Ik heb hulp nodig om terug rust te vinden thuis.",
                    "We hebben geen woning meer en willen samen blijven met de kinderen.",
                    "Ik wil een goede mama zijn en weet niet hoe.", "Hulp bij de opvoeding van onze kinderen."]
QUESTIONS_REFERRER = ["Zorgen over de veiligheid van het jonge kind; ouders staan open voor hulp.",
                      "Kwetsbaar jong ouderschap, weinig netwerk.", "Opvoedingsvaardigheden in beeld brengen "
                      "vóór een beslissing over uithuisplaatsing.", "Hoog-risicozwangerschap in moeilijke "
                      "omstandigheden.", "Re-integratie na plaatsing ondersteunen."]
DECISION_REASONS = {
    "admitted": "Teamoverleg: indicaties aanwezig, gezin gemotiveerd; opname.",
    "waiting_list": "Teamoverleg: opname aangewezen, geen plaats vrij.",
    "declined": "Contra-indicaties beperken wat het CIG kan bieden.",
    "referred": "Vraag past beter bij een andere dienst.",
    "withdrawn": "Gezin trekt de aanmelding in.",
}
NOTES = ["Telefonisch contact, situatie stabiel.", "Huisbezoek: gezin wacht nog steeds.", "Mail gestuurd, "
         "geen antwoord.", "Gesprek met verwijzer over de stand van zaken.", ""]
# status: (share of the registrations without a family record, their workflow after "new")
OPEN_PATHS = {
    "new": [], "in_screening": ["in_screening"], "decision": ["in_screening", "decision"],
    "waiting_list": ["in_screening", "decision", "waiting_list"],
}


def available() -> bool:
    from django.apps import apps

    return bool(list(apps.get_app_config("intake").get_models()))


@dataclass
class Reg:
    id: int
    centre: int
    family: int | None
    received: datetime.date
    status: str
    care: str
    path: list[tuple[str, datetime.date]] = field(default_factory=list)  # (to_status, on)
    members: list[dict] = field(default_factory=list)
    family_name: str = ""
    city: str = ""
    phone: str = ""
    indications: list[dict] = field(default_factory=list)


def _family_rows() -> tuple[dict[int, tuple], dict[int, list[dict]]]:
    from spalk.families.models import Family, FamilyMember

    families = {fid: (name, city, phone) for fid, name, city, phone in
                Family.objects.values_list("id", "name", "city", "phone").iterator(chunk_size=20000)}
    members: dict[int, list[dict]] = {}
    for fid, role, relation, pregnant, pid, first, last, birth, expected, nn in (
            FamilyMember.objects.order_by("family_id", "pk").values_list(
                "family_id", "role", "relation", "pregnant", "person_id", "person__first_name", "person__last_name",
                "person__birth_date", "person__expected_birth_date", "person__national_number")
            .iterator(chunk_size=20000)):
        members.setdefault(fid, []).append({"role": role, "relation": relation, "pregnant": pregnant, "person": pid,
                                            "first_name": first, "last_name": last, "birth_date": birth,
                                            "expected_birth_date": expected, "national_number": nn})
    return families, members


def _invented_members(rng, received: datetime.date, last: str) -> list[dict]:
    out = []
    pregnant = rng.random() < 0.25
    birth = received - datetime.timedelta(days=rng.randint(17 * 365, 40 * 365))
    out.append({"role": "parent", "relation": "moeder", "pregnant": pregnant, "person": None,
                "first_name": rng.choice(FIRST_NAMES_F), "last_name": last, "birth_date": birth,
                "expected_birth_date": None, "national_number": ""})
    if rng.random() < 0.55:
        out.append({"role": "parent", "relation": "vader", "pregnant": False, "person": None,
                    "first_name": rng.choice(FIRST_NAMES_M), "last_name": rng.choice(LAST_NAMES),
                    "birth_date": birth - datetime.timedelta(days=rng.randint(0, 3000)), "expected_birth_date": None,
                    "national_number": ""})
    for _ in range(rng.choice([0, 1, 1, 1, 2, 2, 3])):
        out.append({"role": "child", "relation": "kind", "pregnant": False, "person": None,
                    "first_name": rng.choice(FIRST_NAMES_F + FIRST_NAMES_M), "last_name": last,
                    "birth_date": received - datetime.timedelta(days=rng.randint(30, 14 * 365)),
                    "expected_birth_date": None, "national_number": ""})
    if pregnant:
        out.append({"role": "unborn", "relation": "ongeboren kind", "pregnant": False, "person": None,
                    "first_name": "", "last_name": last, "birth_date": None,
                    "expected_birth_date": received + datetime.timedelta(days=rng.randint(20, 240)),
                    "national_number": ""})
    return out


def _plan(ctx: Context, rng, families: dict[int, tuple], members: dict[int, list[dict]]) -> list[Reg]:
    today = ctx.today
    admissions = ctx.shared.get("admissions", {})
    indications = ctx.shared.get("indications", {})
    opened = ctx.shared.get("family_opened", {})
    regs: list[Reg] = []

    def new(centre, family, received, status, care, steps) -> Reg:
        reg = Reg(len(regs) + 1, centre, family, received, status, care)
        reg.path = [("new", received), *steps]
        if family is not None:
            reg.family_name, reg.city, reg.phone = families[family]
            reg.members = members.get(family, [])
        regs.append(reg)
        return reg

    def spread(start: datetime.date, end: datetime.date, names: list[str]) -> list[tuple[str, datetime.date]]:
        """Steps between ``start`` and ``end`` (the last one on ``end``), in order."""
        span = max((end - start).days, len(names))
        days = [*sorted(rng.sample(range(1, span + 1), len(names) - 1)), span] if names else []
        return [(n, min(start + datetime.timedelta(days=d), end if i == len(names) - 1 else today))
                for i, (n, d) in enumerate(zip(names, days, strict=True))]

    for centre_id, family_ids in ctx.shared["families_by_centre"].items():
        for fid in family_ids:
            found = admissions.get(fid, [])
            for adm in found:
                admitted = adm["admitted"]
                own = [i for i in indications.get(fid, []) if i["trajectory"] == adm["trajectory"]]
                earliest = min([i["decided_on"] for i in own], default=admitted) - datetime.timedelta(
                    days=rng.randint(20, 60) if own else 0)
                received = min(admitted, earliest) - datetime.timedelta(days=rng.randint(5, 90))
                names = ["in_screening", "decision"] + (["waiting_list"] if rng.random() < 0.35 else []) + ["admitted"]
                reg = new(centre_id, fid, received, "admitted", adm["care"], spread(received, admitted, names))
                reg.indications = own
            if not found:  # a family record made at registration, never admitted
                status = rng.choice(["waiting_list", "waiting_list", "in_screening", "decision", "new", "declined",
                                     "withdrawn", "referred"])
                if status in OPEN_PATHS:
                    received = today - datetime.timedelta(days=rng.randint(1, 300 if status == "waiting_list"
                                                                            else 60))
                    steps = spread(received, today, OPEN_PATHS[status]) if OPEN_PATHS[status] else []
                else:
                    received = opened.get(fid, today - datetime.timedelta(days=400))
                    end = min(received + datetime.timedelta(days=rng.randint(20, 120)), today)
                    steps = spread(received, end, ["in_screening", "decision", status])
                care = rng.choice(["context", "context", "stay_high", "stay_low"])
                new(centre_id, fid, received, status, care, steps)
    total = ctx.n(30_000, minimum=len(regs) + 10)
    centres = ctx.shared["centres"]
    for k in range(max(0, total - len(regs))):
        centre_id = centres[k % len(centres)]
        r = rng.random()
        care = rng.choice(["context", "context", "stay_high", "stay_high", "stay_low", "crisis"])
        if r < 0.1:  # still open
            status = rng.choice(["new", "in_screening", "in_screening", "decision", "waiting_list", "waiting_list"])
            received = today - datetime.timedelta(days=rng.randint(0, 300 if status == "waiting_list" else 45))
            steps = spread(received, today, OPEN_PATHS[status]) if OPEN_PATHS[status] else []
        else:
            status = rng.choice(["declined", "declined", "referred", "referred", "withdrawn"])
            received = today - datetime.timedelta(days=rng.randint(30, 4 * 365))
            end = min(received + datetime.timedelta(days=rng.randint(7, 150)), today)
            if status == "withdrawn":
                names = rng.choice([["withdrawn"], ["in_screening", "withdrawn"],
                                    ["in_screening", "decision", "waiting_list", "withdrawn"]])
            else:
                names = ["in_screening", "decision"] + (["waiting_list"] if rng.random() < 0.2 else []) + [status]
            steps = spread(received, end, names)
        reg = new(centre_id, None, received, status, care, steps)
        last = rng.choice(LAST_NAMES)
        reg.family_name, reg.city = f"Gezin {last}", rng.choice(CITIES)[1]
        reg.phone = f"04{rng.randint(70, 99)} {rng.randint(100000, 999999)}"
        reg.members = _invented_members(rng, received, last)
    return regs


def _at(day: datetime.date, minute: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)) + datetime.timedelta(
        minutes=minute))


def generate(ctx: Context) -> None:
    from spalk.intake.models import (
        ADocument,
        ADocumentModule,
        Module,
        Registration,
        RegistrationMember,
        RegistrationStep,
        Screening,
        WaitingContact,
        WaitingListEntry,
    )
    from spalk.intake.screening import ITEMS

    rng = ctx.rng(NAME)
    today = ctx.today
    staff = ctx.shared["staff"]
    partners = ctx.shared.get("partners_by_centre", {})
    partner_contacts = ctx.shared.get("partner_contacts", {})
    modules = dict(Module.objects.values_list("code", "id"))
    families, members = _family_rows()
    regs = _plan(ctx, rng, families, members)

    registrations, reg_members, steps, screenings, requested = [], [], [], [], []
    adocs, adoc_lines, granted, entries, contacts = [], [], [], [], []
    ids = {"member": 0, "step": 0, "screening": 0, "requested": 0, "adoc": 0, "line": 0, "granted": 0,
           "entry": 0, "contact": 0}

    def next_id(kind: str) -> int:
        ids[kind] += 1
        return ids[kind]

    waiting_ids: list[int] = []
    for reg in regs:
        officers = staff[reg.centre]["intake_officer"]
        officer = rng.choice(officers)
        orgs = partners.get(reg.centre, [])
        org = contact = None
        referrer_text = ""
        if orgs and rng.random() < 0.65:
            org = rng.choice(orgs)
            if rng.random() < 0.5 and partner_contacts.get(org):
                contact = rng.choice(partner_contacts[org])
        else:
            referrer_text = rng.choice(REFERRER_TEXTS)
        final = reg.path[-1][0]
        referred_to = None
        referral_note = ""
        if final in ("referred", "declined"):
            if orgs and rng.random() < 0.7:
                referred_to = rng.choice(orgs)
            else:
                referral_note = "Doorverwezen naar het CAW in de buurt van de familie."
        consent = final in ("admitted", "waiting_list", "decision") or rng.random() < 0.6
        urgency = rng.choice(["normal", "normal", "normal", "high", "acute"] if reg.care != "crisis"
                             else ["high", "acute"])
        registrations.append((
            reg.id, reg.centre, reg.received, rng.choice(CHANNELS), org, contact, referrer_text,
            rng.choice(["voluntary"] * 8 + ["ocj", "ocj", "youth_court"]), reg.family, reg.family_name, reg.city,
            reg.phone, rng.choice(QUESTIONS_FAMILY), rng.choice(QUESTIONS_REFERRER), reg.care, urgency, consent,
            reg.status, DECISION_REASONS.get(final, ""), referred_to,
            referral_note, ctx.now, officer, ctx.now, len(reg.path)))
        for code in CARE_MODULES[reg.care]:
            requested.append((next_id("requested"), reg.id, modules[code]))
        for m in reg.members:
            if reg.family is None:
                member_consent = "given" if consent else rng.choice(["not_asked", "given", "refused"])
            else:
                member_consent = "given" if consent else "not_asked"
            if m["role"] in ("unborn", "network"):
                member_consent = "not_needed"
            reg_members.append((next_id("member"), reg.id, m["role"], m["first_name"], m["last_name"],
                                m["birth_date"], m["expected_birth_date"], m["national_number"], m["relation"],
                                m["pregnant"], member_consent, m["person"], ctx.now))
        previous = ""
        for n, (to_status, on) in enumerate(reg.path):
            steps.append((next_id("step"), reg.id, previous, to_status, _at(on, n), officer,
                          DECISION_REASONS.get(to_status, "") if to_status not in ("new", "in_screening",
                                                                                 "decision") else ""))
            previous = to_status
        # screening: a version when screening started, often a second one weighed by the team
        started = next((on for s, on in reg.path if s == "in_screening"), None)
        if started is not None:
            decided_on = next((on for s, on in reg.path if s == "decision"), None)
            versions = 2 if decided_on is not None and rng.random() < 0.4 else 1
            for number in range(1, versions + 1):
                answers = {}
                for item in ITEMS:
                    answer = rng.choice(["yes", "no", "no", "unknown"] if item.group != "contra"
                                        else ["no", "no", "no", "unknown", "yes"])
                    if final == "declined" and item.group == "contra" and rng.random() < 0.5:
                        answer = "yes"
                    answers[item.code] = {"answer": answer,
                                          "note": "Besproken met het gezin." if answer == "yes" and rng.random() < 0.3
                                          else ""}
                weighed = decided_on if number == versions and decided_on is not None else None
                weighing = "not_yet" if weighed is None else ("limiting" if final == "declined" else "not_limiting")
                screenings.append((next_id("screening"), reg.id, number, jsonb(answers), weighing,
                                   "Teamoverleg: afweging gemaakt." if weighed else "", weighed,
                                   _at(weighed or started, 30 + number), officer))
        # A-documents: the granted indication behind each stay module with ITP route; requests elsewhere
        contact_name = f"Intake {reg.centre:03d}"
        if reg.indications:
            sent = min(i["decided_on"] for i in reg.indications) - datetime.timedelta(days=rng.randint(7, 19))
            sent = max(sent, reg.received)
            first = reg.indications[0]
            adoc = next_id("adoc")
            adocs.append((adoc, reg.id, "granted", "Verblijf in functie van gezinsopname.", "Zie screening.",
                          urgency, contact_name, "", "", sent, first["decided_on"], first["reference"],
                          first["granted_from"], first["granted_until"], "", ctx.now, officer, ctx.now, 3))
            for code in sorted({i["code"] for i in reg.indications}):
                adoc_lines.append((next_id("line"), adoc, modules[code], rng.choice([6, 6, 12])))
                granted.append((next_id("granted"), adoc, modules[code]))
        elif reg.care in ("stay_high", "stay_low") and any(s == "decision" for s, _on in reg.path) \
                and rng.random() < 0.6:
            code = "VHF-GO" if reg.care == "stay_high" else "VLF-GO"
            on = next(on for s, on in reg.path if s == "decision")
            status = {"declined": "refused", "referred": rng.choice(["refused", "draft"]),
                      "withdrawn": "draft"}.get(final, rng.choice(["draft", "sent", "sent"]))
            sent_on = on if status != "draft" else None
            decided_on = on + datetime.timedelta(days=rng.randint(5, 40)) if status == "refused" else None
            if decided_on is not None and decided_on > today:
                decided_on = today
            adoc = next_id("adoc")
            adocs.append((adoc, reg.id, status, "Verblijf in functie van gezinsopname.", "Zie screening.", urgency,
                          contact_name, "", "", sent_on, decided_on,
                          f"ITP-{on.year}-R{reg.id:05d}" if decided_on else "", None, None,
                          "Geen indicatie: ambulante hulp volstaat volgens de ITP." if status == "refused" else "",
                          ctx.now, officer, ctx.now, 1))
            adoc_lines.append((next_id("line"), adoc, modules[code], 6))
        # the waiting list: since the step onto it, until the next step (or still waiting)
        for n, (to_status, on) in enumerate(reg.path):
            if to_status != "waiting_list":
                continue
            left = reg.path[n + 1][1] if n + 1 < len(reg.path) else None
            entry = next_id("entry")
            day, last = on + datetime.timedelta(days=rng.randint(7, 35)), on
            while day < (left or today):
                contacts.append((next_id("contact"), entry, day, rng.choice(["phone", "phone", "visit", "message",
                                                                              "meeting"]),
                                 rng.choice(NOTES), officer, _at(day, 0)))
                last = day
                day += datetime.timedelta(days=rng.randint(14, 40))
            priority = 0 if rng.random() < 0.85 else rng.choice([-2, -1, 1, 1, 2, 3])
            entries.append((entry, reg.id, reg.centre, on, priority,
                            "Veiligheid van het jonge kind" if priority else "", last + datetime.timedelta(days=30),
                            left))
            if left is None:
                waiting_ids.append(reg.id)

    copy_rows(ctx, Registration, [
        "id", "centre", "received_on", "channel", "referrer_organisation", "referrer_contact", "referrer_text",
        "mandate", "family", "family_name", "city", "phone", "question_family", "question_referrer", "care",
        "urgency", "parents_consent", "status", "decision_reason", "referred_to", "referral_note", "created_at",
        "created_by", "updated_at", "version"], registrations)
    requested_through = Registration.requested_modules.through
    copy_rows(ctx, requested_through, ["id", _fk(requested_through, Registration), _fk(requested_through, Module)],
              requested)
    copy_rows(ctx, RegistrationMember, ["id", "registration", "role", "first_name", "last_name", "birth_date",
                                        "expected_birth_date", "national_number", "relation", "pregnant", "consent",
                                        "person", "created_at"], reg_members)
    copy_rows(ctx, RegistrationStep, ["id", "registration", "from_status", "to_status", "at", "by", "reason"], steps)
    copy_rows(ctx, Screening, ["id", "registration", "number", "answers", "weighing", "weighing_note", "weighed_on",
                               "created_at", "created_by"], screenings)
    copy_rows(ctx, ADocument, ["id", "registration", "status", "question", "motivation", "urgency", "contact_name",
                               "contact_phone", "contact_email", "sent_on", "decided_on", "itp_reference",
                               "granted_from", "granted_until", "refusal_reason", "created_at", "created_by",
                               "updated_at", "version"], adocs)
    copy_rows(ctx, ADocumentModule, ["id", "a_document", "module", "term_months"], adoc_lines)
    granted_through = ADocument.modules_granted.through
    copy_rows(ctx, granted_through, ["id", _fk(granted_through, ADocument), _fk(granted_through, Module)], granted)
    copy_rows(ctx, WaitingListEntry, ["id", "registration", "centre", "since", "priority", "priority_reason",
                                      "next_contact_due", "left_on"], entries)
    copy_rows(ctx, WaitingContact, ["id", "entry", "on", "kind", "note", "by", "created_at"], contacts)
    for model in (Registration, requested_through, RegistrationMember, RegistrationStep, Screening, ADocument,
                  ADocumentModule, granted_through, WaitingListEntry, WaitingContact):
        reset_sequence(model)
    ctx.shared["waiting_registrations"] = waiting_ids


def _fk(through, model) -> str:
    """Name of the through model's foreign key to ``model`` (``registration``, ``adocument``, ``module``)."""
    return next(f.name for f in through._meta.concrete_fields
                if getattr(f, "related_model", None) is model)
