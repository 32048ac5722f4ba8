"""Report screens: write a draft from the plan, its evaluations, the trajectory and chosen logbook notes, edit it as
sections, preview the PDF, issue it (frozen, with hashes), download or print it (audited) and record sending."""

from __future__ import annotations

import datetime

from django import forms as django_forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from spalk.access.declare import dossier
from spalk.access.policy import Action, access_report, access_trajectory, can, can_share_with_partners
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.core.forms import form_view
from spalk.core.types import SpalkRequest
from spalk.network.selectors import report_consents
from spalk.plans import forms, reports, selectors


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def report_new(request: SpalkRequest, trajectory_id: int) -> HttpResponse:
    trajectory = access_trajectory(user=request.user, trajectory_id=trajectory_id, action=Action.EDIT)
    notes = selectors.recent_notes(user=request.user, family=trajectory.family)
    today = timezone.localdate()
    last = selectors.last_report(trajectory=trajectory)
    start = (last.period_end + datetime.timedelta(days=1)) if last else trajectory.admitted_on
    form = forms.ReportNewForm(request.POST or None, notes=notes, initial={
        "kind": "final" if not trajectory.is_open else "progress", "period_start": min(start, today),
        "period_end": trajectory.closed_on or today, "sources": ["trajectory", "plan", "evaluations"]})

    def data(d) -> reports.DraftInput:
        return reports.DraftInput(kind=d["kind"], period_start=d["period_start"], period_end=d["period_end"],
                                  sources=tuple(d.get("sources") or ()),
                                  note_ids=tuple(int(n) for n in d.get("notes") or ()))

    return form_view(
        request, form, save=lambda d: reports.report_draft(actor=request.user, trajectory=trajectory, data=data(d)),
        checks=lambda d: reports.report_draft_problems(trajectory=trajectory, data=data(d))
        if {"kind", "period_start", "period_end"} <= set(d) else [],
        success=lambda report: reverse("plans:report", args=[report.pk]), message=_("Draft report written."),
        template="plans/report_new.html", context={"trajectory": trajectory, "family": trajectory.family})


def _edit_form(report, data=None) -> forms.ReportEditForm:
    sections = list(report.sections.all())
    initial = {"title": report.title, "period_start": report.period_start, "period_end": report.period_end,
               "family_comment": report.family_comment, "version": report.version,
               "signatories": "\n".join(f"{s['name']}, {s.get('capacity', '')}".rstrip(", ")
                                        for s in report.signatories)}
    for i, s in enumerate(sections):
        initial.update({f"section_id_{i}": s.pk, f"section_title_{i}": s.title, f"section_body_{i}": s.body})
    return forms.ReportEditForm(data, initial=initial, sections=len(sections))


def _context(request: SpalkRequest, report) -> dict:
    may_edit = can(user=request.user, family=report.family, action=Action.EDIT)
    return {"report": report, "family": report.family, "trajectory": report.trajectory,
            "sendings": selectors.report_sendings(report=report), "may_edit": may_edit and not report.is_issued,
            "may_issue": may_edit and not report.is_issued, "may_send": may_edit and report.is_issued
            and can_share_with_partners(user=request.user, family=report.family),
            "may_withhold": may_edit,
            "mandate_label": reports.mandate_label(report.mandate)}


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def report_detail(request: SpalkRequest, report_id: int) -> HttpResponse:
    """A draft: the editor (sections as text); an issued report: what was issued, downloads, sending."""
    report = access_report(user=request.user, report_id=report_id)
    if report.is_issued or (request.method == "GET" and not can(user=request.user, family=report.family,
                                                                 action=Action.EDIT)):
        if request.method == "POST":
            raise PermissionDenied
        return render(request, "plans/report.html", _context(request, report))
    report = access_report(user=request.user, report_id=report_id, action=Action.EDIT)
    form = _edit_form(report, request.POST or None)
    return form_view(
        request, form, save=lambda d: reports.report_update(
            actor=request.user, report=report, version=d["version"], title=d["title"],
            period_start=d["period_start"], period_end=d["period_end"], family_comment=d.get("family_comment", ""),
            signatories=form.signatory_list(), sections=[reports.SectionInput(**s) for s in form.sections()]),
        success=reverse("plans:report", args=[report.pk]), message=_("Report saved."),
        template="plans/report.html", context=lambda: _context(request, report))


def _pdf_response(content: bytes, *, filename: str, download: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@login_required
@dossier
def report_pdf(request: SpalkRequest, report_id: int) -> HttpResponse:
    """The PDF: the stored one of an issued report (checked against its hash), else a marked draft preview.
    ``?download=1`` downloads it (audited as an export), otherwise it opens to print (audited as a print)."""
    report = access_report(user=request.user, report_id=report_id)
    download = request.GET.get("download") == "1"
    content = reports.issued_pdf(report=report) if report.is_issued else reports.preview_pdf(report=report)
    audit_record(actor=request.user, action=AuditAction.EXPORT if download else AuditAction.PRINT, target=report,
                 family=report.family, extra={"format": "pdf", "issued": report.is_issued,
                                              "pdf_sha256": report.pdf_sha256 or None})
    name = f"{report.family.reference}-R{report.pk}{'' if report.is_issued else '-ontwerp'}.pdf"
    return _pdf_response(content, filename=name, download=download)


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def report_issue(request: SpalkRequest, report_id: int) -> HttpResponse:
    report = access_report(user=request.user, report_id=report_id, action=Action.EDIT)

    class IssueForm(django_forms.Form):
        version = django_forms.IntegerField(widget=django_forms.HiddenInput)

    form = IssueForm(request.POST if request.method == "POST" else None, initial={"version": report.version})
    return form_view(
        request, form, save=lambda d: reports.report_issue(actor=request.user, report=report, version=d["version"]),
        confirm=_("Issue this report? Its text and PDF are then frozen and can no longer change."),
        confirm_button=_("Issue the report"), success=reverse("plans:report", args=[report.pk]),
        message=_("The report is issued. Its PDF is stored with its fingerprint."),
        template="plans/report_issue.html", context=lambda: _context(request, report))


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def report_send(request: SpalkRequest, report_id: int) -> HttpResponse:
    """Send an issued report: a share with a partner under a consent record or legal basis of the family (the
    one sharing rule of spalk.network); the share keeps the report's frozen PDF for the worker to send."""
    report = access_report(user=request.user, report_id=report_id, action=Action.EDIT)
    if not can_share_with_partners(user=request.user, family=report.family):
        raise PermissionDenied
    consents = report_consents(user=request.user, family=report.family)
    form = forms.ReportSendForm(request.POST or None, consents=consents, initial={"sent_on": timezone.localdate()})

    def data(d) -> reports.SendingInput:
        return reports.SendingInput(recipient_kind=d.get("recipient_kind", ""), sent_on=d.get("sent_on"),
                                    consent=d.get("consent"), recipient_name=d.get("recipient_name", ""))

    return form_view(
        request, form, save=lambda d: reports.report_send(actor=request.user, report=report, data=data(d)),
        checks=lambda d: reports.report_send_problems(report=report, data=data(d)),
        success=reverse("plans:report", args=[report.pk]), message=_("Sending recorded."),
        template="plans/report_send.html", context=lambda: {**_context(request, report),
                                                            "no_consent": not consents.exists()})


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def report_withhold(request: SpalkRequest, report_id: int) -> HttpResponse:
    """Withhold a report from the family (or stop withholding it), with the reason the brief allows."""
    report = access_report(user=request.user, report_id=report_id, action=Action.EDIT)
    form = forms.WithholdForm(request.POST or None, initial={
        "withheld": report.withheld_from_family, "withheld_reason": report.withheld_reason,
        "version": report.version})
    return form_view(
        request, form, save=lambda d: reports.report_mark_withheld(
            actor=request.user, report=report, version=d["version"], withheld=bool(d.get("withheld")),
            reason=d.get("withheld_reason") or ""),
        success=reverse("plans:report", args=[report.pk]),
        message=lambda r: _("The report is withheld from the family.") if r.withheld_from_family
        else _("The family may see this report again."),
        template="plans/report_withhold.html", context=lambda: _context(request, report))
