"""Partner directory in the API: read only, within the centres whose directory the token's user may read."""

from __future__ import annotations

from ninja import Field, Query, Router, Schema

from spalk.access.declare import staff_only
from spalk.core.params import Limit, Offset
from spalk.partners import selectors

router = Router(tags=["partners"])


class ContactOut(Schema):
    id: int
    name: str
    function: str
    phone: str
    email: str
    is_active: bool


class OrganisationOut(Schema):
    id: int
    centre_id: int | None = Field(None, description="leeg: de gedeelde sectorlijst")
    name: str
    kind: str
    street: str
    postal_code: str
    city: str
    phone: str
    email: str
    website: str
    offer: str
    accepts_referrals: bool
    is_active: bool
    primary_care_zone: str
    target_groups: str
    needs: str
    opening_hours: str
    referral_access: str
    how_to_refer: str
    notes: str
    support_form_id: int | None


class OrganisationListOut(OrganisationOut):
    contact_count: int


class OrganisationDetailOut(OrganisationOut):
    contacts: list[ContactOut]


class OrganisationFilter(Schema):
    q: str = Field("", description="zoek in naam, gemeente, aanbod en contactpersonen")
    kind: str = Field("", description="soort organisatie (bv. caw, cgg, ocj)")
    need: str = Field("", description="zoek op nood (Nederlandse woordstammen), bv. 'schulden', 'opvoeding'")
    target: str = Field("", description="zoek op doelgroep, bv. 'jongeren'")
    region: str = Field("", description="gemeente, postcode of eerstelijnszone")
    limit: Limit = 100
    offset: Offset = 0


@router.get("/organisations", response=list[OrganisationListOut],
            summary="Partnerorganisaties van de centra waarvan u de partnerlijst mag lezen")
@staff_only("partner directory of the user's centres: organisations, no dossier data")
def list_organisations(request, filters: Query[OrganisationFilter]):
    qs = selectors.organisation_list(user=request.auth, search=filters.q, kind=filters.kind, need=filters.need,
                                     target=filters.target, region=filters.region)
    return list(qs[filters.offset:filters.offset + filters.limit])


@router.get("/organisations/{organisation_id}", response=OrganisationDetailOut,
            summary="Eén partnerorganisatie met haar contactpersonen")
@staff_only("partner directory of the user's centres: organisations, no dossier data")
def get_organisation(request, organisation_id: int):
    organisation = selectors.organisation_get(user=request.auth, organisation_id=organisation_id)
    data = OrganisationOut.model_validate(organisation, from_attributes=True).model_dump()
    contacts = [ContactOut.model_validate(c, from_attributes=True)
                for c in organisation.contacts.order_by("name", "pk")]
    return OrganisationDetailOut(**data, contacts=contacts)
