"""Reports: assembled from the plan, evaluations, trajectory and chosen notes; an official PDF whose text holds the
goals, the family's words and the signatures; frozen on issue with hashes; sending as a share under a consent or
legal basis (spalk.network); audited downloads."""

from __future__ import annotations

import datetime
import hashlib
import io

import pytest
from django.db import transaction
from django.utils import timezone
from pypdf import PdfReader

from spalk.audit.models import AuditEvent
from spalk.core.errors import DomainError
from spalk.plans import reports
from spalk.plans.evaluations import EvaluationInput, evaluation_round
from spalk.plans.models import Report, ReportSending
from spalk.testing.clock import keep_day

TODAY = timezone.localdate()
_same_day = keep_day(TODAY)  # a run across midnight keeps this day
DAY = datetime.timedelta(days=1)


def _text(pdf: bytes) -> tuple[str, int]:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages), len(reader.pages)


@pytest.fixture
def evaluated(signed_plan, counsellor):
    goal = signed_plan.goals.order_by("order").first()
    with transaction.atomic():
        evaluation_round(actor=counsellor, plan=signed_plan, evaluated_on=TODAY, items=[
            EvaluationInput(goal=goal, progress=4, decision="continue", comment="Het badmoment loopt rustiger.",
                            family_comment="Ik voel me zekerder.")])
    return signed_plan


def _draft(trajectory, actor, **kw):
    data = reports.DraftInput(kind="progress", period_start=trajectory.admitted_on, period_end=TODAY, **kw)
    return reports.report_draft(actor=actor, trajectory=trajectory, data=data)


def test_draft_is_assembled_from_plan_evaluations_and_trajectory(evaluated, counsellor):
    report = _draft(evaluated.trajectory, counsellor)
    bodies = {s.source: s.body for s in report.sections.all()}
    assert "Ik wil rustig blijven." in bodies["plan"]  # the family's own words
    assert "Het badmoment loopt rustiger." in bodies["evaluations"] and "Ik voel me zekerder." in bodies["evaluations"]
    assert "Opgenomen op" in bodies["trajectory"]
    assert "logbook" not in bodies  # no notes chosen
    assert AuditEvent.objects.filter(action="create", object_type="plans.report").count() == 1


def test_chosen_logbook_notes_are_included_and_others_refused(evaluated, counsellor, family, other_family, director):
    from spalk.logbook.models import Note

    note = Note.objects.create(centre=family.centre, family=family, author=counsellor, category="child_work",
                               text="Lars stapte vandaag zijn eerste stapjes.")
    report = _draft(evaluated.trajectory, counsellor, note_ids=(note.pk,))
    assert "eerste stapjes" in report.sections.get(source="logbook").body
    foreign = Note.objects.create(centre=other_family.centre, family=other_family, author=director,
                                  category="child_work", text="Niet van dit gezin")
    with pytest.raises(DomainError):
        _draft(evaluated.trajectory, counsellor, note_ids=(foreign.pk,))


def test_a_final_report_needs_a_closed_trajectory(trajectory, counsellor):
    with pytest.raises(DomainError, match="afgesloten"):
        reports.report_draft(actor=counsellor, trajectory=trajectory, data=reports.DraftInput(
            kind="final", period_start=trajectory.admitted_on, period_end=TODAY))


def test_issued_pdf_holds_goals_family_words_signatures_and_is_frozen(evaluated, counsellor, mother):
    report = _draft(evaluated.trajectory, counsellor)
    report = reports.report_update(
        actor=counsellor, report=report, version=report.version, title=report.title,
        period_start=report.period_start, period_end=report.period_end,
        family_comment="Ik ben het eens met dit verslag.",
        signatories=[{"name": "An Peeters", "capacity": "trajectbegeleider"},
                     {"name": mother.full_name, "capacity": "moeder"}],
        sections=[reports.SectionInput(id=s.pk, title=s.title, body=s.body) for s in report.sections.all()])
    issued = reports.report_issue(actor=counsellor, report=report, version=report.version)
    pdf = reports.issued_pdf(report=issued)
    assert hashlib.sha256(pdf).hexdigest() == issued.pdf_sha256
    assert issued.content_sha256 == hashlib.sha256(reports.canonical(issued.issued_content)).hexdigest()
    text, pages = _text(pdf)
    assert 1 <= pages <= 6 and pages == issued.pdf_pages
    for needle in ("Ik wil rustig blijven.", "Een eigen huis.", "An Peeters", mother.full_name,
                   "Ik ben het eens met dit verslag.", "Vertrouwelijk", "CIG Test", "Evolutieverslag",
                   f"pagina 1 van {pages}", "Eigen commentaar van het gezin"):
        assert needle in " ".join(text.split()), needle
    # frozen: no edit, no second issue; the stored file is what is served
    with pytest.raises(reports.ReportFrozenError):
        reports.report_update(actor=counsellor, report=issued, version=issued.version, title="x",
                              period_start=issued.period_start, period_end=issued.period_end, family_comment="",
                              signatories=[], sections=[])
    with pytest.raises(reports.ReportFrozenError):
        reports.report_issue(actor=counsellor, report=issued, version=issued.version)


def test_a_tampered_pdf_is_never_served(evaluated, counsellor):
    report = _draft(evaluated.trajectory, counsellor)
    issued = reports.report_issue(actor=counsellor, report=report, version=report.version)
    with issued.pdf.open("wb") as handle:
        handle.write(b"%PDF-1.4 changed")
    with pytest.raises(DomainError, match="vingerafdruk"):
        reports.issued_pdf(report=Report.objects.get(pk=issued.pk))


def test_long_report_has_a_table_of_contents_and_sane_page_count(evaluated, counsellor):
    report = _draft(evaluated.trajectory, counsellor)
    long_text = "\n".join(f"Observatie {i}: moeder en kind spelen samen, moeder volgt het tempo van het kind." for i
                          in range(400))
    report = reports.report_update(
        actor=counsellor, report=report, version=report.version, title=report.title,
        period_start=report.period_start, period_end=report.period_end, family_comment="",
        signatories=report.signatories,
        sections=[*[reports.SectionInput(id=s.pk, title=s.title, body=s.body) for s in report.sections.all()],
                  reports.SectionInput(id=None, title="Observaties", body=long_text)])
    pdf, pages = reports.render_pdf(content=reports.report_content(report=report), issued_at=None, draft=True)
    text, counted = _text(pdf)
    assert counted == pages and 8 <= pages <= 40
    assert "Inhoud" in text and "ONTWERP" in text


def _record(family, actor, *, basis="consent", givers=(), scope="reports", note=""):
    """A consent record (or legal basis) of the family in spalk.network: the only basis a report is sent on."""
    from spalk.network import consent as sharing

    return sharing.consent_record_create(actor=actor, family=family, data=sharing.RecordInput(
        basis=basis, scope=scope, purpose="Verslag voor de opvolging.", valid_from=TODAY - DAY, basis_note=note,
        recipient_text="OCJ Oostende", givers=[sharing.GiverInput(person=p) for p in givers]))


def test_sending_goes_through_the_sharing_rule_and_respects_the_mandate(evaluated, counsellor, mother):
    from spalk.network.models import Share

    family = evaluated.trajectory.family
    report = _draft(evaluated.trajectory, counsellor)
    issued = reports.report_issue(actor=counsellor, report=report, version=report.version)
    court = _record(family, counsellor, basis="court", note="Vonnis jeugdrechtbank Brugge van 12/03/2026")
    legal = reports.SendingInput(recipient_kind="court", sent_on=TODAY, consent=court)
    with pytest.raises(DomainError, match="vrijwillig mandaat"):
        reports.report_send(actor=counsellor, report=issued, data=legal)
    consent = _record(family, counsellor, givers=[mother])
    sending = reports.report_send(actor=counsellor, report=issued, data=reports.SendingInput(
        recipient_kind="ocj", sent_on=TODAY, consent=consent))
    share = sending.share
    assert (share.consent, share.kind, share.report) == (consent, "report", issued)
    assert sending.recipient_name == "OCJ Oostende"  # the recipient on the consent
    assert share.artefact_sha256 == issued.pdf_sha256  # what went out: the frozen PDF
    event = AuditEvent.objects.get(action="create", object_type="network.share", object_id=str(share.pk))
    assert event.extra["consent_id"] == consent.pk
    Report.objects.filter(pk=issued.pk).update(mandate="youth_court")
    reports.report_send(actor=counsellor, report=Report.objects.get(pk=issued.pk), data=legal)
    assert ReportSending.objects.filter(report=issued).count() == 2 == Share.objects.filter(report=issued).count()


def test_sending_is_refused_outside_scope_and_after_withdrawal(evaluated, counsellor, mother):
    from spalk.network import consent as sharing

    family = evaluated.trajectory.family
    report = _draft(evaluated.trajectory, counsellor)
    issued = reports.report_issue(actor=counsellor, report=report, version=report.version)
    notes_only = _record(family, counsellor, givers=[mother], scope="notes")
    with pytest.raises(DomainError, match="verslag"):
        reports.report_send(actor=counsellor, report=issued, data=reports.SendingInput(
            recipient_kind="referrer", sent_on=TODAY, consent=notes_only))
    consent = _record(family, counsellor, givers=[mother])
    sharing.consent_withdraw(actor=counsellor, record=consent, note="Moeder belde.")
    with pytest.raises(DomainError, match="ingetrokken"):
        reports.report_send(actor=counsellor, report=issued, data=reports.SendingInput(
            recipient_kind="referrer", sent_on=TODAY, consent=consent))
    assert not ReportSending.objects.exists()


def test_sending_a_draft_is_refused(evaluated, counsellor, mother):
    report = _draft(evaluated.trajectory, counsellor)
    consent = _record(evaluated.trajectory.family, counsellor, givers=[mother])
    with pytest.raises(DomainError, match="Geef het verslag eerst uit"):
        reports.report_send(actor=counsellor, report=report, data=reports.SendingInput(
            recipient_kind="referrer", sent_on=TODAY, consent=consent))


def test_send_screen_lists_only_records_that_allow_a_report(mfa_client, evaluated, counsellor, mother,
                                                            partner_director):
    from django.urls import reverse

    family = evaluated.trajectory.family
    report = _draft(evaluated.trajectory, counsellor)
    issued = reports.report_issue(actor=counsellor, report=report, version=report.version)
    client = mfa_client(counsellor)
    url = reverse("plans:report_send", args=[issued.pk])
    page = client.get(url).content.decode()
    assert reverse("network:consent_create", args=[family.pk]) in page  # nothing allows it yet: record one
    notes_only = _record(family, counsellor, givers=[mother], scope="notes")
    consent = _record(family, counsellor, givers=[mother])
    page = client.get(url).content.decode()
    assert f'value="{consent.pk}"' in page and f'value="{notes_only.pk}"' not in page
    response = client.post(url, {"recipient_kind": "ocj", "consent": consent.pk, "sent_on": f"{TODAY:%d/%m/%Y}"})
    assert response.status_code == 302
    sending = ReportSending.objects.get(report=issued)
    page = client.get(reverse("plans:report", args=[issued.pk])).content.decode()
    assert reverse("network:share_file", args=[sending.share_id]) in page
    download = client.get(reverse("network:share_file", args=[sending.share_id]))
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    assert hashlib.sha256(download.content).hexdigest() == issued.pdf_sha256
    # a centre the family is shared with reads the report but never sends it under the owning centre's consent
    assert mfa_client(partner_director).get(url).status_code in (403, 404)


def test_court_report_pdf_carries_the_mandate(evaluated, counsellor):
    report = _draft(evaluated.trajectory, counsellor)
    Report.objects.filter(pk=report.pk).update(mandate="youth_court")
    text, _pages = _text(reports.preview_pdf(report=Report.objects.get(pk=report.pk)))
    assert "Mandaat" in text and "jeugdrechtbank" in text


def test_download_and_print_are_audited_and_outsiders_get_404(mfa_client, counsellor, outsider, evaluated):
    report = _draft(evaluated.trajectory, counsellor)
    issued = reports.report_issue(actor=counsellor, report=report, version=report.version)
    client = mfa_client(counsellor)
    printed = client.get(f"/plans/reports/{issued.pk}/pdf/")
    assert printed.status_code == 200 and printed["Content-Type"] == "application/pdf"
    assert printed["Content-Disposition"].startswith("inline")
    downloaded = client.get(f"/plans/reports/{issued.pk}/pdf/?download=1")
    assert downloaded["Content-Disposition"].startswith("attachment")
    actions = [AuditEvent.objects.get(request_id=r["X-Request-ID"]).action for r in (printed, downloaded)]
    assert actions == ["print", "export"]
    assert mfa_client(outsider).get(f"/plans/reports/{issued.pk}/pdf/").status_code == 404


def test_report_screens_from_draft_to_issued(mfa_client, counsellor, administrative, evaluated):
    client = mfa_client(counsellor)
    trajectory = evaluated.trajectory
    response = client.post(f"/plans/trajectories/{trajectory.pk}/reports/new/", {
        "kind": "progress", "period_start": trajectory.admitted_on.strftime("%d/%m/%Y"),
        "period_end": TODAY.strftime("%d/%m/%Y"), "sources": ["plan", "evaluations"]})
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/plans/reports/{report.pk}/"
    page = client.get(f"/plans/reports/{report.pk}/").content.decode()
    assert "Ik wil rustig blijven." in page
    data = {"title": "Evolutieverslag voorjaar", "period_start": trajectory.admitted_on.strftime("%d/%m/%Y"),
            "period_end": TODAY.strftime("%d/%m/%Y"), "family_comment": "Goed zo", "signatories": "An, begeleider",
            "version": report.version}
    for i, s in enumerate(report.sections.all()):
        data.update({f"section_id_{i}": s.pk, f"section_title_{i}": s.title, f"section_body_{i}": s.body})
    assert client.post(f"/plans/reports/{report.pk}/", data).status_code == 302
    stale = client.post(f"/plans/reports/{report.pk}/", data)
    assert "Iemand anders heeft dit intussen gewijzigd" in stale.content.decode()
    assert mfa_client(administrative).post(f"/plans/reports/{report.pk}/", data).status_code == 403
    client = mfa_client(counsellor)
    report.refresh_from_db()
    response = client.post(f"/plans/reports/{report.pk}/issue/", {"version": report.version, "confirmed": "1"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.is_issued and report.title == "Evolutieverslag voorjaar"
    assert "Uitgegeven en vastgelegd" in client.get(f"/plans/reports/{report.pk}/").content.decode()


def test_api_report_metadata_and_pdf(client, counsellor, evaluated):
    from .conftest import bearer

    report = _draft(evaluated.trajectory, counsellor)
    issued = reports.report_issue(actor=counsellor, report=report, version=report.version)
    auth = bearer(counsellor)
    meta = client.get(f"/api/v1/reports/{issued.pk}", **auth).json()
    assert meta["status"] == "issued" and meta["pdf_sha256"] == issued.pdf_sha256
    pdf = client.get(f"/api/v1/reports/{issued.pk}/pdf", **auth)
    assert pdf.status_code == 200 and hashlib.sha256(pdf.content).hexdigest() == issued.pdf_sha256
    listing = client.get(f"/api/v1/trajectories/{issued.trajectory_id}/reports", **auth).json()
    assert [r["id"] for r in listing] == [issued.pk]


def test_a_report_is_withheld_from_the_family_with_a_reason(mfa_client, counsellor, administrative, outsider,
                                                            portal_parent, evaluated):
    """Issue 12: the withholding mark on a report is set on its own screen, with a reason, audited; the family's
    own view then leaves the report out while the team keeps it."""
    from django.http import Http404
    from django.urls import reverse

    from spalk.access.policy import access_report, visible_reports

    report = _draft(evaluated.trajectory, counsellor)
    url = reverse("plans:report_withhold", args=[report.pk])
    assert access_report(user=portal_parent, report_id=report.pk) == report
    client = mfa_client(counsellor)
    assert client.get(reverse("plans:report", args=[report.pk])).content.decode().count(url) == 1
    response = client.post(url, {"withheld": "on", "withheld_reason": "", "version": report.version})
    assert response.status_code == 200 and "Kies waarom" in response.content.decode()
    assert not Report.objects.get(pk=report.pk).withheld_from_family  # refused: nothing changed, input kept
    response = client.post(url, {"withheld": "on", "withheld_reason": "court", "version": report.version})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.withheld_from_family and report.withheld_reason == "court" and report.withheld_by == counsellor
    assert AuditEvent.objects.filter(action="update", object_type="plans.report", object_id=str(report.pk),
                                     fields__contains=["withheld_from_family"]).count() == 1
    with pytest.raises(Http404):
        access_report(user=portal_parent, report_id=report.pk)
    assert not visible_reports(user=portal_parent).filter(pk=report.pk).exists()
    assert visible_reports(user=counsellor).filter(pk=report.pk).exists()
    page = client.get(reverse("plans:report", args=[report.pk])).content.decode()
    assert "Afgeschermd voor het gezin" in page
    # a stale form is a conflict, never an overwrite
    response = client.post(url, {"withheld": "", "version": report.version - 1})
    assert Report.objects.get(pk=report.pk).withheld_from_family
    # read-only staff: 403; another centre: 404
    assert mfa_client(administrative).post(url, {"version": report.version}).status_code == 403
    assert mfa_client(outsider).get(url).status_code == 404


def test_an_issued_report_can_still_be_withheld_without_changing_its_text(evaluated, counsellor):
    report = _draft(evaluated.trajectory, counsellor)
    report = reports.report_issue(actor=counsellor, report=report, version=report.version)
    sha = report.pdf_sha256
    report = reports.report_mark_withheld(actor=counsellor, report=report, version=report.version, withheld=True,
                                          reason="third_party")
    assert report.withheld_from_family and report.pdf_sha256 == sha
    assert reports.issued_pdf(report=report)  # still served to the team, checked against its hash
