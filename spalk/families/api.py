from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from spalk.access.declare import dossier
from spalk.access.policy import Action, access_family, access_person, creatable_centres, visible_families
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_list_read, audit_record
from spalk.centres.models import Centre
from spalk.core.errors import DomainError
from spalk.core.params import LimitOffsetPagination
from spalk.families import selectors, services
from spalk.families.schemas import (
    FamilyDetailOut,
    FamilyIn,
    FamilyOut,
    FamilyPatch,
    MemberIn,
    MemberOut,
    PersonOut,
    PersonPatch,
)

router = Router(tags=["families"])


class FamilyFilter(Schema):
    q: str = ""


class AuditedPagination(LimitOffsetPagination):
    """Limit/offset pagination that records which families were listed (the rows, not their content)."""

    def paginate_queryset(self, queryset, pagination, request, **params):
        result = super().paginate_queryset(queryset, pagination, request, **params)
        result["items"] = list(result["items"])
        search = getattr(params.get("filters"), "q", "")
        audit_list_read(actor=request.auth, action=AuditAction.SEARCH if search else AuditAction.VIEW,
                        object_type="families.family", query={"q": search, "offset": pagination.offset},
                        count=result["count"], family_ids=[f.pk for f in result["items"]])
        return result


@router.get("/", response=list[FamilyOut], summary="Gezinnen waartoe u toegang hebt")
@paginate(AuditedPagination)
@dossier
def list_families(request, filters: Query[FamilyFilter]):
    return selectors.family_list(families=visible_families(user=request.auth), search=filters.q)


@router.post("/", response={201: FamilyDetailOut}, summary="Nieuw gezin")
@dossier
def create_family(request, payload: FamilyIn):
    allowed = creatable_centres(user=request.auth)
    if payload.centre_id is None and len(allowed) == 1:
        centre_id = allowed[0]
    elif payload.centre_id in allowed:
        centre_id = payload.centre_id
    elif not allowed:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    else:
        raise DomainError(_("Choose a centre in which you may create families."), field="centre_id")
    family = services.family_create(actor=request.auth, centre=Centre.objects.get(pk=centre_id),
                                    data=payload.dict(exclude={"centre_id"}))
    return Status(201, _detail(family, []))


def _detail(family, members) -> dict:
    data = FamilyOut.from_orm(family).dict()
    data["members"] = members
    return data


@router.get("/{family_id}", response=FamilyDetailOut, summary="Eén gezin met zijn leden")
@dossier
def get_family(request, family_id: int):
    family = access_family(user=request.auth, family_id=family_id)
    members = selectors.family_members(family=family)
    audit_record(actor=request.auth, action=AuditAction.VIEW, target=family)
    return _detail(family, members)


@router.patch("/{family_id}", response=FamilyDetailOut, summary="Gezin wijzigen (met versie)")
@dossier
def update_family(request, family_id: int, payload: FamilyPatch):
    family = access_family(user=request.auth, family_id=family_id, action=Action.EDIT)
    data = payload.dict(exclude_unset=True, exclude={"version"})
    family = services.family_update(actor=request.auth, family=family, data=data, version=payload.version)
    return _detail(family, selectors.family_members(family=family))


@router.post("/{family_id}/members", response={201: MemberOut}, summary="Lid toevoegen (nieuwe persoon)")
@dossier
def add_member(request, family_id: int, payload: MemberIn):
    family = access_family(user=request.auth, family_id=family_id, action=Action.EDIT)
    data = payload.dict()
    member = services.member_add(actor=request.auth, family=family, person_data=data, role=data["role"],
                                 relation=data["relation"], pregnant=data["pregnant"])
    return Status(201, member)


@router.get("/{family_id}/persons/{person_id}", response=PersonOut, summary="Eén persoon van het gezin")
@dossier
def get_person(request, family_id: int, person_id: int):
    family = access_family(user=request.auth, family_id=family_id)
    person = access_person(user=request.auth, person_id=person_id)
    if selectors.family_member_get(family=family, person=person) is None:
        raise Http404
    audit_record(actor=request.auth, action=AuditAction.VIEW, target=person, family=family)
    return person


@router.patch("/{family_id}/persons/{person_id}", response=PersonOut, summary="Persoon wijzigen (met versie)")
@dossier
def update_person(request, family_id: int, person_id: int, payload: PersonPatch):
    family = access_family(user=request.auth, family_id=family_id, action=Action.EDIT)
    person = access_person(user=request.auth, person_id=person_id, action=Action.EDIT)
    member = selectors.family_member_get(family=family, person=person)
    if member is None:
        raise Http404
    data = payload.dict(exclude_unset=True, exclude={"version"})
    return services.person_update(actor=request.auth, person=person, data=data, version=payload.version,
                                  family=family, role=member.role)
