"""Reports: the evolutieverslag and the eindverslag, assembled from the plan, its evaluations, the trajectory and
the logbook notes the author chooses, edited as sections of text, rendered as an official PDF (WeasyPrint).

- ``report_draft`` assembles a draft; ``report_update`` changes its text (optimistic locking on ``version``);
- ``report_issue`` freezes it: the content as JSON and the PDF are stored with their sha256 (the PDF through
  the ``reports`` storage), and nothing changes again (``ReportFrozenError``, the API's 409);
- ``report_send`` sends an issued report: a share with a partner (spalk.network) under the family's consent record
  or legal basis — the one sharing rule — with the recipient's kind and the day it was sent;
- reports to the OCJ or the youth court carry the mandate (in the PDF's identification block).
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from spalk.access.policy import visible_notes
from spalk.access.withholding import WithholdReason, withholding_apply
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_record
from spalk.core.errors import ConcurrentEditError, DomainError, raise_if_any
from spalk.families.models import FamilyMember, MemberRole
from spalk.plans.models import (
    Evaluation,
    Goal,
    Plan,
    PlanStatus,
    RecipientKind,
    Report,
    ReportKind,
    ReportSection,
    ReportSending,
    ReportStatus,
)

SOURCES = ("trajectory", "plan", "evaluations", "logbook")
MAX_SECTION = 50_000
TOC_FROM_SECTIONS = 4  # a table of contents for longer reports


class ReportFrozenError(ConcurrentEditError):
    def __init__(self) -> None:
        super().__init__(_("This report has been issued and can no longer be changed. Write a new report to add "
                           "something."))
        self.code = "frozen"


def _mandate(family: Any) -> str:
    from spalk.intake.models import Registration

    registration = Registration.objects.filter(family=family).order_by("-received_on", "-pk").first()
    return registration.mandate if registration is not None else ""


def mandate_label(value: str) -> str:
    from spalk.intake.models import Mandate

    return str(dict(Mandate.choices).get(value, "")) if value else ""


def _person(goal: Goal) -> str:
    return goal.person.full_name if goal.person else _("the whole family")


def _d(day: datetime.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else "—"


def _trajectory_text(trajectory: Any) -> str:
    lines = [_("Admitted on %(date)s; phase: %(phase)s.") % {"date": _d(trajectory.admitted_on),
                                                             "phase": trajectory.get_phase_display()}]
    for e in trajectory.episodes.select_related("member__person").order_by("start_date", "pk"):
        lines.append(_("%(name)s: %(module)s from %(start)s until %(end)s.") % {
            "name": e.member.person.full_name, "module": e.get_module_code_display(), "start": _d(e.start_date),
            "end": _d(e.actual_end or e.planned_end)})
    if trajectory.closed_on:
        lines.append(_("Closed on %(date)s.") % {"date": _d(trajectory.closed_on)})
    return "\n".join(lines)


def _plan_text(goals: list[Goal]) -> str:
    blocks = []
    for g in goals:
        lines = [f"{g.get_life_domain_display().capitalize()} – {_person(g)} ({g.get_status_display()})"]
        if g.family_words:
            lines.append(_("In the family's own words: “%(words)s”") % {"words": g.family_words})
        if g.worker_words:
            lines.append(_("Worker's formulation: %(words)s") % {"words": g.worker_words})
        if g.parent_view:
            lines.append(_("The parent's view: %(words)s") % {"words": g.parent_view})
        if g.child_view:
            lines.append(_("The child's view (%(source)s): %(words)s") % {"source": g.get_child_view_source_display(),
                                                                           "words": g.child_view})
        for a in g.actions.all():
            lines.append(f"• {a.who}: {a.what}" + (f" ({_('by')} {_d(a.due_on)})" if a.due_on else ""))
        methods = ", ".join(m.name for m in g.methods.all())
        if methods:
            lines.append(_("Methods: %(methods)s") % {"methods": methods})
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _evaluations_text(goals: list[Goal], rows: list[Evaluation]) -> str:
    by_lineage: dict[Any, list[Evaluation]] = {}
    for e in rows:
        by_lineage.setdefault(e.lineage, []).append(e)
    blocks = []
    for g in goals:
        found = by_lineage.get(g.lineage)
        if not found:
            continue
        lines = [f"{g.get_life_domain_display().capitalize()} – {_person(g)}"]
        for e in found:
            line = f"{_d(e.evaluated_on)}: {e.get_progress_display()}; {_('decision')}: {e.get_decision_display()}."
            if e.comment:
                line += f" {e.comment}"
            if e.family_comment:
                line += " " + _("The family: %(words)s") % {"words": e.family_comment}
            lines.append(line)
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) or _("No evaluations in this period.")


def _logbook_text(notes: list[Any]) -> str:
    return "\n".join(f"{n.moment:%d/%m/%Y} ({n.get_category_display()}): {n.text}" for n in notes)


def _methods_used(goals: list[Goal], notes: list[Any]) -> str:
    names: dict[str, int] = {}
    for g in goals:
        for m in g.methods.all():
            names[m.name] = names.get(m.name, 0) + 1
    for n in notes:
        for m in n.methods.all():
            names[m.name] = names.get(m.name, 0) + 1
    return ", ".join(f"{name} ({count})" for name, count in sorted(names.items(), key=lambda kv: (-kv[1], kv[0])))


@dataclass
class DraftInput:
    kind: str
    period_start: datetime.date
    period_end: datetime.date
    sources: tuple[str, ...] = SOURCES
    note_ids: tuple[int, ...] = ()


def report_draft_problems(*, trajectory: Any, data: DraftInput) -> list[DomainError]:
    problems = []
    if data.kind not in ReportKind.values:
        problems.append(DomainError(_("Choose the kind of report."), field="kind"))
    if data.period_end < data.period_start:
        problems.append(DomainError(_("The period ends before it begins."), field="period_end"))
    if data.period_end > timezone.localdate():
        problems.append(DomainError(_("A report is about what happened: the period cannot end in the future."),
                                    field="period_end"))
    if data.kind == ReportKind.FINAL and trajectory.is_open:
        problems.append(DomainError(_("A final report is written when the trajectory is closed. Close the "
                                      "trajectory first, or write a progress report."), field="kind"))
    if any(s not in SOURCES for s in data.sources):
        problems.append(DomainError(_("Choose what the report is assembled from."), field="sources"))
    return problems


def report_draft(*, actor: Any, trajectory: Any, data: DraftInput) -> Report:
    """A draft report with its sections assembled from the chosen sources (the author rewrites them freely)."""
    raise_if_any(report_draft_problems(trajectory=trajectory, data=data))
    family = trajectory.family
    plan = (Plan.objects.filter(trajectory=trajectory, status=PlanStatus.SIGNED).order_by("-version").first()
            or Plan.objects.filter(trajectory=trajectory).order_by("-version").first())
    goals = list(Goal.objects.filter(plan=plan).select_related("person").prefetch_related(
        "methods", "actions").order_by("order", "pk")) if plan else []
    notes = []
    if data.note_ids:
        notes = list(visible_notes(user=actor, family=family).filter(pk__in=data.note_ids).prefetch_related(
            "methods").order_by("moment", "pk"))
        if len(notes) != len(set(data.note_ids)):
            raise DomainError(_("Choose notes of this family's logbook."), field="note_ids")
    evaluations = list(Evaluation.objects.filter(
        family=family, lineage__in=[g.lineage for g in goals], evaluated_on__gte=data.period_start,
        evaluated_on__lte=data.period_end).order_by("evaluated_on", "pk"))
    kind_label = (_("Progress report") if data.kind == ReportKind.PROGRESS else _("Final report"))
    sections: list[tuple[str, str, str]] = []
    if "trajectory" in data.sources:
        sections.append(("trajectory", _("The trajectory"), _trajectory_text(trajectory)))
    if "plan" in data.sources:
        title = _("Action plan (version %(v)s)") % {"v": plan.version} if plan else _("Action plan")
        sections.append(("plan", title, _plan_text(goals) or _("There is no action plan yet.")))
    if "evaluations" in data.sources:
        sections.append(("evaluations", _("Evaluations"), _evaluations_text(goals, evaluations)))
    if "logbook" in data.sources and notes:
        sections.append(("logbook", _("From the logbook"), _logbook_text(notes)))
    used = _methods_used(goals, notes)
    if used:
        sections.append(("methods", _("Methods used"), used))
    sections.append(("free", _("Conclusion and proposal"), ""))
    with transaction.atomic():
        report = Report.objects.create(
            trajectory=trajectory, family=family, plan=plan, kind=data.kind,
            title=f"{kind_label} – {family.name}", period_start=data.period_start, period_end=data.period_end,
            mandate=_mandate(family), created_by=actor,
            signatories=[{"name": str(actor), "capacity": _("author")}])
        ReportSection.objects.bulk_create([ReportSection(report=report, source=source, title=title, body=body,
                                                         order=i) for i, (source, title, body) in enumerate(sections)])
        audit_record(actor=actor, action=AuditAction.CREATE, target=report, family=family,
                     fields=["kind", "period", "sections"], extra={"sources": list(data.sources),
                                                                  "notes": len(notes)})
    return report


@dataclass
class SectionInput:
    id: int | None
    title: str
    body: str


def report_update(*, actor: Any, report: Report, version: int, title: str, period_start: datetime.date,
                  period_end: datetime.date, family_comment: str, signatories: list[dict[str, str]],
                  sections: list[SectionInput]) -> Report:
    """Change the text of a draft report; 409 once it is issued or when someone else saved it first."""
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if locked.is_issued:
            raise ReportFrozenError()
        if version != locked.version:
            raise ConcurrentEditError()
        problems = []
        if not title.strip():
            problems.append(DomainError(_("Give the report a title."), field="title"))
        if period_end < period_start:
            problems.append(DomainError(_("The period ends before it begins."), field="period_end"))
        if any(len(s.body) > MAX_SECTION for s in sections):
            problems.append(DomainError(_("A section is too long. Split it into several sections."),
                                        field="sections"))
        if any(not s.title.strip() and s.body.strip() for s in sections):
            problems.append(DomainError(_("Every section with text has a title."), field="sections"))
        raise_if_any(problems)
        existing = {s.pk: s for s in locked.sections.all()}
        keep = []
        for i, s in enumerate(sections):
            if not s.title.strip() and not s.body.strip():
                continue
            row = existing.get(s.id) if s.id else None
            if row is None:
                row = ReportSection(report=locked, source="free")
            row.title, row.body, row.order = s.title.strip(), s.body.rstrip(), i
            row.save()
            keep.append(row.pk)
        locked.sections.exclude(pk__in=keep).delete()
        locked.title, locked.period_start, locked.period_end = title.strip(), period_start, period_end
        locked.family_comment = family_comment.strip()
        locked.signatories = [s for s in signatories if s.get("name", "").strip()]
        locked.version += 1
        locked.save()
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, family=locked.family,
                     fields=["title", "period", "family_comment", "signatories", "sections"])
    return locked


def report_mark_withheld(*, actor: Any, report: Report, version: int, withheld: bool, reason: str) -> Report:
    """Set or clear the shared "withheld from the family" mark on a report (BRIEF.md §7). The mark decides who may
    read the report, not what it says, so an issued (frozen) report can be marked too; its text and PDF stay."""
    if withheld and reason not in WithholdReason.values:
        raise DomainError(_("Choose why this is withheld from the family."), field="withheld_reason")
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if version != locked.version:
            raise ConcurrentEditError()
        changed = withholding_apply(locked, actor=actor, withheld=withheld, reason=reason, now=timezone.now())
        if not changed:
            return locked
        locked.version += 1
        locked.save(update_fields=[*changed, "withheld_by", "withheld_at", "version"])
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, family=locked.family, fields=changed)
    return locked


def report_content(*, report: Report) -> dict:
    """Everything the PDF shows, as plain data (frozen as ``issued_content`` on issue)."""
    family, centre = report.family, report.family.centre
    members = FamilyMember.objects.filter(family=family).select_related("person").order_by("role", "pk")
    return {
        "report_id": report.pk, "reference": f"{family.reference}-R{report.pk}", "title": report.title,
        "kind": report.kind, "kind_label": str(report.get_kind_display()),
        "period_start": report.period_start.isoformat(), "period_end": report.period_end.isoformat(),
        "mandate": report.mandate, "mandate_label": mandate_label(report.mandate),
        "centre": {"name": centre.name, "organisation": centre.organisation, "address": centre.address,
                   "phone": centre.phone, "email": centre.email, "website": centre.website},
        "family": {"name": family.name, "reference": family.reference,
                   "members": [{"name": m.person.full_name, "role": str(m.get_role_display()),
                                "birth_date": m.person.birth_date.isoformat() if m.person.birth_date else None}
                               for m in members if m.role != MemberRole.NETWORK]},
        "admitted_on": report.trajectory.admitted_on.isoformat(),
        "plan_version": report.plan.version if report.plan else None,
        "sections": [{"title": s.title, "body": s.body} for s in report.sections.all()],
        "family_comment": report.family_comment,
        "signatories": report.signatories,
        "author": str(report.created_by) if report.created_by else "",
    }


def _display(content: dict) -> dict:
    shown = dict(content)
    for key in ("period_start", "period_end", "admitted_on"):
        shown[key] = datetime.date.fromisoformat(content[key])
    shown["family"] = {**content["family"], "members": [
        {**m, "birth_date": datetime.date.fromisoformat(m["birth_date"]) if m["birth_date"] else None}
        for m in content["family"]["members"]]}
    return shown


def render_pdf(*, content: dict, issued_at: datetime.datetime | None, draft: bool) -> tuple[bytes, int]:
    """The PDF and its number of pages."""
    from weasyprint import HTML

    html = render_to_string("plans/report_pdf.html", {
        "c": _display(content), "issued_at": issued_at, "draft": draft,
        "toc": len(content["sections"]) >= TOC_FROM_SECTIONS
        or sum(len(s["body"]) for s in content["sections"]) > 6000,
        "printed_on": timezone.localdate()})
    document = HTML(string=html).render()
    return document.write_pdf(), len(document.pages)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def canonical(content: dict) -> bytes:
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def report_issue(*, actor: Any, report: Report, version: int) -> Report:
    """Freeze the report: content and PDF stored with their sha256 (file through the ``reports`` storage)."""
    with transaction.atomic():
        locked = Report.objects.select_for_update(of=("self",)).select_related(
            "family__centre", "trajectory", "plan", "created_by").get(pk=report.pk)
        if locked.is_issued:
            raise ReportFrozenError()
        if version != locked.version:
            raise ConcurrentEditError()
        problems = []
        if not any(s.body.strip() for s in locked.sections.all()):
            problems.append(DomainError(_("An empty report cannot be issued. Write the sections first."),
                                        field="sections"))
        if not locked.signatories:
            problems.append(DomainError(_("Say who signs the report."), field="signatories"))
        raise_if_any(problems)
        now = timezone.now()
        content = report_content(report=locked)
        content["issued_at"] = now.isoformat()
        pdf, pages = render_pdf(content=content, issued_at=now, draft=False)
        locked.status = ReportStatus.ISSUED
        locked.issued_at, locked.issued_by = now, actor
        locked.issued_content = content
        locked.content_sha256 = _sha256(canonical(content))
        locked.pdf_sha256 = _sha256(pdf)
        locked.pdf_pages = pages
        locked.pdf.save(f"{locked.pk}.pdf", ContentFile(pdf), save=False)
        locked.version += 1
        locked.save()
        audit_record(actor=actor, action=AuditAction.UPDATE, target=locked, family=locked.family,
                     fields=["status", "issued_content", "pdf"], extra={"pdf_sha256": locked.pdf_sha256})
    return locked


def issued_pdf(*, report: Report) -> bytes:
    """The stored PDF of an issued report, checked against its hash (a changed file is never served)."""
    if not report.is_issued or not report.pdf:
        raise DomainError(_("This report has not been issued yet."))
    with report.pdf.open("rb") as handle:
        data = handle.read()
    if _sha256(data) != report.pdf_sha256:
        raise DomainError(_("The stored PDF does not match its fingerprint. Contact the administrator."),
                          code="integrity")
    return data


def preview_pdf(*, report: Report) -> bytes:
    """A draft's PDF, marked as a draft (not stored)."""
    pdf, _pages = render_pdf(content=report_content(report=report), issued_at=None, draft=True)
    return pdf


COURT_OR_OCJ = frozenset({RecipientKind.OCJ, RecipientKind.COURT})


@dataclass
class SendingInput:
    """``consent``: the family's consent record or legal basis (spalk.network) the report is shared under."""

    recipient_kind: str
    sent_on: datetime.date | None
    consent: Any = None
    recipient_name: str = ""


def report_send_problems(*, report: Report, data: SendingInput) -> list[DomainError]:
    """What the report's page checks before the one sharing rule of spalk.network (which ``report_send`` applies
    under a row lock on the consent)."""
    from spalk.network.models import Basis

    problems = []
    if not report.is_issued:
        problems.append(DomainError(_("Issue the report before you send it."), code="draft"))
    if data.recipient_kind not in RecipientKind.values:
        problems.append(DomainError(_("Choose the recipient."), field="recipient_kind"))
    if data.sent_on is None:
        problems.append(DomainError(_("Fill in the day it was sent."), field="sent_on"))
    elif data.sent_on > timezone.localdate():
        problems.append(DomainError(_("The day it was sent cannot be in the future."), field="sent_on"))
    elif report.issued_at and data.sent_on < timezone.localtime(report.issued_at).date():
        problems.append(DomainError(_("A report cannot be sent before it was issued."), field="sent_on"))
    if data.consent is None:
        problems.append(DomainError(_("Choose the consent or the legal basis the report is sent under."),
                                    field="consent"))
    elif (data.consent.basis != Basis.CONSENT and data.recipient_kind in COURT_OR_OCJ
          and report.mandate in ("", "voluntary")):
        problems.append(DomainError(_("With a voluntary mandate a report goes to the OCJ or the court only with "
                                      "the family's consent."), field="consent"))
    return problems


def report_send(*, actor: Any, report: Report, data: SendingInput) -> ReportSending:
    """Send an issued report: a share with a partner under the family's consent or legal basis (the one sharing
    rule of spalk.network, refused outside its scope or period or once withdrawn), plus the recipient's kind
    and the day it was sent for the report's page."""
    from spalk.network import consent as sharing

    raise_if_any(report_send_problems(report=report, data=data))
    assert data.sent_on is not None
    with transaction.atomic():
        share = sharing.share_create(actor=actor, family=report.family, data=sharing.ShareInput(
            kind="report", consent=data.consent, report=report))
        sending = ReportSending.objects.create(
            report=report, family=report.family, share=share, recipient_kind=data.recipient_kind,
            recipient_name=(data.recipient_name.strip() or share.recipient_label)[:200], sent_on=data.sent_on,
            recorded_by=actor)
        audit_record(actor=actor, action=AuditAction.CREATE, target=sending, family=report.family,
                     fields=["recipient_kind", "recipient_name", "sent_on", "share"],
                     extra={"report_id": report.pk, "recipient_kind": data.recipient_kind, "share_id": share.pk,
                            "consent_id": share.consent_id})
    return sending
