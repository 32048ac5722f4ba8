"""The logbook's child-safety signal opens a Kindreflex procedure (spalk.logbook.signals).

When an incident of kind "child-safety signal" names a child of the family, that child gets a Kindreflex
procedure (unless one is already open) and the incident keeps its reference ``KR-<id>``. The procedure then shows
on the team lead's start screen until it is closed. An incident that names no child opens nothing: the worker
starts the procedure from the family's safety page.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from spalk.core.errors import DomainError


def reference(procedure_id: int) -> str:
    return f"KR-{procedure_id}"


def open_procedure_for_signal(sender: Any, incident: Any, actor: Any, **kwargs: Any) -> str | None:
    from spalk.families.models import MemberRole
    from spalk.safety.kindreflex import procedure_start
    from spalk.safety.models import KindreflexProcedure, ProcedureStatus

    if incident.family_id is None:
        return None
    child = (incident.persons.filter(memberships__family_id=incident.family_id,
                                     memberships__role__in=[MemberRole.CHILD, MemberRole.UNBORN])
             .order_by("birth_date", "pk").first())
    if child is None:
        return None
    existing = KindreflexProcedure.objects.filter(child=child, status=ProcedureStatus.OPEN).first()
    if existing is not None:
        return reference(existing.pk)
    started = min(timezone.localtime(incident.occurred_at).date(), timezone.localdate()) \
        if incident.occurred_at else timezone.localdate()
    try:
        procedure = procedure_start(actor=actor, family=incident.family, child=child, started_on=started)
    except DomainError:
        return None
    return reference(procedure.pk)
