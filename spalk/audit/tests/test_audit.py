from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils.html import escape

from spalk.audit.models import AuditAction, AuditEvent
from spalk.audit.services import audit_record
from spalk.families.services import family_update

pytestmark = pytest.mark.django_db


def test_database_refuses_update_of_audit_rows(director, family):
    event = audit_record(actor=director, action=AuditAction.VIEW, target=family)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(reason="tampered")
    assert AuditEvent.objects.get(pk=event.pk).reason == ""


def test_database_refuses_delete_of_audit_rows(director, family):
    event = audit_record(actor=director, action=AuditAction.VIEW, target=family)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_write_and_audit_row_share_one_transaction(director, family, monkeypatch):
    """If writing the audit row fails, the change itself is rolled back: no write without audit."""
    import spalk.families.services as services

    def broken_audit(**kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr(services, "audit_record", broken_audit)
    with pytest.raises(RuntimeError):
        family_update(actor=director, family=family, data={"name": "Gezin Gewijzigd"}, version=family.version)
    family.refresh_from_db()
    assert family.name == "Gezin Peeters"


def test_update_records_fields_not_content(director, family):
    family_update(actor=director, family=family, data={"name": "Gezin Geheim"}, version=family.version)
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, family_id=family.pk)
    assert event.fields == ["name"]
    assert "Geheim" not in str(event.extra) and "Geheim" not in event.reason


def test_page_read_leaves_event_with_request_id_and_ip(mfa_client, counsellor, family):
    response = mfa_client(counsellor).get(reverse("families:detail", args=[family.pk]),
                                          HTTP_X_REQUEST_ID="req-test-12345678")
    assert response["X-Request-ID"] == "req-test-12345678"
    event = AuditEvent.objects.get(action=AuditAction.VIEW, family_id=family.pk)
    assert event.request_id == "req-test-12345678"
    assert event.ip == "127.0.0.1" and event.via == "web"


def test_search_is_audited_with_query_and_listed_families(mfa_client, director, family):
    mfa_client(director).get(reverse("families:list"), {"q": "Peeters"})
    event = AuditEvent.objects.get(action=AuditAction.SEARCH, actor=director)
    assert event.extra["query"]["q"] == "Peeters"
    assert event.extra["family_ids"] == [family.pk]


def test_who_had_access_lists_readers_for_team_lead(mfa_client, team_lead, counsellor, family):
    mfa_client(counsellor).get(reverse("families:detail", args=[family.pk]))
    response = mfa_client(team_lead).get(reverse("audit:family_access", args=[family.pk]))
    assert response.status_code == 200
    assert escape(counsellor.last_name) in response.content.decode()


@pytest.mark.parametrize("persona", ["counsellor", "administrative"])
def test_who_had_access_is_forbidden_for_other_roles(request, mfa_client, persona, family):
    response = mfa_client(request.getfixturevalue(persona)).get(reverse("audit:family_access", args=[family.pk]))
    assert response.status_code == 403


def test_who_had_access_is_404_for_outsider(mfa_client, outsider, family):
    assert mfa_client(outsider).get(reverse("audit:family_access", args=[family.pk])).status_code == 404


def test_audit_events_filter_by_family_and_user(mfa_client, director, counsellor, family):
    mfa_client(counsellor).get(reverse("families:detail", args=[family.pk]))
    client = mfa_client(director)
    response = client.get(reverse("audit:events"), {"family": family.pk, "actor": counsellor.pk})
    assert response.status_code == 200
    assert response.context["page"].paginator.count >= 1
    assert all(e.actor_id == counsellor.pk for e in response.context["page"])


def test_audit_export_requires_recent_reauthentication(mfa_client, director):
    client = mfa_client(director)
    response = client.get(reverse("audit:export"))
    assert response.status_code == 302
    assert "reauthenticate" in response["Location"]


def test_audit_export_is_csv_and_audited(mfa_client, director, counsellor, family):
    mfa_client(counsellor).get(reverse("families:detail", args=[family.pk]))
    client = mfa_client(director)
    reauth = client.post(reverse("account_reauthenticate"), {"password": "correct-horse-battery-staple"})
    assert reauth.status_code == 302
    response = client.get(reverse("audit:export"), {"family": family.pk})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    assert body.startswith("\ufefftijdstip;gebruiker")
    assert counsellor.email in body
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=director).exists()


def test_outsider_has_no_audit_trail_page(mfa_client, counsellor):
    assert mfa_client(counsellor).get(reverse("audit:events")).status_code == 404


def test_audit_events_show_the_last_30_days_unless_a_period_is_chosen(mfa_client, director, family, monkeypatch):
    import datetime

    from django.utils import timezone

    client = mfa_client(director)
    with monkeypatch.context() as patch:  # an event from 40 days ago
        patch.setattr(AuditEvent._meta.get_field("at"), "auto_now_add", False)
        old = AuditEvent.objects.create(at=timezone.now() - datetime.timedelta(days=40), actor=director,
                                        actor_label=director.email, action=AuditAction.VIEW,
                                        centre_id=family.centre_id, family_id=family.pk,
                                        object_type="families.family", object_id=str(family.pk))
    response = client.get(reverse("audit:events"))
    assert response.status_code == 200
    assert old not in list(response.context["page"])
    assert response.context["since"] == timezone.localdate() - datetime.timedelta(days=30)
    assert "30" in response.content.decode()
    chosen = timezone.localdate() - datetime.timedelta(days=41)
    response = client.get(reverse("audit:events"), {"date_from": chosen.strftime("%d/%m/%Y")})
    assert response.context["since"] is None
    assert old in list(response.context["page"])


def test_audit_event_count_is_capped(mfa_client, director, family, monkeypatch):
    from spalk.audit import views

    for _ in range(3):
        audit_record(actor=director, action=AuditAction.VIEW, target=family)
    monkeypatch.setattr(views.CappedPaginator, "cap", 2)
    response = mfa_client(director).get(reverse("audit:events"))
    assert response.context["page"].paginator.capped
    assert response.context["page"].paginator.count == 3  # cap + 1: "more than 2"
    content = response.content.decode()
    assert "2" in content and ("Meer dan 2" in content or "More than 2" in content)
