"""Which access route a module episode takes, and the indication that allowed it.

The intake app owns the module catalogue, the access-route engine and the A-document; this adapter asks it
(imported lazily, so trajectories keep working if intake changes shape) and keeps the same rules:

- ``member_routes(...)`` runs ``spalk.intake.access_routes.access_routes`` on the family as it is on the
  start date: per member the module that applies for a kind of care, the route and the Dutch reason. The
  minors are counted in birth order, a minor parent included: the first minor's stay within gezinsopname
  (VHF-GO / VLF-GO) needs an ITP indication, from the second minor on the stay is directly accessible
  (VHF-RT / VLF-RT), and so it is for an adult pregnant parent; another adult stays along with
  contextbegeleiding and gets no stay module of their own; a crisis stay (KCV) follows the crisis route.
- ``access_route(...)`` checks a module chosen for one member against that outcome;
- ``indication_for(...)`` asks intake for a granted A-document covering the module and the date.
"""

from __future__ import annotations

import datetime
import importlib
from dataclasses import dataclass

from django.utils.translation import gettext as _

from spalk.core.errors import DomainError
from spalk.families.models import Family, FamilyMember, MemberRole
from spalk.trajectories.models import AccessRoute
from spalk.trajectories.modules import DIRECT_STAY_CODES, ModuleCode

CARE_OF_CODE = {
    ModuleCode.CONTEXT: "context",
    ModuleCode.STAY_HIGH_FAMILY: "stay_high", ModuleCode.STAY_HIGH_DIRECT: "stay_high",
    ModuleCode.STAY_HIGH: "stay_high",
    ModuleCode.STAY_LOW_FAMILY: "stay_low", ModuleCode.STAY_LOW_DIRECT: "stay_low", ModuleCode.STAY_LOW: "stay_low",
    ModuleCode.CRISIS: "crisis",
}
ENGINE_ROLES = (MemberRole.PARENT, MemberRole.CHILD, MemberRole.UNBORN)


@dataclass(frozen=True)
class Indication:
    reference: str
    decided_on: datetime.date | None
    valid_until: datetime.date | None = None  # last day the indication covers (inclusive); None: no end


@dataclass(frozen=True)
class Route:
    module: str  # module code, "" when the member needs no module of their own
    route: str  # direct | itp | crisis | none
    reason: str


def _intake(module: str):
    try:
        return importlib.import_module(f"spalk.intake.{module}")
    except ImportError:
        return None


def _fallback_routes(members: list[FamilyMember], care: str, on_date: datetime.date) -> dict[int, Route]:
    """The rules of BRIEF.md §4 when the intake engine is not installed (same outcome as the engine)."""
    def minor(m):
        age = m.person.age_on(on_date)
        return (m.role == MemberRole.CHILD and (age is None or age < 18)) or (
            m.role == MemberRole.PARENT and age is not None and age < 18)

    minors = sorted((m for m in members if minor(m)), key=lambda m: (m.person.birth_date is None,
                                                                    m.person.birth_date or on_date, m.pk))
    rank = {m.pk: n for n, m in enumerate(minors, start=1)}
    out = {}
    for m in members:
        age = m.person.age_on(on_date)
        pregnant_adult = m.role == MemberRole.PARENT and m.pregnant and age is not None and age >= 18
        if m.role == MemberRole.UNBORN:
            out[m.pk] = Route("", "none", "")
        elif care == "context":
            out[m.pk] = Route(ModuleCode.CONTEXT, "direct", "")
        elif care == "crisis":
            out[m.pk] = (Route(ModuleCode.CRISIS, "crisis", "") if m.pk in rank or pregnant_adult
                         else Route(ModuleCode.CONTEXT, "direct", ""))
        elif rank.get(m.pk) == 1:
            out[m.pk] = Route(ModuleCode.STAY_HIGH_FAMILY if care == "stay_high" else ModuleCode.STAY_LOW_FAMILY,
                              "itp", "")
        elif m.pk in rank or pregnant_adult:
            out[m.pk] = Route(ModuleCode.STAY_HIGH_DIRECT if care == "stay_high" else ModuleCode.STAY_LOW_DIRECT,
                              "direct", "")
        else:
            out[m.pk] = Route(ModuleCode.CONTEXT, "direct", "")
    return out


def member_routes(*, members: list[FamilyMember], care: str, on_date: datetime.date) -> dict[int, Route]:
    """Per family member (by FamilyMember pk) the module, route and reason for ``care`` on ``on_date``."""
    members = [m for m in members if m.role in ENGINE_ROLES]
    engine = _intake("access_routes")
    if engine is None or not hasattr(engine, "access_routes"):
        return _fallback_routes(members, care, on_date)
    inputs = [engine.MemberInput(key=str(m.pk), role=m.role, birth_date=m.person.birth_date,
                                 expected_birth_date=m.person.expected_birth_date, pregnant=m.pregnant)
              for m in members]
    try:
        result = engine.access_routes(on=on_date, care=care, members=inputs)
    except engine.AccessRouteInputError as exc:
        problems = getattr(exc, "problems", [])
        raise DomainError(problems[0].msg if problems else str(exc), field="members") from None
    return {int(r.key): Route(r.module, r.route, r.reason) for r in result.members}


def access_route(*, family: Family, member: FamilyMember, members: list[FamilyMember], module_code: str,
                 on_date: datetime.date) -> str:
    """The access route of ``module_code`` for ``member``; DomainError (Dutch) when the module cannot apply."""
    if member.role not in (MemberRole.PARENT, MemberRole.CHILD):
        raise DomainError(_("Only parents and children follow a module; an unborn child stays with the "
                            "pregnant parent."), field="member")
    if module_code == ModuleCode.CONTEXT:
        return AccessRoute.DIRECT
    routes = member_routes(members=members, care=CARE_OF_CODE[ModuleCode(module_code)], on_date=on_date)
    expected = routes.get(member.pk)
    if module_code == ModuleCode.CRISIS:
        if expected is not None and expected.route == AccessRoute.CRISIS:
            return AccessRoute.CRISIS
        raise DomainError(_("%(name)s gets no crisis stay module of their own. %(reason)s")
                          % {"name": member.person.full_name, "reason": expected.reason if expected else ""},
                          field="module_code", code="not_direct")
    if module_code in DIRECT_STAY_CODES:
        if expected is not None and expected.module == module_code and expected.route == AccessRoute.DIRECT:
            return AccessRoute.DIRECT
        raise DomainError(_(
            "%(name)s cannot start this directly accessible stay module: within a family admission a stay is "
            "directly accessible only from the second minor in the family on and for an adult pregnant parent. "
            "%(reason)s") % {"name": member.person.full_name, "reason": expected.reason if expected else ""},
            field="module_code", code="not_direct")
    return AccessRoute.ITP


def indication_for(*, family: Family, module_code: str, on_date: datetime.date) -> Indication | None:
    """A positive ITP indication for this family, module and date, as recorded at intake."""
    services = _intake("services")
    func = getattr(services, "indication_for", None) if services else None
    if func is None:
        return None
    found = func(family=family, module_code=module_code, on_date=on_date)
    if found is None:
        return None
    reference = getattr(found, "itp_reference", "") or f"A-{found.pk}"
    return Indication(reference=reference, decided_on=getattr(found, "decided_on", None),
                      valid_until=getattr(found, "granted_until", None))
