"""Family screens, payments from CODA and CAMT.053 sample files, balances and arrears, reminders, the statement PDF,
who may see and change what (persona tests), and flat query counts."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from spalk.finance import services
from spalk.finance.bankfiles import parse_bank_file
from spalk.finance.models import PayingAdult, Payment, Reminder, Statement
from spalk.finance.payments import bank_file_import
from spalk.finance.selectors import family_balance
from spalk.finance.statements import monthly_run
from spalk.stays.tests.factories import UnitFactory, add_member
from spalk.testing.factories import FamilyFactory, FamilyMemberFactory
from spalk.testing.stays import book_stay

D = datetime.date
SAMPLES = Path(__file__).parent / "samples"
pytestmark = pytest.mark.django_db


def sample(name: str, ogm: str) -> bytes:
    return (SAMPLES / name).read_bytes().replace(b"OGMOGMOGMOGM", ogm.encode())


def paying_family(centre, director, name="Gezin Peeters", family=None):
    if family is None:
        family = FamilyFactory(centre=centre, name=name)
        FamilyMemberFactory(family=family, person__first_name="Sarah", person__last_name=name.split()[-1])
    mother = family.members.get(role="parent")
    book_stay(actor=director, family=family, unit=UnitFactory(centre=centre), start=D(2025, 6, 1), end=D(2025, 7, 1),
              members=[mother, add_member(family, age=2)])
    services.payer_add(actor=director, family=family, person=mother.person, category="single",
                       valid_from=D(2025, 6, 1), reason="OCMW")
    return family


@pytest.fixture
def statement(centre, family, director):
    paying_family(centre, director, family=family)
    return monthly_run(centre=centre, month=D(2025, 6, 1), today=D(2025, 7, 2)).made[0]


def test_coda_sample_is_read():
    fmt, lines = parse_bank_file(sample("sample.cod.tmpl", "100000000197"))
    assert fmt == "coda"
    assert [(line.amount, line.communication[:12]) for line in lines] == [
        (Decimal("328.55"), "100000000197"), (Decimal("50.00"), "bijdrage jun"), (Decimal("-120.00"), "aankoop luie")]
    assert lines[0].counterparty == "SARAH PEETERS" and lines[0].booked_on == D(2025, 7, 2)
    assert len({line.ref for line in lines}) == 3


def test_camt053_sample_is_read():
    fmt, lines = parse_bank_file(sample("sample_camt053.xml.tmpl", "100000000197"))
    assert fmt == "camt053"
    assert [(line.amount, line.communication) for line in lines] == [
        (Decimal("328.55"), "100000000197"), (Decimal("50.00"), "bijdrage juni gezin Peeters"),
        (Decimal("-120.00"), "aankoop luiers")]
    assert lines[0].counterparty_iban == "BE62510007547061"


@pytest.mark.parametrize("bad", [b"hello", b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]><Document/>",
                                 b"<Document><x></Document>"])
def test_other_files_are_refused_in_dutch(bad):
    from spalk.core.errors import DomainError

    with pytest.raises(DomainError) as exc:
        parse_bank_file(bad)
    assert "bank statement" in exc.value.message or "rekeninguittreksel" in exc.value.message


@pytest.mark.parametrize("name", ["sample.cod.tmpl", "sample_camt053.xml.tmpl"])
def test_import_matches_on_the_structured_communication(centre, family, statement, finance_admin, name):
    bank_file = bank_file_import(actor=finance_admin, centre=centre, name=name,
                                 data=sample(name, statement.ogm))
    assert (bank_file.lines, bank_file.matched) == (2, 1)  # the debit line is not a payment
    matched = Payment.objects.get(statement=statement)
    assert matched.family == family and matched.amount == Decimal("328.55")
    assert Payment.objects.filter(family__isnull=True).count() == 1  # left to assign
    assert family_balance(family=family, today=D(2025, 8, 15)).balance == Decimal("0.00")
    with pytest.raises(Exception, match="al ingelezen"):
        bank_file_import(actor=finance_admin, centre=centre, name=name, data=sample(name, statement.ogm))


def test_unmatched_line_is_assigned_by_dossier_number(mfa_client, centre, family, statement, finance_admin):
    bank_file_import(actor=finance_admin, centre=centre, name="x.cod", data=sample("sample.cod.tmpl", "999999999999"))
    client = mfa_client(finance_admin)
    page = client.get(f"/finance/bank/?centre={centre.pk}").content.decode()
    assert "OMA PEETERS" in page and "SARAH PEETERS" in page  # an unknown OGM matches nothing
    line = Payment.objects.get(counterparty="OMA PEETERS")
    assert client.post(f"/finance/payments/{line.pk}/assign/", {"reference": family.reference}).status_code == 302
    line.refresh_from_db()
    assert line.family == family and line.assigned_by == finance_admin


def test_bank_upload_through_the_screen(mfa_client, centre, statement, finance_admin):
    upload = SimpleUploadedFile("juli.cod", sample("sample.cod.tmpl", statement.ogm))
    response = mfa_client(finance_admin).post(f"/finance/bank/?centre={centre.pk}", {"file": upload})
    assert response.status_code == 302
    assert Payment.objects.filter(statement=statement).exists()


def test_balance_arrears_and_reminder(mfa_client, centre, family, statement, finance_admin):
    balance = family_balance(family=family, today=D(2025, 8, 15))
    assert balance.balance == Decimal("328.55") and balance.arrears == Decimal("328.55")
    assert family_balance(family=family, today=D(2025, 7, 3)).arrears == 0  # not yet due
    client = mfa_client(finance_admin)
    assert client.post(f"/finance/families/{family.pk}/reminders/new/").status_code == 302
    reminder = Reminder.objects.get(family=family)
    assert reminder.balance == Decimal("328.55")
    response = client.get(f"/finance/reminders/{reminder.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    assert response.content.startswith(b"%PDF")


def test_statement_pdf_is_made_once_and_served_as_attachment(mfa_client, statement, finance_admin):
    import io

    from pypdf import PdfReader

    client = mfa_client(finance_admin)
    response = client.get(f"/finance/statements/{statement.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "€ 328,55" in text and statement.ogm_display in text and "juni 2025" in text
    statement.refresh_from_db()
    assert statement.pdf and statement.pdf_sha256
    assert client.get(f"/finance/statements/{statement.pk}/pdf/").content == response.content


def test_manual_payment(mfa_client, family, statement, finance_admin):
    response = mfa_client(finance_admin).post(f"/finance/families/{family.pk}/payments/new/", {
        "amount": "100,00", "paid_on": "05/07/2025", "communication": statement.ogm_display})
    assert response.status_code == 302
    payment = Payment.objects.get(family=family)
    assert payment.statement == statement and payment.amount == Decimal("100.00")


@pytest.mark.parametrize("persona", ["finance_admin", "director", "team_lead"])
def test_who_sees_amounts(mfa_client, request, family, statement, persona):
    page = mfa_client(request.getfixturevalue(persona)).get(f"/finance/families/{family.pk}/")
    assert page.status_code == 200 and "€ 328,55" in page.content.decode()


@pytest.mark.parametrize("persona", ["counsellor", "intake_officer", "night_staff", "administrative", "outsider",
                                     "partner_director", "other_finance_admin"])
def test_who_does_not(mfa_client, request, family, statement, persona):
    """Who sees the family but not its money gets 403 (STYLE §2); who does not see the family gets 404."""
    from spalk.access.policy import visible_families

    user = request.getfixturevalue(persona)
    client = mfa_client(user)
    sees_family = visible_families(user=user).filter(pk=family.pk).exists()
    assert client.get(f"/finance/families/{family.pk}/").status_code == (403 if sees_family else 404)
    assert client.get(f"/finance/statements/{statement.pk}/pdf/").status_code == 404


@pytest.mark.parametrize("persona", ["counsellor", "director", "team_lead", "intake_officer"])
def test_a_counsellor_or_director_cannot_change_amounts(mfa_client, request, family, statement, persona):
    client = mfa_client(request.getfixturevalue(persona))
    mother = family.members.get(role="parent").person
    # they see the family, so the answer is 403 (not theirs to change), never a 404 that denies the family
    assert client.post(f"/finance/families/{family.pk}/payers/new/", {
        "person": mother.pk, "category": "family", "valid_from": "01/07/2025", "reason": "x"}).status_code == 403
    assert client.post(f"/finance/families/{family.pk}/payments/new/", {
        "amount": "1", "paid_on": "01/07/2025"}).status_code == 403
    assert client.post(f"/finance/families/{family.pk}/reductions/new/", {
        "person": mother.pk, "percent": "100", "valid_from": "01/06/2025", "valid_to": "30/06/2025",
        "reason": "x"}).status_code == 403
    assert PayingAdult.objects.filter(category="family").count() == 0 and Payment.objects.count() == 0


def test_only_a_director_approves_a_waiver(mfa_client, family, statement, finance_admin, director, team_lead):
    mother = family.members.get(role="parent").person
    reduction = services.reduction_request(actor=finance_admin, family=family, person=mother,
                                           percent=Decimal(100), valid_from=D(2025, 6, 1), valid_to=D(2025, 6, 30),
                                           reason="kwijtschelding")
    for user in (finance_admin, team_lead):
        assert mfa_client(user).post(f"/finance/reductions/{reduction.pk}/decide/",
                                     {"decision": "approve"}).status_code == 404
    reduction.refresh_from_db()
    assert reduction.status == "requested"
    assert mfa_client(director).post(f"/finance/reductions/{reduction.pk}/decide/",
                                     {"decision": "approve"}).status_code == 302
    reduction.refresh_from_db()
    assert reduction.status == "approved" and reduction.decided_by == director


def test_reduction_needs_a_reason(family, statement, finance_admin):
    from spalk.core.errors import DomainError

    with pytest.raises(DomainError):
        services.reduction_request(actor=finance_admin, family=family, person=family.members.get(role="parent").person,
                                   percent=Decimal(50), valid_from=D(2025, 6, 1), valid_to=D(2025, 6, 30), reason=" ")


def test_runs_page_queues_the_month_and_exports_csv(mfa_client, centre, statement, finance_admin):
    from spalk.finance.models import MonthlyRun

    client = mfa_client(finance_admin)
    assert client.post(f"/finance/runs/?centre={centre.pk}", {"month": "15/06/2025"}).status_code == 302
    run = MonthlyRun.objects.get(centre=centre)
    response = client.get(f"/finance/runs/{run.pk}/export.csv")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    text = response.content.decode()
    assert text.splitlines()[0].startswith("document;soort;datum") and "328,55" in text


def test_family_list_query_count_is_flat(mfa_client, centre, director, finance_admin, django_assert_max_num_queries):
    paying_family(centre, director, name="Gezin Een")
    monthly_run(centre=centre, month=D(2025, 6, 1), today=D(2025, 7, 2))
    client = mfa_client(finance_admin)
    client.get("/finance/families/")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get("/finance/families/")
    for i in range(5):
        paying_family(centre, director, name=f"Gezin Nummer{i}")
    monthly_run(centre=centre, month=D(2025, 6, 1), today=D(2025, 7, 2))
    with CaptureQueriesContext(connection) as six:
        assert "Gezin Nummer4" in client.get("/finance/families/").content.decode()
    assert len(six) == len(one)


def test_family_page_query_count_is_flat(mfa_client, centre, family, statement, finance_admin):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = mfa_client(finance_admin)
    client.get(f"/finance/families/{family.pk}/")
    with CaptureQueriesContext(connection) as before:
        client.get(f"/finance/families/{family.pk}/")
    monthly_run(centre=centre, month=D(2025, 6, 1), today=D(2025, 7, 2))
    for _ in range(3):
        from spalk.finance.payments import payment_record

        payment_record(actor=finance_admin, family=family, amount=Decimal(10), paid_on=D(2025, 7, 5))
    with CaptureQueriesContext(connection) as after:
        client.get(f"/finance/families/{family.pk}/")
    assert len(after) == len(before)
    assert Statement.objects.filter(family=family).count() == 1


def test_family_page_balance_section(mfa_client, family, statement, director, counsellor):
    director_page = mfa_client(director).get(f"/families/{family.pk}/").content.decode()
    assert 'id="contribution-heading"' in director_page and "€ 328,55" in director_page
    counsellor_page = mfa_client(counsellor).get(f"/families/{family.pk}/").content.decode()
    assert 'id="contribution-heading"' not in counsellor_page and "328,55" not in counsellor_page


def test_family_page_query_count_stays_flat_with_statements(mfa_client, centre, family, statement, director,
                                                           finance_admin):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from spalk.finance.payments import payment_record

    client = mfa_client(director)
    client.get(f"/families/{family.pk}/")
    with CaptureQueriesContext(connection) as before:
        client.get(f"/families/{family.pk}/")
    for _ in range(4):
        payment_record(actor=finance_admin, family=family, amount=Decimal(5), paid_on=D(2025, 7, 5))
    with CaptureQueriesContext(connection) as after:
        client.get(f"/families/{family.pk}/")
    assert len(after) == len(before)


def test_start_screen_items(mfa_client, centre, family, statement, finance_admin, director, counsellor):
    mother = family.members.get(role="parent").person
    services.reduction_request(actor=finance_admin, family=family, person=mother, percent=Decimal(100),
                               valid_from=D(2025, 6, 1), valid_to=D(2025, 6, 30), reason="kwijtschelding")
    bank_file_import(actor=finance_admin, centre=centre, name="x.cod", data=sample("sample.cod.tmpl", "999999999999"))
    assert "Te beslissen verminderingen" in mfa_client(director).get("/").content.decode()
    home = mfa_client(finance_admin).get("/").content.decode()
    assert "/finance/bank/" in home
    assert "/finance/bank/" not in mfa_client(counsellor).get("/").content.decode()
