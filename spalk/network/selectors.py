"""Reads of the network app. Dossier data always starts from the policy (``visible_*`` of a family already
accessed); support forms are reference data."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from spalk.access import policy
from spalk.families.models import FamilyMember, MemberRole, Person
from spalk.network import consent as consent_rules
from spalk.network.models import (
    Colour,
    ConsentRecord,
    Criterion,
    NetworkMeeting,
    Referral,
    SupportForm,
    SupportFormCriterion,
)
from spalk.network.supportforms import SITUATION_LABELS, SITUATIONS

DEFAULT_COLUMNS = ("1g1p", "gezinscoaching", "lokale_teams_kg")
MAX_COLUMNS = 6


def support_forms() -> list[SupportForm]:
    return list(SupportForm.objects.prefetch_related(
        Prefetch("criteria", queryset=SupportFormCriterion.objects.order_by("pk"))).order_by("order", "pk"))


@dataclass
class Cell:
    form: SupportForm
    colour: str
    colour_label: str
    note: str


@dataclass
class Row:
    criterion: str
    label: str
    cells: list[Cell]


def comparison(*, keys: list[str], criteria: list[str] | None = None) -> tuple[list[SupportForm], list[Row]]:
    """The chosen forms (columns, in the seed's order) and one row per criterion."""
    forms = [f for f in support_forms() if f.key in keys][:MAX_COLUMNS]
    wanted = [c for c in Criterion.values if not criteria or c in criteria]
    by_form = {f.pk: {c.criterion: c for c in f.criteria.all()} for f in forms}
    rows = []
    for code in wanted:
        cells = []
        for f in forms:
            c = by_form[f.pk].get(code)
            if c is not None:
                cells.append(Cell(form=f, colour=c.colour, colour_label=str(Colour(c.colour).label), note=c.note))
        rows.append(Row(criterion=code, label=str(Criterion(code).label), cells=cells))
    return forms, rows


# --- Suggestions -------------------------------------------------------------------------------------------------


def family_situations(*, family, on: datetime.date) -> list[str]:
    """What follows from the family's own data: young children or a pregnancy, ages, the mandate."""
    found: list[str] = []
    members = list(FamilyMember.objects.filter(family=family, end_date__isnull=True).select_related("person"))
    for m in members:
        age = m.person.age_on(on)
        if m.role == MemberRole.UNBORN or m.pregnant or (m.role == MemberRole.CHILD and age is not None and age < 3):
            found.append("young_child")
        if m.role == MemberRole.CHILD and age is not None and age < 12:
            found.append("child_under_12")
        if age is not None and 12 <= age < 25 and m.role in (MemberRole.CHILD, MemberRole.PARENT):
            found.append("youth")
    from spalk.intake.models import Mandate, Registration, Status

    mandate = (Registration.objects.filter(family=family).exclude(status=Status.WITHDRAWN)
               .order_by("-received_on", "-pk").values_list("mandate", flat=True).first())
    if mandate and mandate != Mandate.VOLUNTARY:
        found.append("child_danger")
    return list(dict.fromkeys(found))


@dataclass
class Suggestion:
    form: SupportForm
    reasons: list[str]
    score: int
    target_group: str = ""
    cells: list[Cell] = field(default_factory=list)


def suggestions(*, situations: list[str], limit: int = 8) -> list[Suggestion]:
    """Forms whose target situations match, best match first, with the reasons written out."""
    wanted = [s for s, _label in SITUATIONS if s in situations]
    found = []
    for form in support_forms():
        matched = [s for s in wanted if s in form.situations]
        if not matched:
            continue
        criteria = {c.criterion: c for c in form.criteria.all()}
        parallel = sum(1 for c in criteria.values() if c.colour == Colour.PARALLEL)
        target = criteria.get(Criterion.TARGET_GROUP)
        found.append(Suggestion(form=form, reasons=[SITUATION_LABELS[s] for s in matched],
                                score=len(matched) * 10 + parallel, target_group=target.note if target else ""))
    found.sort(key=lambda s: (-s.score, s.form.order))
    return found[:limit]


# --- Consent and shares ------------------------------------------------------------------------------------------


@dataclass
class RecordState:
    record: ConsentRecord
    problems: list[str]

    @property
    def valid(self) -> bool:
        return not self.problems


def consent_states(*, user, family, on: datetime.date) -> list[RecordState]:
    records = list(policy.visible_consents(user=user, family=family).select_related(
        "organisation", "contact", "withdrawn_by").prefetch_related("givers").order_by("-valid_from", "-pk"))
    parents = consent_rules.family_parents(family.pk) if records else []
    return [RecordState(record=r, problems=consent_rules.record_problems(r, on=on, parents=parents))
            for r in records]


def report_consents(*, user, family, on: datetime.date | None = None) -> QuerySet:
    """The family's consent records and legal bases that allow sharing (sending) a report on ``on`` (today)."""
    from django.utils import timezone

    from spalk.network.models import ShareKind

    day = on or timezone.localdate()
    records = list(policy.visible_consents(user=user, family=family).prefetch_related("givers"))
    allowed = consent_rules.valid_records(records, kind=ShareKind.REPORT, on=day,
                                          parents=consent_rules.family_parents(family.pk))
    return policy.visible_consents(user=user, family=family).filter(pk__in=[r.pk for r in allowed]).select_related(
        "organisation", "contact").order_by("-valid_from", "-pk")


def shares_of(*, user, family) -> QuerySet:
    return policy.visible_shares(user=user, family=family).select_related(
        "consent", "shared_by", "organisation").order_by("-shared_at", "-pk")


def family_persons(*, family) -> list[Person]:
    return [m.person for m in FamilyMember.objects.filter(family=family, end_date__isnull=True)
            .select_related("person").order_by("role", "person__birth_date", "pk")]


def meetings_of(*, user, family) -> QuerySet[NetworkMeeting]:
    return policy.visible_meetings(user=user, family=family).prefetch_related(
        "agreements", "agreements__responsible").order_by("-held_on", "-pk")


def recent_signals(*, centre_ids: list[int], limit: int = 20) -> list:
    """The latest signals of the user's centres (category, region, date; no family shown)."""
    from spalk.network.models import PolicySignal

    return list(PolicySignal.objects.filter(centre_id__in=centre_ids).select_related("centre")
                .order_by("-noted_on", "-pk")[:limit])


def network_family_section(*, user, family, today: datetime.date) -> dict:
    """The network section of the family page (fixed number of queries): consent withdrawn lately, how many valid
    consents there are, and the last things shared with partners (what, with whom)."""
    states = consent_states(user=user, family=family, on=today)
    recent = today - datetime.timedelta(days=30)
    return {
        "valid": sum(1 for s in states if s.valid),
        "withdrawn": [s.record for s in states if s.record.withdrawn_at and s.record.withdrawn_at.date() >= recent],
        "shares": list(shares_of(user=user, family=family)[:5]),
    }


def open_agreements(*, user, family) -> list:
    """Agreements of the family's network meetings not done yet (for the plan page), soonest first."""
    return list(policy.visible_agreements(user=user, family=family).filter(done_on__isnull=True)
                .select_related("responsible", "meeting").order_by("due_on", "pk")[:30])


def consent_record_with_givers(*, record_id: int) -> ConsentRecord:
    """A consent record already accessed through the policy, with what its API answer shows."""
    return ConsentRecord.objects.select_related("organisation", "contact").prefetch_related("givers").get(
        pk=record_id)


def referral_detail(*, referral_id: int) -> Referral:
    """A referral already accessed through the policy, with its organisation and support form."""
    return Referral.objects.select_related("organisation", "support_form").get(pk=referral_id)
