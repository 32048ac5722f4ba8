"""A Signs of Safety mapping is corrected, never overwritten: an entry or a score keeps its earlier state as an
earlier version, one recorded by mistake is removed with a reason (kept, struck through, out of the chart), and the
concrete-wording rule holds for a correction too. Only whoever does the family's safety work corrects."""

from __future__ import annotations

import pytest
from django.urls import reverse

from spalk.audit.models import AuditEvent
from spalk.core.errors import ConcurrentEditError, DomainError
from spalk.safety import selectors, services
from spalk.safety.models import MappingEntry, MappingEntryRevision, ScalingScore

WORRY = "Noor had deze week drie keer geen lunch mee naar school."


@pytest.fixture
def worry(director, mapping):
    return services.mapping_entry_add(actor=director, mapping=mapping, kind="worry", text=WORRY)


@pytest.fixture
def score(director, mapping, today):
    return services.scaling_add(actor=director, mapping=mapping, participant="Sarah (mama)", score=4,
                                scored_on=today)


def test_correcting_an_entry_keeps_the_earlier_text(director, worry):
    before = AuditEvent.objects.count()
    entry = services.mapping_entry_correct(actor=director, entry=worry, version=worry.version, reason="typfout",
                                           text="Noor had deze week vier keer geen lunch mee naar school.")
    assert entry.text.startswith("Noor had deze week vier keer") and entry.version == worry.version + 1
    revision = MappingEntryRevision.objects.get(entry=entry)
    assert (revision.number, revision.text, revision.reason) == (1, WORRY, "typfout")
    event = AuditEvent.objects.get(pk__gt=before - 0, action="update", object_type="safety.mappingentry")
    assert event.fields == ["text"] and "lunch" not in str(event.extra)


def test_a_correction_must_be_concrete_and_say_why(director, worry):
    with pytest.raises(DomainError) as err:
        services.mapping_entry_correct(actor=director, entry=worry, version=worry.version, reason="beter",
                                       text="Ik ben bezorgd")
    assert err.value.field == "text" and "drie keer geen lunch" in err.value.message
    with pytest.raises(DomainError) as err:
        services.mapping_entry_correct(actor=director, entry=worry, version=worry.version, reason=" ",
                                       text=WORRY + " Ook op vrijdag.")
    assert err.value.field == "reason"
    with pytest.raises(DomainError):  # the same text is no correction
        services.mapping_entry_correct(actor=director, entry=worry, version=worry.version, reason="x", text=WORRY)
    with pytest.raises(ConcurrentEditError):
        services.mapping_entry_correct(actor=director, entry=worry, version=worry.version + 5, reason="x",
                                       text=WORRY + " Ook op vrijdag.")
    assert not MappingEntryRevision.objects.exists()


def test_moving_a_strength_to_the_worries_needs_concrete_words(director, mapping):
    entry = services.mapping_entry_add(actor=director, mapping=mapping, kind="working_well", text="Oma komt.")
    with pytest.raises(DomainError):
        services.mapping_entry_correct(actor=director, entry=entry, version=entry.version, reason="verkeerde kolom",
                                       text="Oma komt.", kind="worry")


def test_removing_an_entry_keeps_it_struck_through(mfa_client, director, counsellor, mapping, worry):
    with pytest.raises(DomainError) as err:
        services.mapping_entry_remove(actor=director, entry=worry, version=worry.version, reason="")
    assert err.value.field == "reason"
    removed = services.mapping_entry_remove(actor=director, entry=worry, version=worry.version,
                                            reason="bij het verkeerde gezin genoteerd")
    assert MappingEntry.objects.filter(pk=worry.pk).exists() and removed.removed_at is not None
    with pytest.raises(DomainError):  # a removed entry changes no more
        services.mapping_entry_correct(actor=director, entry=removed, version=removed.version, reason="x",
                                       text=WORRY + " Ook op vrijdag.")
    body = mfa_client(counsellor).get(reverse("safety:mapping", args=[mapping.pk])).content.decode()
    assert f"<del>{WORRY}</del>" in body and "bij het verkeerde gezin genoteerd" in body


def test_correcting_and_removing_scores(director, mapping, score, today):
    corrected = services.scaling_correct(actor=director, score_row=score, version=score.version, score=6,
                                         reason="Sarah zei zes, niet vier")
    assert corrected.score == 6 and corrected.revisions.get().score == 4
    with pytest.raises(DomainError):
        services.scaling_correct(actor=director, score_row=corrected, version=corrected.version, score=11,
                                 reason="x")
    other = services.scaling_add(actor=director, mapping=mapping, participant="Oma Rita", score=3, scored_on=today)
    services.scaling_remove(actor=director, score_row=other, version=other.version, reason="dubbel ingevoerd")
    detail = selectors.mapping_detail(mapping=mapping)
    assert detail["chart"].participants == ["Sarah (mama)"]  # the removed score left the chart
    assert [s.pk for s in detail["scores"]] == [score.pk, other.pk]  # ... and stays in the list, struck through
    assert ScalingScore.objects.get(pk=other.pk).removed_reason == "dubbel ingevoerd"


def test_correction_screens(mfa_client, counsellor, mapping, worry, score):
    client = mfa_client(counsellor)
    url = reverse("safety:entry_correct", args=[worry.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"kind": "worry", "text": "Ik ben bezorgd", "reason": "beter", "version": 1})
    assert response.status_code == 200 and "Ik ben bezorgd" in response.content.decode()  # input kept, error shown
    response = client.post(url, {"kind": "worry", "text": WORRY + " Ook op vrijdag.", "reason": "aangevuld",
                                 "version": worry.version})
    assert response.status_code == 302
    body = client.get(reverse("safety:mapping", args=[mapping.pk])).content.decode()
    assert f'<del class="revision__text">{WORRY}</del>' in body and "aangevuld" in body
    response = client.post(reverse("safety:score_correct", args=[score.pk]), {
        "participant": "Sarah (mama)", "score": "5", "scored_on": score.scored_on.strftime("%d/%m/%Y"),
        "why": "", "reason": "verkeerd overgenomen", "version": score.version})
    assert response.status_code == 302 and ScalingScore.objects.get(pk=score.pk).score == 5
    response = client.post(reverse("safety:score_remove", args=[score.pk]), {"reason": "test", "version": 2})
    assert response.status_code == 302 and ScalingScore.objects.get(pk=score.pk).removed_at is not None


def test_who_may_correct(mfa_client, night_staff, administrative, outsider, resident, worry, score):
    urls = [reverse("safety:entry_correct", args=[worry.pk]), reverse("safety:entry_remove", args=[worry.pk]),
            reverse("safety:entry_withhold", args=[worry.pk]), reverse("safety:score_correct", args=[score.pk]),
            reverse("safety:score_remove", args=[score.pk])]
    for user, status in ((night_staff, 403), (administrative, 403), (outsider, 404)):
        client = mfa_client(user)  # the family is theirs to see but not its safety work: 403; not theirs: 404
        assert {client.get(u).status_code for u in urls} == {status}
    assert mfa_client(outsider).post(urls[1], {"reason": "x", "version": 1}).status_code == 404
    assert MappingEntry.objects.get(pk=worry.pk).removed_at is None


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_mapping_page_query_count_is_flat(mfa_client, counsellor, director, mapping, worry, score, today):
    client = mfa_client(counsellor)
    url = reverse("safety:mapping", args=[mapping.pk])
    _queries(client, url)  # warm up (session, caches)
    one = _queries(client, url)
    for i in range(4):
        entry = services.mapping_entry_add(actor=director, mapping=mapping, kind="worry",
                                           text=f"Noor had op dag {i} geen lunch mee naar school.")
        services.mapping_entry_correct(actor=director, entry=entry, version=entry.version, reason="aangevuld",
                                       text=f"Noor had op dag {i} geen lunch en geen drinken mee.")
        row = services.scaling_add(actor=director, mapping=mapping, participant=f"Deelnemer {i}", score=i,
                                   scored_on=today)
        services.scaling_remove(actor=director, score_row=row, version=row.version, reason="vergissing")
    assert _queries(client, url) == one
