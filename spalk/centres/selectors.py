from __future__ import annotations

from django.db.models import QuerySet

from spalk.centres.models import Centre


def visible_centres(*, user) -> QuerySet[Centre]:
    """Centres are not dossier data: staff see the centres they hold a role in; installation admins all."""
    from spalk.access.policy import principal_for

    principal = principal_for(user)
    if principal.user_id is None:
        return Centre.objects.none()
    if principal.is_installation_admin:
        return Centre.objects.all()
    return Centre.objects.filter(pk__in=principal.centre_ids)


def centre_list_for_admin(*, user) -> QuerySet[Centre]:
    """Every centre, active and not, for the installation administrator; nothing for anyone else."""
    from spalk.access.policy import principal_for

    if not principal_for(user).is_installation_admin:
        return Centre.objects.none()
    return Centre.objects.all().order_by("-is_active", "name")


def access_centre_for_admin(*, user, centre_id: int | str) -> Centre:
    from django.http import Http404

    try:
        pk = int(centre_id)
    except (TypeError, ValueError):
        raise Http404 from None
    centre = centre_list_for_admin(user=user).filter(pk=pk).first()
    if centre is None:
        raise Http404
    return centre
