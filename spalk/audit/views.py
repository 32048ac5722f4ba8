from __future__ import annotations

import datetime
from typing import cast

from allauth.account.decorators import reauthentication_required
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from spalk.access.declare import dossier, staff_only
from spalk.access.policy import Action, access_family, audit_centres
from spalk.audit.describe import describe_events
from spalk.audit.forms import FAMILY_OPTIONS_ID, STAFF_OPTIONS_ID, AuditFilterForm
from spalk.audit.models import AuditAction
from spalk.audit.selectors import (
    audit_event_list,
    auditable_families,
    auditable_family,
    auditable_staff,
    auditable_staff_member,
    family_access_summary,
    family_choice_label,
    staff_choice_label,
)
from spalk.audit.services import audit_list_read, audit_record
from spalk.core.exports import csv_writer
from spalk.core.types import SpalkRequest

# Without a period, staff member or family the list shows the last DEFAULT_DAYS (the page says so), and it counts
# at most COUNT_CAP events ("more than …"): a year of a centre's trail is too much to count on every page view.
DEFAULT_DAYS = 30
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    cap = COUNT_CAP

    @cached_property
    def count(self) -> int:
        events = cast(QuerySet, self.object_list)
        return events[: self.cap + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.cap


def _filtered(request: SpalkRequest, *, recent_by_default: bool = False):
    centres = audit_centres(user=request.user)
    if not centres:
        raise Http404
    form = AuditFilterForm(request.GET or None)
    filters = dict(form.cleaned_data) if form.is_valid() else {}
    if filters.get("actor_name") and not filters.get("actor"):
        people = auditable_staff(user=request.user, search=filters["actor_name"])
        if len(people) == 1:
            filters["actor"] = people[0].pk
        else:
            form.add_error("actor_name", _("No staff member of your centre has this name or e-mail address.")
                           if not people else _("Several staff members match: choose one from the list."))
            form.staff_matches = people
            filters = {}
    filters.pop("actor_name", None)
    chosen_actor = auditable_staff_member(user=request.user, actor_id=filters["actor"]) if filters.get(
        "actor") else None
    if filters.get("actor") and chosen_actor is None:  # not staff of these centres: no filter on someone unseen
        form.add_error("actor_name", _("No staff member of your centre has this name or e-mail address."))
        filters = {}
    form.chosen_actor = chosen_actor
    if filters.get("family_name") and not filters.get("family"):
        matches = auditable_families(user=request.user, centre_ids=centres, search=filters["family_name"])
        if len(matches) == 1:
            filters["family"] = matches[0].pk
        else:
            form.add_error("family_name", _("No family of your centre has this name or dossier number.") if not matches
                           else _("Several families match: choose one from the list."))
            form.family_matches = matches
            filters = {}
    filters.pop("family_name", None)
    form.chosen_family = auditable_family(
        user=request.user, centre_ids=centres, family_id=filters["family"]) if filters.get("family") else None
    since = None
    if recent_by_default and not any(filters.get(k) for k in ("date_from", "date_to", "actor", "family")):
        since = timezone.localdate() - datetime.timedelta(days=DEFAULT_DAYS)
    events = audit_event_list(centre_ids=centres, date_from=filters.get("date_from") or since,
                              date_to=filters.get("date_to"), actor_id=filters.get("actor"),
                              family_id=filters.get("family"), action=filters.get("action") or "")
    query = {k: str(v) for k, v in filters.items() if v}
    if since is not None:
        query["since_default"] = str(since)
    return form, events, query, since


@require_GET
@login_required
@staff_only("audit trail of the auditor's own centres")
def events(request: SpalkRequest) -> HttpResponse:
    form, qs, query, since = _filtered(request, recent_by_default=True)
    paginator = CappedPaginator(qs, 100)
    page = paginator.get_page(request.GET.get("page"))
    # evaluate the page now: the count was taken before this request's own audit row below is written
    page.object_list = list(page.object_list)
    describe_events(user=request.user, events=page.object_list)
    audit_record(actor=request.user, action=AuditAction.SEARCH, object_type="audit.auditevent",
                 extra={"query": query})
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "audit/events.html", {"form": form, "page": page, "params": params.urlencode(),
                                                 "since": since, "default_days": DEFAULT_DAYS,
                                                 "cap": paginator.cap, "family_options_id": FAMILY_OPTIONS_ID,
                                                 "staff_options_id": STAFF_OPTIONS_ID})


@require_GET
@login_required
@reauthentication_required
@staff_only("audit export of the auditor's own centres")
def export(request: SpalkRequest) -> StreamingHttpResponse:
    """CSV export for auditors. Needs a recent re-authentication and is itself audited."""
    _form, qs, query, _since = _filtered(request)
    audit_record(actor=request.user, action=AuditAction.EXPORT, object_type="audit.auditevent",
                 extra={"query": query})
    writer = csv_writer()
    header = ["tijdstip", "gebruiker", "actie", "centrum_id", "gezin_id", "persoon_id", "object", "object_id",
              "velden", "reden", "kanaal", "ip", "request_id"]

    def rows():
        yield "\ufeff" + writer.writerow(header)
        for e in qs.iterator(chunk_size=2000):
            yield writer.writerow([timezone.localtime(e.at).strftime("%d/%m/%Y %H:%M:%S"), e.actor_label,
                                   e.get_action_display(), e.centre_id or "", e.family_id or "",
                                   e.person_id or "", e.object_type, e.object_id, ",".join(e.fields),
                                   e.reason, e.via, e.ip or "", e.request_id])

    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8",
                                 headers={"Content-Disposition": f'attachment; filename="audit-{stamp}.csv"'})


@require_GET
@login_required
@dossier
def family_access(request: SpalkRequest, family_id: int) -> HttpResponse:
    """"Wie had toegang tot dit dossier?" for team leads and directors."""
    family = access_family(user=request.user, family_id=family_id, action=Action.VIEW_ACCESS_LOG)
    summary = family_access_summary(family_id=family.pk)
    recent = list(audit_event_list(centre_ids=[family.centre_id], family_id=family.pk)[:200])
    describe_events(user=request.user, events=recent)
    audit_record(actor=request.user, action=AuditAction.VIEW, target=family, extra={"page": "access_log"})
    return render(request, "audit/family_access.html", {"family": family, "summary": summary, "recent": recent})


@require_GET
@login_required
@dossier
def family_options(request: SpalkRequest) -> HttpResponse:
    """Suggestions for the family filter of the audit trail (htmx fills a <datalist> while the auditor types)."""
    centres = audit_centres(user=request.user)
    if not centres:
        raise Http404
    search = request.GET.get("family_name", "")[:200]
    families = auditable_families(user=request.user, centre_ids=centres, search=search)
    audit_list_read(actor=request.user, action=AuditAction.SEARCH, object_type="families.family",
                    query={"q": search, "page": "audit_filter"}, count=len(families),
                    family_ids=[f.pk for f in families])
    return render(request, "audit/_family_options.html", {"options": [family_choice_label(f) for f in families]})


@require_GET
@login_required
@staff_only("names of the staff of the auditor's own centres, for the audit filter; no dossier data")
def staff_options(request: SpalkRequest) -> HttpResponse:
    """Suggestions for the staff filter of the audit trail (htmx fills a <datalist> while the auditor types)."""
    if not audit_centres(user=request.user):
        raise Http404
    people = auditable_staff(user=request.user, search=request.GET.get("actor_name", "")[:200])
    return render(request, "audit/_family_options.html", {"options": [staff_choice_label(u) for u in people]})
