"""Corrections of a Signs of Safety mapping: an entry or a scaling score is corrected (the earlier state kept as an
earlier version) or removed as recorded by mistake (kept, struck through, with the reason); an entry gets the
shared withholding mark. Only whoever does the family's safety work reaches these screens (policy)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from spalk.access.declare import dossier
from spalk.access.policy import Action, access_mapping_entry, access_scaling_score
from spalk.core.forms import form_view
from spalk.safety import services
from spalk.safety.forms import EntryCorrectForm, RemoveForm, ScoreCorrectForm, WithholdForm


def _back(row, anchor: str) -> str:
    return reverse("safety:mapping", args=[row.mapping_id]) + anchor


def _context(row, **extra) -> dict:
    return {"family": row.mapping.family, "mapping": row.mapping, "row": row, **extra}


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def entry_correct(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = access_mapping_entry(user=request.user, entry_id=entry_id, action=Action.EDIT)
    form = EntryCorrectForm(request.POST or None, initial={"kind": entry.kind, "text": entry.text,
                                                           "version": entry.version})
    return form_view(request, form, template="safety/correction_form.html",
                     context=_context(entry, title=_("Correct an entry of the mapping"), back=_back(entry,
                                                                                                  f"#entry-{entry.pk}")),
                     save=lambda d: services.mapping_entry_correct(actor=request.user, entry=entry,
                                                                   version=d["version"], reason=d["reason"],
                                                                   text=d["text"], kind=d["kind"]),
                     success=_back(entry, f"#entry-{entry.pk}"), message=_("Correction saved."))


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def entry_remove(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = access_mapping_entry(user=request.user, entry_id=entry_id, action=Action.EDIT)
    form = RemoveForm(request.POST or None, initial={"version": entry.version})
    return form_view(request, form, template="safety/correction_form.html",
                     context=_context(entry, title=_("Remove as recorded by mistake"),
                                      back=_back(entry, f"#entry-{entry.pk}")),
                     save=lambda d: services.mapping_entry_remove(actor=request.user, entry=entry,
                                                                  version=d["version"], reason=d["reason"]),
                     success=_back(entry, "#columns-heading"),
                     message=_("Removed. It stays visible, struck through, with your reason."))


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def entry_withhold(request: HttpRequest, entry_id: int) -> HttpResponse:
    """Withhold one entry from the family (a worry a third party reported in confidence), or stop withholding it."""
    entry = access_mapping_entry(user=request.user, entry_id=entry_id, action=Action.EDIT)
    form = WithholdForm(request.POST or None, initial={
        "withheld": entry.withheld_from_family, "withheld_reason": entry.withheld_reason, "version": entry.version})
    return form_view(request, form, template="safety/withhold_form.html",
                     context=_context(entry, title=_("Withhold from the family"),
                                      back=_back(entry, f"#entry-{entry.pk}")),
                     save=lambda d: services.mapping_entry_withhold(
                         actor=request.user, entry=entry, version=d["version"], withheld=bool(d.get("withheld")),
                         reason=d.get("withheld_reason") or ""),
                     success=_back(entry, f"#entry-{entry.pk}"),
                     message=lambda e: _("The entry is withheld from the family.") if e.withheld_from_family
                     else _("The family may see this entry again."))


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def score_correct(request: HttpRequest, score_id: int) -> HttpResponse:
    row = access_scaling_score(user=request.user, score_id=score_id, action=Action.EDIT)
    form = ScoreCorrectForm(request.POST or None, initial={
        "participant": row.participant, "score": row.score, "scored_on": row.scored_on, "why": row.why,
        "version": row.version})
    return form_view(request, form, template="safety/correction_form.html",
                     context=_context(row, title=_("Correct a score"), back=_back(row, "#scores-heading")),
                     save=lambda d: services.scaling_correct(
                         actor=request.user, score_row=row, version=d["version"], reason=d["reason"],
                         score=d["score"], participant=d["participant"], scored_on=d["scored_on"], why=d["why"]),
                     success=_back(row, "#scores-heading"), message=_("Correction saved."))


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def score_remove(request: HttpRequest, score_id: int) -> HttpResponse:
    row = access_scaling_score(user=request.user, score_id=score_id, action=Action.EDIT)
    form = RemoveForm(request.POST or None, initial={"version": row.version})
    return form_view(request, form, template="safety/correction_form.html",
                     context=_context(row, title=_("Remove as recorded by mistake"),
                                      back=_back(row, "#scores-heading")),
                     save=lambda d: services.scaling_remove(actor=request.user, score_row=row, version=d["version"],
                                                            reason=d["reason"]),
                     success=_back(row, "#scores-heading"),
                     message=_("Removed. It stays visible, struck through, with your reason."))
