"""Screens of the family's network: support forms (comparison, suggestions), consent, sharing with partners,
network meetings, referrals out, signals to policy."""

from __future__ import annotations

from typing import cast

from allauth.account.decorators import reauthentication_required
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.forms import ModelChoiceField
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spalk.access import policy
from spalk.access.declare import dossier, staff_only
from spalk.access.policy import Action
from spalk.agenda.selectors import centre_staff
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.centres.models import Centre
from spalk.core.errors import DomainError
from spalk.core.exports import csv_writer
from spalk.core.forms import form_view
from spalk.core.types import SpalkRequest
from spalk.network import artefacts, selectors, services
from spalk.network import consent as consent_rules
from spalk.network.forms import (
    AgreementForm,
    ConsentEditForm,
    ConsentForm,
    MeetingForm,
    ReferralForm,
    ReferralUpdateForm,
    ShareForm,
    SignalForm,
    SituationForm,
    WithdrawForm,
)
from spalk.network.models import Criterion, SupportForm
from spalk.network.supportforms import SITUATION_LABELS
from spalk.partners.models import ContactPerson, Organisation

REFERENCE = "support forms of seed 004: reference data, no dossier data"


def _family_url(family_id: int) -> str:
    return reverse("network:family", kwargs={"family_id": family_id})


def _organisations(family):
    return Organisation.objects.filter(Q(centre_id=family.centre_id) | Q(centre__isnull=True), is_active=True
                                       ).order_by("name", "pk")


def _contacts(family):
    return ContactPerson.objects.filter(Q(organisation__centre_id=family.centre_id)
                                        | Q(organisation__centre__isnull=True), is_active=True
                                        ).select_related("organisation").order_by("name", "pk")


def _editable(request: SpalkRequest, family) -> None:
    if not policy.can(user=request.user, family=family, action=Action.EDIT):
        raise PermissionDenied


# --- Support forms -----------------------------------------------------------------------------------------------


@require_GET
@login_required
@staff_only(REFERENCE)
def support_forms(request: SpalkRequest) -> HttpResponse:
    if not policy.network_reference_centres(user=request.user):
        raise Http404
    keys = request.GET.getlist("f")[:selectors.MAX_COLUMNS] or list(selectors.DEFAULT_COLUMNS)
    criteria = [c for c in request.GET.getlist("c") if c in Criterion.values]
    forms, rows = selectors.comparison(keys=keys, criteria=criteria)
    template = "network/forms.html#table" if request.htmx else "network/forms.html"
    return render(request, template, {
        "all_forms": selectors.support_forms(), "chosen": [f.key for f in forms], "forms": forms, "rows": rows,
        "criteria": Criterion.choices, "chosen_criteria": criteria, "max_columns": selectors.MAX_COLUMNS})


@require_GET
@login_required
@dossier
def suggestions(request: SpalkRequest, family_id: int) -> HttpResponse:
    family = policy.access_family(user=request.user, family_id=family_id)
    derived = selectors.family_situations(family=family, on=timezone.localdate())
    form = SituationForm(request.GET if "situations" in request.GET else None, initial={"situations": derived})
    chosen = form.cleaned_data["situations"] if form.is_bound and form.is_valid() else derived
    return render(request, "network/suggestions.html", {
        "family": family, "form": form, "derived": [SITUATION_LABELS[s] for s in derived],
        "suggestions": selectors.suggestions(situations=chosen)})


# --- The family's network page ----------------------------------------------------------------------------------


@require_GET
@login_required
@dossier
def family_network(request: SpalkRequest, family_id: int) -> HttpResponse:
    family = policy.access_family(user=request.user, family_id=family_id)
    today = timezone.localdate()
    return render(request, "network/family.html", {
        "family": family, "consents": selectors.consent_states(user=request.user, family=family, on=today),
        "shares": list(selectors.shares_of(user=request.user, family=family)[:50]),
        "meetings": list(selectors.meetings_of(user=request.user, family=family)[:20]),
        "referrals": list(policy.visible_referrals(user=request.user, family=family).select_related(
            "organisation", "contact", "support_form").order_by("-created_at", "-pk")[:50]),
        "can_edit": policy.can(user=request.user, family=family, action=Action.EDIT),
        "can_share": policy.can_share_with_partners(user=request.user, family=family)})


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def consent_create(request: SpalkRequest, family_id: int) -> HttpResponse:
    family = policy.access_family(user=request.user, family_id=family_id, action=Action.EDIT)
    persons = policy.visible_persons(user=request.user).filter(memberships__family=family,
                                                                memberships__end_date__isnull=True)
    form = ConsentForm(request.POST or None, organisations=_organisations(family), contacts=_contacts(family),
                       persons=persons.order_by("birth_date", "pk"), initial={"valid_from": timezone.localdate()})

    def save(d):
        return consent_rules.consent_record_create(actor=request.user, family=family, data=consent_rules.RecordInput(
            basis=d["basis"], scope=d["scope"], purpose=d["purpose"], valid_from=d["valid_from"],
            valid_until=d["valid_until"], basis_note=d["basis_note"], scope_note=d["scope_note"],
            organisation=d["organisation"], contact=d["contact"], recipient_text=d["recipient_text"],
            givers=[consent_rules.GiverInput(person=p) for p in d["givers"]]))

    return form_view(request, form, save=save, success=_family_url(family.pk), template="network/form.html",
                     message=_("Consent recorded."), context={"family": family, "title": _("Record consent")})


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def consent_detail(request: SpalkRequest, consent_id: int) -> HttpResponse:
    record = policy.access_consent(user=request.user, consent_id=consent_id)
    family = record.family
    can_edit = policy.can(user=request.user, family=family, action=Action.EDIT)
    if request.method == "POST":
        _editable(request, family)
    form = ConsentEditForm(request.POST or None, initial={
        "purpose": record.purpose, "scope_note": record.scope_note, "recipient_text": record.recipient_text,
        "valid_until": record.valid_until, "version": record.version})
    return form_view(
        request, form, save=lambda d: consent_rules.consent_record_update(
            actor=request.user, record=record, data={k: d[k] for k in consent_rules.EDITABLE_FIELDS},
            version=d["version"]),
        success=reverse("network:consent", args=[record.pk]), message=_("Changes saved."),
        template="network/consent.html", context=lambda: {
            "family": family, "record": record, "can_edit": can_edit, "withdraw_form": WithdrawForm(),
            "problems": consent_rules.record_problems(record, on=timezone.localdate()),
            "givers": list(record.givers.all()), "shares": list(record.shares.select_related("shared_by")[:50])})


@require_POST
@login_required
@dossier
def consent_withdraw(request: SpalkRequest, consent_id: int) -> HttpResponse:
    record = policy.access_consent(user=request.user, consent_id=consent_id, action=Action.EDIT)
    form = WithdrawForm(request.POST)
    return form_view(request, form, save=lambda d: consent_rules.consent_withdraw(
        actor=request.user, record=record, note=d["note"]), success=reverse("network:consent", args=[record.pk]),
        message=_("The consent is withdrawn. From now on nothing can be shared under it."),
        template="network/form.html", context={"family": record.family, "title": _("Withdraw consent")})


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def share_create(request: SpalkRequest, family_id: int) -> HttpResponse:
    family = policy.access_family(user=request.user, family_id=family_id, action=Action.EDIT)
    if not policy.can_share_with_partners(user=request.user, family=family):
        raise PermissionDenied
    today = timezone.localdate()
    records = [s.record for s in selectors.consent_states(user=request.user, family=family, on=today) if s.valid]
    form = ShareForm(
        request.POST or None, initial={"report": request.GET.get("report"), "kind": request.GET.get("kind")},
        consents=policy.visible_consents(user=request.user, family=family).filter(
            pk__in=[r.pk for r in records]).select_related("organisation"),
        reports=policy.visible_reports(user=request.user).filter(family=family, status="issued"),
        notes=policy.visible_notes(user=request.user, family=family).order_by("-moment")[:100],
        persons=policy.visible_persons(user=request.user).filter(memberships__family=family))
    if request.method == "POST":
        # the note list is sliced for the choice list; a posted note is looked up among all visible notes
        cast(ModelChoiceField, form.fields["note"]).queryset = policy.visible_notes(user=request.user, family=family)
        # a consent withdrawn (or ended) since the form was opened is still accepted here, so that the sharing
        # rule refuses it with its reason instead of a bare "not a valid choice"
        cast(ModelChoiceField, form.fields["consent"]).queryset = policy.visible_consents(
            user=request.user, family=family).exclude(scope="registration").select_related("organisation")

    def save(d):
        return consent_rules.share_create(actor=request.user, family=family, data=consent_rules.ShareInput(
            kind=d["kind"], consent=d["consent"], report=d["report"], note=d["note"], summary=d["summary"],
            concerns=list(d["concerns"])))

    return form_view(request, form, save=save, success=_family_url(family.pk), template="network/share.html",
                     message=lambda s: _("Shared with %(to)s.") % {"to": s.recipient_label},
                     context={"family": family, "title": _("Share with a partner"),
                              "no_consent": not records and not form.is_bound})


@require_GET
@login_required
@dossier
def share_file(request: SpalkRequest, share_id: int) -> HttpResponse:
    """What a share delivered, as it went out (checked against its sha256), for the worker to send through a
    secure channel. Only for those who may share with partners (403 for the others who see the family); audited
    as an export."""
    share = policy.access_share(user=request.user, share_id=share_id)
    if not policy.can_share_with_partners(user=request.user, family=share.family):
        raise PermissionDenied
    try:
        content = artefacts.artefact_bytes(share=share)
    except DomainError as exc:
        if exc.code == "integrity":
            raise
        raise Http404 from None  # recorded before spalk kept the shared content: there is no file to give
    audit_record(actor=request.user, action=AuditAction.EXPORT, target=share, family=share.family,
                 extra={"format": "pdf", "artefact_sha256": share.artefact_sha256, "consent_id": share.consent_id})
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{artefacts.artefact_filename(share)}"'
    response["Cache-Control"] = "no-store"
    return response


# --- Network meetings --------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def meeting_create(request: SpalkRequest, family_id: int) -> HttpResponse:
    family = policy.access_family(user=request.user, family_id=family_id, action=Action.EDIT)
    form = MeetingForm(request.POST or None, organisations=_organisations(family),
                       staff=centre_staff(centre_id=family.centre_id), initial={"held_on": timezone.localdate()})
    return form_view(request, form, save=lambda d: services.meeting_create(actor=request.user, family=family, data=d),
                     success=lambda m: reverse("network:meeting", args=[m.pk]), template="network/form.html",
                     message=_("Network meeting recorded. Add the agreements."),
                     context={"family": family, "title": _("New network meeting")})


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def meeting_detail(request: SpalkRequest, meeting_id: int) -> HttpResponse:
    meeting = policy.access_meeting(user=request.user, meeting_id=meeting_id)
    can_edit = policy.can(user=request.user, family=meeting.family, action=Action.EDIT)
    if request.method == "POST":
        _editable(request, meeting.family)
    form = AgreementForm(request.POST or None, staff=centre_staff(centre_id=meeting.centre_id))
    return form_view(
        request, form, save=lambda d: services.agreement_add(actor=request.user, meeting=meeting, data=d),
        success=reverse("network:meeting", args=[meeting.pk]), message=_("Agreement added."),
        template="network/meeting.html", context=lambda: {
            "family": meeting.family, "meeting": meeting, "can_edit": can_edit,
            "agreements": list(meeting.agreements.select_related("responsible")),
            "organisations": list(meeting.organisations.all()), "staff": list(meeting.staff.all())})


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def meeting_edit(request: SpalkRequest, meeting_id: int) -> HttpResponse:
    meeting = policy.access_meeting(user=request.user, meeting_id=meeting_id, action=Action.EDIT)
    initial = {k: getattr(meeting, k) for k in services.MEETING_FIELDS}
    initial.update(version=meeting.version, organisations=list(meeting.organisations.all()),
                   staff=list(meeting.staff.all()))
    form = MeetingForm(request.POST or None, initial=initial, organisations=_organisations(meeting.family),
                       staff=centre_staff(centre_id=meeting.centre_id))
    return form_view(request, form, save=lambda d: services.meeting_update(
        actor=request.user, meeting=meeting, data={k: v for k, v in d.items() if k != "version"},
        version=d["version"]), success=reverse("network:meeting", args=[meeting.pk]), message=_("Changes saved."),
        template="network/form.html", context={"family": meeting.family, "title": _("Edit network meeting")})


@require_POST
@login_required
@dossier
def agreement_done(request: SpalkRequest, agreement_id: int) -> HttpResponse:
    agreement = policy.access_agreement(user=request.user, agreement_id=agreement_id, action=Action.EDIT)
    services.agreement_set_done(actor=request.user, agreement=agreement, done=request.POST.get("done") == "1")
    target = request.POST.get("next", "")
    safe = target.startswith("/") and not target.startswith("//")
    return redirect(target if safe else reverse("network:meeting", args=[agreement.meeting_id]))


# --- Referrals out -----------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def referral_create(request: SpalkRequest, family_id: int) -> HttpResponse:
    family = policy.access_family(user=request.user, family_id=family_id, action=Action.EDIT)
    form = ReferralForm(request.POST or None, organisations=_organisations(family), contacts=_contacts(family),
                        support_forms=SupportForm.objects.order_by("order"),
                        initial={"support_form": SupportForm.objects.filter(key=request.GET.get("form", "")).first()})
    return form_view(request, form, save=lambda d: services.referral_create(actor=request.user, family=family,
                                                                           data=d),
                     success=lambda r: reverse("network:referral", args=[r.pk]), template="network/form.html",
                     message=_("Referral proposed."), context={"family": family, "title": _("Refer the family")})


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def referral_detail(request: SpalkRequest, referral_id: int) -> HttpResponse:
    referral = policy.access_referral(user=request.user, referral_id=referral_id)
    can_edit = policy.can(user=request.user, family=referral.family, action=Action.EDIT)
    if request.method == "POST":
        _editable(request, referral.family)
    form = ReferralUpdateForm(request.POST or None, initial={
        **{k: getattr(referral, k) for k in services.REFERRAL_FIELDS}, "version": referral.version})
    return form_view(request, form, save=lambda d: services.referral_update(
        actor=request.user, referral=referral, data={k: d[k] for k in services.REFERRAL_FIELDS},
        version=d["version"]), success=reverse("network:referral", args=[referral.pk]),
        message=_("Changes saved."), template="network/referral.html",
        context={"family": referral.family, "referral": referral, "can_edit": can_edit})


# --- Signals to policy ------------------------------------------------------------------------------------------

def _period(request: SpalkRequest) -> str:
    from spalk.network.signals import PERIODS

    value = request.GET.get("period", "")
    return value if value in PERIODS else "quarter"


SIGNALS = "signals to policy: categories and regions without names; the family link is never shown"


@require_http_methods(["GET", "POST"])
@login_required
@staff_only(SIGNALS)
def signals(request: SpalkRequest) -> HttpResponse:
    centres = list(Centre.objects.filter(pk__in=policy.signal_centres(user=request.user)).order_by("name"))
    if not centres:
        raise Http404
    form = SignalForm(request.POST or None, centres=centres, initial={"noted_on": timezone.localdate()})
    return form_view(
        request, form, save=lambda d: services.signal_record(
            actor=request.user, centre=next(c for c in centres if c.pk == d["centre"]), data=d),
        success=reverse("network:signals"), message=_("Signal recorded. Thank you."),
        template="network/signals.html", context=lambda: {
            "recent": selectors.recent_signals(centre_ids=[c.pk for c in centres]),
            "can_read_figures": bool(policy.signal_reader_centres(user=request.user))})


@require_GET
@login_required
@staff_only(SIGNALS)
def signal_figures(request: SpalkRequest) -> HttpResponse:
    from spalk.network import signals as figures

    centres = policy.signal_reader_centres(user=request.user)
    if not centres:
        raise Http404
    period = _period(request)
    cells = figures.aggregate(centre_ids=centres, period=period)
    return render(request, "network/figures.html", {
        "cells": [(figures.period_label(c.period, period), c) for c in cells], "period": period,
        "periods": figures.PERIODS, "min_cell": figures.min_cell()})


@require_GET
@login_required
@reauthentication_required
@staff_only(SIGNALS + "; the export holds only the figures that pass the minimum cell size")
def signal_export(request: SpalkRequest) -> StreamingHttpResponse:
    """CSV for policy makers: period, category, eerstelijnszone, count or "onderdrukt". Re-authenticated, audited."""
    from spalk.network import signals as figures

    centres = policy.signal_reader_centres(user=request.user)
    if not centres:
        raise Http404
    period = _period(request)
    cells = figures.aggregate(centre_ids=centres, period=period)
    audit_record(actor=request.user, action=AuditAction.EXPORT, object_type="network.policysignal",
                 extra={"period": period, "centres": centres, "cells": len(cells), "min_cell": figures.min_cell()})
    writer = csv_writer()
    suppressed = _("suppressed (fewer than %(n)s families)") % {"n": figures.min_cell()}

    def rows():
        yield "\ufeff" + writer.writerow([_("period"), _("category"), _("eerstelijnszone"), _("number of signals")])
        for c in cells:
            yield writer.writerow([figures.period_label(c.period, period), c.category_label, c.zone,
                                   suppressed if c.suppressed else c.count])

    stamp = timezone.localtime().strftime("%Y%m%d")
    return StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8",
                                 headers={"Content-Disposition": f'attachment; filename="signalen-{stamp}.csv"'})
