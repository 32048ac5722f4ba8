"""The finance records of the URL walkers' world (spalk/testing/world.py): one of each kind a URL names."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterator
from decimal import Decimal

from django.core.files.base import ContentFile

from spalk.finance import services
from spalk.finance.models import ContributionPercentage, LeefloonRate, Payment, Reminder
from spalk.finance.statements import monthly_run

EARLIER_DAYS = datetime.timedelta(days=60)


def earlier_stay(*, centre, director, family, members) -> None:
    """An earlier stay of the family (60 to 40 days ago, ended), in a month that has ended: booked before the
    family's current stay, since a stay module of a member cannot overlap another one."""
    from spalk.stays.tests.factories import UnitFactory
    from spalk.testing.stays import book_stay

    earlier = datetime.date.today() - EARLIER_DAYS
    book_stay(actor=director, family=family, unit=UnitFactory(centre=centre, name="Studio W-vroeger"),
              start=earlier, end=earlier + datetime.timedelta(days=20), members=members)


def finance_world(*, centre, director, family, payer) -> dict:
    """Ids by URL parameter name. The rates of the data migration are gone after a transactional test: make them.
    ``payer`` (a FamilyMember) pays for the nights of the earlier stay that ``earlier_stay`` booked."""

    rate = LeefloonRate.objects.order_by("pk").first()
    if rate is None:
        for category, amount in (("cohabiting", "876.13"), ("single", "1314.20"), ("family", "1776.07")):
            rate = LeefloonRate.objects.create(category=category, monthly_amount=Decimal(amount),
                                               valid_from=datetime.date(2025, 2, 1), source="POD MI")
    percentage = ContributionPercentage.objects.order_by("pk").first() or ContributionPercentage.objects.create(
        percentage=Decimal("25"), valid_from=datetime.date(2024, 5, 1), source="CIG Vlaanderen")
    today = datetime.date.today()
    earlier = today - EARLIER_DAYS
    paying = services.payer_add(actor=director, family=family, person=payer.person, category="family",
                                valid_from=earlier, reason="OCMW")
    reduction = services.reduction_request(actor=director, family=family, person=payer.person, percent=Decimal(50),
                                           valid_from=earlier, valid_to=earlier, reason="eerste dag")
    run = monthly_run(centre=centre, month=(earlier + datetime.timedelta(days=10)).replace(day=1))
    statement = run.made[0]
    payment = Payment.objects.create(centre=centre, family=None, amount=Decimal("10.00"),
                                     paid_on=datetime.date.today(), communication="bijdrage", source="manual")
    reminder = Reminder(family=family, balance=Decimal("10.00"), oldest_due_on=datetime.date.today())
    reminder.pdf.save("walker.pdf", ContentFile(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"), save=False)
    reminder.save()
    from spalk.finance.tasks import queue_month

    job_id = queue_month(centre_id=centre.pk, month=run.run.month) or 0
    return {"job_id": job_id, "rate_id": rate.pk, "percentage_id": percentage.pk, "payer_id": paying.pk,
            "reduction_id": reduction.pk, "statement_id": statement.pk, "run_id": run.run.pk, "payment_id": payment.pk,
            "reminder_id": reminder.pk}


@contextlib.contextmanager
def temporary_finance_storage(folder, settings) -> Iterator[None]:
    """Statements, reminders and bank files go to ``folder`` while the block runs (the file fields resolved
    their storage at start-up, so they are pointed at the temporary storages and back)."""
    from django.core.files.storage import storages

    from spalk.finance.models import BankFile, Reminder, Statement

    settings.STORAGES = {**settings.STORAGES, **{name: {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(folder / name), "base_url": None}} for name in ("statements", "bank_files")}}
    fields = [(Statement, "pdf", "statements"), (Reminder, "pdf", "statements"), (BankFile, "file", "bank_files")]
    originals = []
    for model, name, storage in fields:
        field = model._meta.get_field(name)
        originals.append((field, field.storage))
        field.storage = storages[storage]
    try:
        yield
    finally:
        for field, storage in originals:
            field.storage = storage
