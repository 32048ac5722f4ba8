"""Policy: the client contribution (issue 14). Decisions are written down in docs/finance.md.

- amounts and balances of a family: the finance administrator, the director and the team lead of the centre that
  owns the family (never through a share: the owning centre invoices); a counsellor does not see them, not even on
  the family page (money is discussed with the family by the finance administrator and the team lead);
- quotes (what a stay in a category will cost, from the public rates only): intake officers, finance
  administrators, directors and team leads;
- the rates and the percentage: read by every staff member (public amounts); changed by a finance administrator
  (the leefloon is federal: one table for the installation);
- paying adults, reductions asked, statements, monthly runs, payments, bank files, reminders: the finance
  administrator of the centre; a reduction or waiver counts only after a director of the centre approved it;
- the centre's account (IBAN): the finance administrator and the director of the centre.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from spalk.access.policy.core import _permission_denied, principal_for, visible_families
from spalk.accounts.models import Role
from spalk.audit.reads import note_access, note_denied
from spalk.families.models import Family

__all__ = [
    "FINANCE_MANAGE_ROLES",
    "FINANCE_VIEW_ROLES",
    "QUOTE_ROLES",
    "REDUCTION_APPROVER_ROLES",
    "access_finance_centre",
    "access_finance_family",
    "access_finance_record",
    "can_approve_reductions",
    "can_manage_finance_settings",
    "can_manage_rates",
    "can_quote",
    "can_read_rates",
    "can_see_balance",
    "finance_centres",
    "finance_settings_centres",
    "reduction_approver_centres",
    "visible_finance_families",
    "visible_finance_records",
]

FINANCE_VIEW_ROLES: frozenset[str] = frozenset({Role.FINANCE_ADMIN, Role.DIRECTOR, Role.TEAM_LEAD})
FINANCE_MANAGE_ROLES: frozenset[str] = frozenset({Role.FINANCE_ADMIN})
QUOTE_ROLES: frozenset[str] = frozenset({Role.INTAKE_OFFICER, Role.FINANCE_ADMIN, Role.DIRECTOR, Role.TEAM_LEAD})
REDUCTION_APPROVER_ROLES: frozenset[str] = frozenset({Role.DIRECTOR})
SETTINGS_ROLES: frozenset[str] = frozenset({Role.FINANCE_ADMIN, Role.DIRECTOR})


def finance_centres(*, user, manage: bool = False) -> list[int]:
    """Centres whose amounts this user reads (``manage``: changes)."""
    return principal_for(user).centres_with(FINANCE_MANAGE_ROLES if manage else FINANCE_VIEW_ROLES)


def reduction_approver_centres(*, user) -> list[int]:
    return principal_for(user).centres_with(REDUCTION_APPROVER_ROLES)


def finance_settings_centres(*, user) -> list[int]:
    return principal_for(user).centres_with(SETTINGS_ROLES)


def can_read_rates(*, user) -> bool:
    principal = principal_for(user)
    return bool(principal.centre_ids) or principal.is_installation_admin


def can_manage_rates(*, user) -> bool:
    return bool(finance_centres(user=user, manage=True))


def can_quote(*, user) -> bool:
    return bool(principal_for(user).centres_with(QUOTE_ROLES))


def can_manage_finance_settings(*, user, centre_id: int) -> bool:
    return centre_id in finance_settings_centres(user=user)


def access_finance_centre(*, user, centre_id: int | str | None = None, manage: bool = False,
                          settings: bool = False):
    """The centre asked for (or the user's first) among those whose finance this user reads/manages; else 404."""
    from spalk.centres.models import Centre

    allowed = finance_settings_centres(user=user) if settings else finance_centres(user=user, manage=manage)
    if centre_id in (None, ""):
        if not allowed:
            raise Http404
        centre_id = allowed[0]
    try:
        pk = int(centre_id)  # type: ignore[arg-type]  # str or int from a URL or a query parameter
    except (TypeError, ValueError):
        raise Http404 from None
    centre = Centre.objects.filter(pk=pk, pk__in=allowed, is_active=True).first()
    if centre is None:
        raise Http404
    return centre


def visible_finance_families(*, user, manage: bool = False) -> QuerySet[Family]:
    """Families whose contribution this user reads (``manage``: changes): owned by one of the finance centres."""
    return Family.objects.filter(centre_id__in=finance_centres(user=user, manage=manage))


def access_finance_family(*, user, family_id: int | str, manage: bool = False) -> Family:
    try:
        pk = int(family_id)
    except (TypeError, ValueError):
        raise Http404 from None
    family = visible_finance_families(user=user, manage=manage).select_related("centre").filter(pk=pk).first()
    if family is None:
        if visible_families(user=user).filter(pk=pk).exists():
            # the family is theirs to see, its money is not (or not to change): 403, not a 404 that would deny
            # what the family page itself shows (STYLE §2)
            raise _permission_denied()
        note_denied(user=user, object_type="families.family", object_id=pk)
        raise Http404
    note_access(user=user, target=family)
    return family


def can_see_balance(*, user, family: Family) -> bool:
    """Whether the family page shows the balance section to this user."""
    return family.centre_id in finance_centres(user=user)


def can_approve_reductions(*, user, family: Family) -> bool:
    return family.centre_id in reduction_approver_centres(user=user)


def _rows(model_or_qs, select: tuple[str, ...] = ()) -> QuerySet:
    qs = model_or_qs if isinstance(model_or_qs, QuerySet) else model_or_qs._default_manager.all()
    return qs.select_related(*select) if select else qs


def _scope(centres: list[int], family_field: str | None) -> dict:
    """Rows of a family of these centres, or (``family_field=None``) rows of the centre itself (runs, bank lines)."""
    return {f"{family_field}__centre_id__in" if family_field else "centre_id__in": centres}


def visible_finance_records(model_or_qs, *, user, manage: bool = False, family_field: str | None = "family",
                            select: tuple[str, ...] = ()) -> QuerySet:
    """Rows of a finance model (paying adults, reductions, statements, payments, runs ...) this user reads
    (``manage``: changes), through the centre that owns the family (or the row's centre)."""
    return _rows(model_or_qs, select).filter(**_scope(finance_centres(user=user, manage=manage), family_field))


def access_finance_record(model_or_qs, *, user, pk: int | str, manage: bool = False, approve: bool = False,
                          family_field: str | None = "family", select: tuple[str, ...] = ()):
    """One row of a finance model through its family's centre (or its own centre); ``approve``: a director of
    that centre. 404 for "does not exist" and "not yours" alike."""
    try:
        key = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    centres = reduction_approver_centres(user=user) if approve else finance_centres(user=user, manage=manage)
    qs = _rows(model_or_qs, select)
    row = qs.filter(**_scope(centres, family_field)).filter(pk=key).first()
    if row is None:
        note_denied(user=user, object_type=qs.model._meta.label_lower, object_id=key)
        raise Http404
    note_access(user=user, target=row)
    return row
