from django.http import Http404
from ninja import Router, Schema

from spalk.access.declare import staff_only
from spalk.centres.selectors import visible_centres

router = Router(tags=["centres"])


class CentreOut(Schema):
    id: int
    name: str
    short_name: str
    organisation: str
    street: str
    postal_code: str
    city: str
    phone: str
    email: str
    website: str


@router.get("/", response=list[CentreOut], summary="Centra waar u een rol hebt")
@staff_only("centres are not dossier data")
def list_centres(request):
    return list(visible_centres(user=request.auth))


@router.get("/{centre_id}", response=CentreOut, summary="Eén centrum")
@staff_only("centres are not dossier data")
def get_centre(request, centre_id: int):
    centre = visible_centres(user=request.auth).filter(pk=centre_id).first()
    if centre is None:
        raise Http404
    return centre
