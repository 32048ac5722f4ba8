"""Which access route a module episode takes, and the indication that allowed it.

The intake app owns the module catalogue, the access-route engine and the A-document; this adapter asks it,
so a trajectory follows exactly the rules the intake officer saw:

- ``member_routes(...)`` runs ``spalk.intake.access_routes.access_routes`` with the module catalogue valid on
  the start date, on the family as it is on that date: per member the module that applies for a kind of
  care, the route and the Dutch reason. The minors are counted in birth order, a minor parent included:
  the first minor's stay within gezinsopname (VHF-GO / VLF-GO) needs an ITP indication, from the second
  minor on the stay is directly accessible (VHF-RT / VLF-RT), and so it is for an adult pregnant parent;
  another adult stays along with contextbegeleiding and gets no stay module of their own; a crisis stay
  (KCV) follows the crisis route.
- ``access_route(...)`` checks a module chosen for one member against that outcome;
- ``indication_for(...)`` asks intake for a granted A-document covering the module and the date.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from spalk.core.errors import DomainError
from spalk.families.models import Family, FamilyMember, MemberRole
from spalk.intake import access_routes as engine
from spalk.intake import selectors as intake_selectors
from spalk.intake import services as intake_services
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


def member_routes(*, members: list[FamilyMember], care: str, on_date: datetime.date) -> dict[int, Route]:
    """Per family member (by FamilyMember pk) the module, route and reason for ``care`` on ``on_date``."""
    members = [m for m in members if m.role in ENGINE_ROLES]
    inputs = [engine.MemberInput(key=str(m.pk), role=m.role, birth_date=m.person.birth_date,
                                 expected_birth_date=m.person.expected_birth_date, pregnant=m.pregnant)
              for m in members]
    try:
        result = engine.access_routes(on=on_date, care=care, members=inputs,
                                       catalogue=intake_selectors.route_catalogue(on=on_date))
    except engine.AccessRouteInputError as exc:
        problems = exc.problems
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
    found = intake_services.indication_for(family=family, module_code=module_code, on_date=on_date)
    if found is None:
        return None
    return Indication(reference=found.itp_reference or f"A-{found.pk}", decided_on=found.decided_on,
                      valid_until=found.granted_until)
