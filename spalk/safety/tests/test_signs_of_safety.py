"""Signs of Safety: the three columns, concrete formulations, scaling over time (chart + table), reviews at set
dates and the start-screen item when a review is due."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from spalk.audit.models import AuditEvent
from spalk.core.errors import ConcurrentEditError, DomainError
from spalk.safety import services
from spalk.safety.chart import scaling_chart
from spalk.safety.models import ScalingScore


def test_vague_worries_are_refused_concrete_ones_kept(director, mapping):
    with pytest.raises(DomainError) as err:
        services.mapping_entry_add(actor=director, mapping=mapping, kind="worry", text="Ik ben bezorgd")
    assert err.value.field == "text" and "drie keer geen lunch" in err.value.message
    entry = services.mapping_entry_add(actor=director, mapping=mapping, kind="worry",
                                       text="Noor had deze week drie keer geen lunch mee naar school.")
    assert entry.pk
    services.mapping_entry_add(actor=director, mapping=mapping, kind="working_well", text="Oma komt.")  # strengths
    event = AuditEvent.objects.filter(object_type="safety.mappingentry", action="create").latest("pk")
    assert "lunch" not in str(event.extra)


def test_a_review_records_scores_and_moves_the_next_date(director, mapping, today):
    services.scaling_add(actor=director, mapping=mapping, participant="Sarah (mama)", score=4, scored_on=today)
    before = AuditEvent.objects.count()
    review = services.mapping_review(actor=director, mapping=mapping, reviewed_on=today + datetime.timedelta(days=14),
                                     summary="Drie weken elke dag lunch mee.", version=mapping.version,
                                     next_review_on=today + datetime.timedelta(days=28),
                                     scores=[("Sarah (mama)", 6), ("Oma Rita", 5)])
    assert AuditEvent.objects.count() == before + 1
    mapping.refresh_from_db()
    assert mapping.next_review_on == today + datetime.timedelta(days=28) and review.pk
    assert ScalingScore.objects.filter(mapping=mapping).count() == 3


def test_review_rules(director, mapping, today):
    with pytest.raises(DomainError) as err:
        services.mapping_review(actor=director, mapping=mapping, reviewed_on=today, summary="", next_review_on=today,
                                version=mapping.version)
    assert {e.field for e in err.value.errors} == {"summary", "next_review_on"}
    with pytest.raises(DomainError):
        services.mapping_review(actor=director, mapping=mapping, reviewed_on=today, summary="x", next_review_on=None,
                                version=mapping.version)
    with pytest.raises(DomainError):
        services.mapping_review(actor=director, mapping=mapping, reviewed_on=today, summary="x", version=1,
                                next_review_on=today + datetime.timedelta(days=1), scores=[("Sarah", 11)])
    with pytest.raises(ConcurrentEditError):
        services.mapping_review(actor=director, mapping=mapping, reviewed_on=today, summary="x", version=99,
                                next_review_on=today + datetime.timedelta(days=1))


def test_a_closed_mapping_changes_no_more(director, mapping, today):
    services.mapping_close(actor=director, mapping=mapping, closed_on=today, version=mapping.version)
    with pytest.raises(DomainError):
        services.mapping_entry_add(actor=director, mapping=mapping, kind="working_well", text="Iets dat goed gaat.")


def test_chart_has_a_line_per_participant_and_a_table(director, mapping, today):
    for days, sarah, rita in ((0, 3, 2), (14, 5, 4), (28, 7, 6)):
        services.scaling_add(actor=director, mapping=mapping, participant="Sarah", score=sarah,
                             scored_on=today + datetime.timedelta(days=days))
        services.scaling_add(actor=director, mapping=mapping, participant="Rita", score=rita,
                             scored_on=today + datetime.timedelta(days=days))
    chart = scaling_chart(ScalingScore.objects.filter(mapping=mapping))
    assert chart is not None and chart.participants == ["Sarah", "Rita"]
    sarah = chart.series[0]
    assert [p.score for p in sarah.points] == [3, 5, 7]
    assert sarah.points[0].y > sarah.points[-1].y  # a higher score is drawn higher
    assert chart.series[0].dash != chart.series[1].dash and chart.series[0].marker != chart.series[1].marker
    assert chart.rows[1] == (today + datetime.timedelta(days=14), [5, 4])


def test_chart_of_one_day_and_of_nothing():
    assert scaling_chart([]) is None


def test_mapping_page_renders_chart_and_table(mfa_client, counsellor, director, mapping, today):
    services.scaling_add(actor=director, mapping=mapping, participant="Sarah", score=4, scored_on=today)
    services.scaling_add(actor=director, mapping=mapping, participant="Sarah", score=6,
                         scored_on=today + datetime.timedelta(days=7))
    body = mfa_client(counsellor).get(reverse("safety:mapping", args=[mapping.pk])).content.decode()
    assert "<svg" in body and 'role="img"' in body and "<polyline" in body and "<caption>" in body
    assert "Waarover maken we ons zorgen?" in body


def test_entry_form_keeps_the_input_on_error(mfa_client, counsellor, mapping):
    response = mfa_client(counsellor).post(reverse("safety:entry_add", args=[mapping.pk]),
                                           {"kind": "danger", "text": "Gevaarlijk"})
    assert response.status_code == 422 and "Gevaarlijk" in response.content.decode()


def test_review_due_on_the_start_screen(mfa_client, counsellor, team_lead, colleague, mapping, today):
    from spalk.safety.models import SafetyMapping

    SafetyMapping.objects.filter(pk=mapping.pk).update(mapped_on=today - datetime.timedelta(days=30),
                                                     next_review_on=today - datetime.timedelta(days=1))
    url = reverse("safety:mapping", args=[mapping.pk])
    assert url in mfa_client(counsellor).get(reverse("home")).content.decode()  # assigned worker
    assert url in mfa_client(team_lead).get(reverse("home")).content.decode()  # team lead of the centre
    assert url not in mfa_client(colleague).get(reverse("home")).content.decode()


def test_review_over_http(mfa_client, counsellor, director, mapping, today):
    services.scaling_add(actor=director, mapping=mapping, participant="Sarah", score=4, scored_on=today)
    client = mfa_client(counsellor)
    url = reverse("safety:mapping_review", args=[mapping.pk])
    assert client.get(url).status_code == 200
    mapping.refresh_from_db()
    response = client.post(url, {"reviewed_on": today.strftime("%d/%m/%Y"), "summary": "Elke dag lunch mee.",
                                 "next_review_on": (today + datetime.timedelta(days=14)).strftime("%d/%m/%Y"),
                                 "score_0": "7", "version": mapping.version})
    assert response.status_code == 302
    assert ScalingScore.objects.filter(mapping=mapping, score=7).exists()
