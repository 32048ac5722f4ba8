from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404

from spalk.core.params import parse_int
from spalk.methods.models import Method, MethodArea


def catalogue() -> list[MethodArea]:
    return list(MethodArea.objects.prefetch_related(
        Prefetch("methods", queryset=Method.objects.order_by("-is_active", "order", "name"))).order_by("order"))


def method_get(*, method_id) -> Method:
    pk = parse_int(str(method_id))
    method = Method.objects.select_related("area").filter(pk=pk).first() if pk else None
    if method is None:
        raise Http404
    return method
