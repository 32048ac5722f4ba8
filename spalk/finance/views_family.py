"""Family screens of the client contribution: balances and arrears, who pays, reductions, statements, payments,
reminders; the monthly runs and the bank files of a centre. Everything through ``spalk.access.policy.finance``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from spalk.access.declare import dossier
from spalk.access.policy import (
    access_finance_centre,
    access_finance_family,
    access_finance_record,
    can_approve_reductions,
    finance_centres,
    visible_finance_families,
    visible_finance_records,
)
from spalk.audit.models import AuditAction
from spalk.audit.services import audit_list_read, audit_record
from spalk.core.errors import DomainError
from spalk.core.exports import csv_writer
from spalk.core.forms import form_view
from spalk.core.types import SpalkRequest
from spalk.finance import payments, reminders, selectors, services, statements
from spalk.finance.forms import (
    AssignForm,
    BankFileForm,
    PayerEndForm,
    PayerForm,
    PaymentForm,
    ReductionForm,
    RunForm,
)
from spalk.finance.models import MonthlyRun, PayingAdult, Payment, Reduction, Reminder, ReminderRun, Statement


def _family_url(family) -> str:
    return reverse("finance:family", args=[family.pk])


def _pdf(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@login_required
@dossier
def family_list(request: SpalkRequest) -> HttpResponse:
    """Balances and arrears of every family that has paid or been invoiced, arrears first."""
    today = timezone.localdate()
    families = visible_finance_families(user=request.user).filter(paying_adults__isnull=False).distinct()
    rows = list(selectors.balances(families=families.select_related("centre"), today=today).order_by("name", "pk"))
    for row in rows:
        row.balance = row.invoiced - row.paid
        row.arrears = max(row.overdue_invoiced - row.paid, 0)
    rows.sort(key=lambda r: (-r.arrears, r.name))
    audit_list_read(actor=request.user, action=AuditAction.VIEW, object_type="finance.balance", query={},
                    count=len(rows), family_ids=[r.pk for r in rows])
    return render(request, "finance/families.html", {"rows": rows, "today": today})


@require_GET
@login_required
@dossier
def family(request: SpalkRequest, family_id: int) -> HttpResponse:
    family = access_finance_family(user=request.user, family_id=family_id)
    today = timezone.localdate()
    manage = family.centre_id in finance_centres(user=request.user, manage=True)
    return render(request, "finance/family.html", {
        "family": family, "balance": selectors.family_balance(family=family, today=today),
        "payers": list(selectors.payer_list(family=family)),
        "reductions": list(selectors.reduction_list(family=family)),
        "statements": list(selectors.statement_list(family=family)),
        "payments": list(selectors.payment_list(family=family)),
        "reminders": list(selectors.reminder_list(family=family)),
        "may_manage": manage, "may_approve": can_approve_reductions(user=request.user, family=family)})


def _parents(family) -> QuerySet:
    return selectors.parents(family=family)


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def payer_add(request: SpalkRequest, family_id: int) -> HttpResponse:
    family = access_finance_family(user=request.user, family_id=family_id, manage=True)
    form = PayerForm(request.POST or None, persons=_parents(family))
    return form_view(
        request, form,
        save=lambda d: services.payer_add(actor=request.user, family=family, person=d["person"],
                                          category=d["category"], valid_from=d["valid_from"], reason=d["reason"]),
        success=_family_url(family), message=_("Saved: who pays and in which category."),
        template="finance/form.html", invalid_status=422,
        context={"title": _("Who pays, in which category"), "centre": family.centre, "cancel": _family_url(family),
                 "intro": _("From the date given. When this parent already pays in another category, that row ends "
                            "the day before and stays as history.")})


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def payer_end(request: SpalkRequest, payer_id: int) -> HttpResponse:
    payer = access_finance_record(PayingAdult, user=request.user, pk=payer_id, manage=True,
                                  select=("family", "person"))
    form = PayerEndForm(request.POST or None, initial={"version": payer.version})
    return form_view(
        request, form,
        save=lambda d: services.payer_end(actor=request.user, payer=payer, version=d["version"],
                                          last_day=d["last_day"], reason=d["reason"]),
        success=_family_url(payer.family), message=_("Saved."), template="finance/form.html", invalid_status=422,
        context={"title": _("%(name)s no longer pays") % {"name": payer.person.full_name},
                 "cancel": _family_url(payer.family)})


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def reduction_request(request: SpalkRequest, family_id: int) -> HttpResponse:
    family = access_finance_family(user=request.user, family_id=family_id, manage=True)
    form = ReductionForm(request.POST or None, persons=selectors.paying_parents(family=family))
    return form_view(
        request, form,
        save=lambda d: services.reduction_request(actor=request.user, family=family, person=d["person"],
                                                  percent=d["percent"], valid_from=d["valid_from"],
                                                  valid_to=d["valid_to"], reason=d["reason"]),
        success=_family_url(family), message=_("Reduction asked. It counts once a director approved it."),
        template="finance/form.html", invalid_status=422,
        context={"title": _("Ask for a reduction or waiver"), "cancel": _family_url(family)})


@require_POST
@login_required
@dossier
def reduction_decide(request: SpalkRequest, reduction_id: int) -> HttpResponse:
    reduction = access_finance_record(Reduction, user=request.user, pk=reduction_id, approve=True,
                                      select=("family",))
    try:
        services.reduction_decide(actor=request.user, reduction=reduction,
                                  approve=request.POST.get("decision") == "approve")
        messages.success(request, _("Decision saved. The next monthly run takes it into account."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(_family_url(reduction.family))


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def payment_add(request: SpalkRequest, family_id: int) -> HttpResponse:
    family = access_finance_family(user=request.user, family_id=family_id, manage=True)
    return form_view(
        request, PaymentForm(request.POST or None),
        save=lambda d: payments.payment_record(actor=request.user, family=family, amount=d["amount"],
                                               paid_on=d["paid_on"], communication=d["communication"],
                                               note=d["note"]),
        success=_family_url(family), message=_("Payment recorded."), template="finance/form.html",
        invalid_status=422, context={"title": _("Record a payment"), "cancel": _family_url(family)})


@require_POST
@login_required
@dossier
def reminder_create(request: SpalkRequest, family_id: int) -> HttpResponse:
    family = access_finance_family(user=request.user, family_id=family_id, manage=True)
    try:
        reminders.reminder_create(actor=request.user, family=family)
        messages.success(request, _("Reminder letter made."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(_family_url(family))


@require_GET
@login_required
@dossier
def reminder_pdf(request: SpalkRequest, reminder_id: int) -> HttpResponse:
    reminder = access_finance_record(Reminder, user=request.user, pk=reminder_id, select=("family",))
    with reminder.pdf.open("rb") as handle:
        data = handle.read()
    audit_record(actor=request.user, action=AuditAction.EXPORT, target=reminder, family=reminder.family)
    return _pdf(data, f"herinnering-{reminder.family.reference}-{reminder.created_at:%Y%m%d}.pdf")


@require_GET
@login_required
@dossier
def statement_pdf(request: SpalkRequest, statement_id: int) -> HttpResponse:
    statement = access_finance_record(Statement, user=request.user, pk=statement_id,
                                      select=("family", "centre", "credits"))
    data = statements.statement_pdf(statement=statement)
    audit_record(actor=request.user, action=AuditAction.EXPORT, target=statement, family=statement.family)
    return _pdf(data, f"{'creditnota' if statement.kind == 'credit_note' else 'afrekening'}-{statement.ogm}.pdf")


# --- Centre: monthly runs, export, bank files ---------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@login_required
@dossier
def runs(request: SpalkRequest) -> HttpResponse:
    centre = access_finance_centre(user=request.user, centre_id=request.GET.get("centre"))
    manage = centre.pk in finance_centres(user=request.user, manage=True)
    if request.method == "POST" and not manage:
        raise PermissionDenied
    from spalk.finance.tasks import queue_month

    def start(d):
        return queue_month(centre_id=centre.pk, month=d["month"].replace(day=1))

    return form_view(
        request, RunForm(request.POST or None), save=start,
        success=f"{reverse('finance:runs')}?centre={centre.pk}",
        message=lambda job: _("The run is queued; it starts within a minute.") if job else _(
            "This month is already waiting to run."),
        template="finance/runs.html", invalid_status=422,
        context=lambda: {"centre": centre, "may_manage": manage,
                         "runs": list(visible_finance_records(MonthlyRun, user=request.user, family_field=None)
                                      .filter(centre=centre).order_by("-month")[:24]),
                         "rule": selectors.settings_for(centre.pk).reminder_after_days,
                         "reminder_runs": list(visible_finance_records(ReminderRun, user=request.user,
                                                                       family_field=None)
                                               .filter(centre=centre).order_by("-period")[:12]),
                         "reminders": list(visible_finance_records(Reminder, user=request.user, select=("family",))
                                           .filter(family__centre=centre, period__isnull=False)
                                           .order_by("-created_at", "-pk")[:50])})


@require_POST
@login_required
@dossier
def reminders_queue(request: SpalkRequest) -> HttpResponse:
    """The finance administrator starts the reminder job of the centre now, not the next morning."""
    centre = access_finance_centre(user=request.user, centre_id=request.GET.get("centre"))
    if centre.pk not in finance_centres(user=request.user, manage=True):
        raise PermissionDenied  # sees the centre's runs, does not start them
    from spalk.finance.tasks import queue_reminders

    if queue_reminders(centre_id=centre.pk, day=timezone.localdate()):
        messages.success(request, _("The reminder job is queued; it starts within a minute."))
    else:
        messages.info(request, _("The reminder job of this month is already waiting to run."))
    return redirect(f"{reverse('finance:runs')}?centre={centre.pk}")


@require_GET
@login_required
@dossier
def run_export(request: SpalkRequest, run_id: int) -> HttpResponse:
    run = access_finance_record(MonthlyRun, user=request.user, pk=run_id, family_field=None, select=("centre",))
    rows = visible_finance_records(Statement, user=request.user, select=("family", "credits")).filter(
        centre=run.centre, month=run.month).order_by("pk")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="bijdragen-{run.centre.short_name}-{run.month:%Y-%m}.csv"'
    writer = csv_writer(response)
    writer.writerow(statements.CSV_HEADER)
    listed = list(rows)
    for row in statements.csv_rows(listed):
        writer.writerow(row)
    audit_list_read(actor=request.user, action=AuditAction.EXPORT, object_type="finance.statement",
                    query={"centre": run.centre_id, "month": f"{run.month:%Y-%m}"}, count=len(listed),
                    family_ids=sorted({s.family_id for s in listed}))
    return response


@require_http_methods(["GET", "POST"])
@login_required
@dossier
def bank(request: SpalkRequest) -> HttpResponse:
    centre = access_finance_centre(user=request.user, centre_id=request.GET.get("centre"), manage=True)
    form = BankFileForm(request.POST or None, request.FILES or None)
    unmatched = list(visible_finance_records(Payment, user=request.user, manage=True, family_field=None).filter(
        centre=centre, family__isnull=True).order_by("-paid_on", "-pk")[:200])
    return form_view(
        request, form,
        save=lambda d: payments.bank_file_import(actor=request.user, centre=centre, name=d["file"].name,
                                                 data=d["file"].read()),
        success=f"{reverse('finance:bank')}?centre={centre.pk}",
        message=lambda f: _("%(lines)s lines read, %(matched)s matched to a statement.") % {
            "lines": f.lines, "matched": f.matched},
        template="finance/bank.html", invalid_status=422,
        context={"centre": centre, "unmatched": unmatched, "assign_form": AssignForm()})


@require_POST
@login_required
@dossier
def payment_assign(request: SpalkRequest, payment_id: int) -> HttpResponse:
    payment = access_finance_record(Payment, user=request.user, pk=payment_id, manage=True, family_field=None)
    target = f"{reverse('finance:bank')}?centre={payment.centre_id}"
    form = AssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Type the dossier number of a family of this centre."))
        return redirect(target)
    family = visible_finance_families(user=request.user, manage=True).filter(
        centre_id=payment.centre_id, reference=form.cleaned_data["reference"].strip()).first()
    if family is None:
        messages.error(request, _("No family with this dossier number in this centre."))
        return redirect(target)
    family = access_finance_family(user=request.user, family_id=family.pk, manage=True)
    try:
        payments.payment_assign(actor=request.user, payment=payment, family=family)
        messages.success(request, _("Payment assigned to %(family)s.") % {"family": family.name})
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(target)

