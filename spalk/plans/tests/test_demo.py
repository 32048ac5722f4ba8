"""The demo shows the whole cycle: a signed plan, an evaluation round and an issued evolutieverslag."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from spalk.plans.models import Evaluation, Plan, Report


@pytest.mark.django_db
def test_demo_has_signed_plans_evaluations_and_an_issued_report():
    call_command("load_demo", stdout=io.StringIO())
    assert Plan.objects.filter(status="signed").exists()
    assert Evaluation.objects.filter(evidence__isnull=False).exists()
    issued = Report.objects.filter(status="issued", kind="progress")
    assert issued.exists() and all(r.pdf_sha256 and r.pdf_pages for r in issued)
    counts = (Plan.objects.count(), Evaluation.objects.count(), Report.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Plan.objects.count(), Evaluation.objects.count(), Report.objects.count()) == counts
