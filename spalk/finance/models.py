"""The client contribution (issue 14): dated leefloon rates and percentage, who pays for a stay, reductions.

Dates of validity are inclusive on both ends (``valid_from`` … ``valid_to``; no ``valid_to`` = open). Money is
``Decimal`` with two decimals, in euro. The computation itself lives in ``spalk.finance.computation``.
"""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeBoundary, RangeOperators
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """The three leefloon categories (wet van 26 mei 2002 betreffende het recht op maatschappelijke integratie)."""

    COHABITING = "cohabiting", _("cohabiting (samenwonende)")
    SINGLE = "single", _("single (alleenstaande)")
    FAMILY = "family", _("with a dependent family (persoon met gezinslast)")


class DateRangeFunc(models.Func):
    function = "DATERANGE"
    output_field = DateRangeField()


def _dated(name: str, *equal: str) -> list:
    """``valid_to`` not before ``valid_from``; periods of the same key never overlap."""
    return [
        models.CheckConstraint(
            condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
            name=f"{name}_to_after_from"),
        ExclusionConstraint(
            name=f"{name}_no_overlap",
            expressions=[*((f, RangeOperators.EQUAL) for f in equal),
                         (DateRangeFunc("valid_from", "valid_to", RangeBoundary(inclusive_lower=True,
                                                                                  inclusive_upper=True)),
                          RangeOperators.OVERLAPS)],
        ),
    ]


@pghistory.track(exclude=["version"])
class LeefloonRate(models.Model):
    """The monthly leefloon amount of a category over a period (indexed several times a year)."""

    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    monthly_amount = models.DecimalField(_("monthly amount (€)"), max_digits=9, decimal_places=2,
                                         validators=[MinValueValidator(0)])
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300,
                              help_text=_("Where the amount was published, for example the POD "
                                          "Maatschappelijke Integratie and the date of the indexation."))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["category", "valid_from"]
        constraints = _dated("leefloon_rate", "category")

    def __str__(self) -> str:
        return f"{self.category} {self.monthly_amount} from {self.valid_from}"


@pghistory.track(exclude=["version"])
class ContributionPercentage(models.Model):
    """The share of the leefloon a family pays (25 % in 2026), dated like the rates."""

    percentage = models.DecimalField(_("percentage"), max_digits=5, decimal_places=2,
                                     validators=[MinValueValidator(0), MaxValueValidator(100)])
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["valid_from"]
        constraints = _dated("contribution_percentage")

    def __str__(self) -> str:
        return f"{self.percentage} % from {self.valid_from}"


@pghistory.track(exclude=["version"])
class PayingAdult(models.Model):
    """A family member who pays the contribution for their nights in residence, in a category, over a period.

    A change of category ends the row the day before and starts a new one, each with its reason.
    """

    family = models.ForeignKey("families.Family", on_delete=models.PROTECT, related_name="paying_adults")
    person = models.ForeignKey("families.Person", on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("until"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["family", "person", "valid_from"]
        constraints = _dated("paying_adult", "family", "person")

    def __str__(self) -> str:
        return f"{self.person_id} ({self.category}) from {self.valid_from}"


class ReductionStatus(models.TextChoices):
    REQUESTED = "requested", _("awaiting the director")
    APPROVED = "approved", _("approved")
    REFUSED = "refused", _("refused")


@pghistory.track(exclude=["version"])
class Reduction(models.Model):
    """A reduction of a paying adult's contribution over a period; 100 % is a waiver (kwijtschelding).

    Asked with a reason by the finance administrator, it counts only once a director of the centre approved it.
    """

    family = models.ForeignKey("families.Family", on_delete=models.PROTECT, related_name="contribution_reductions")
    person = models.ForeignKey("families.Person", on_delete=models.PROTECT, related_name="+")
    percent = models.DecimalField(_("reduction (%)"), max_digits=5, decimal_places=2,
                                  validators=[MinValueValidator(0.01), MaxValueValidator(100)],
                                  help_text=_("100 % waives the contribution for the period."))
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("until"))
    reason = models.CharField(_("reason"), max_length=500)
    status = models.CharField(_("status"), max_length=20, choices=ReductionStatus.choices,
                              default=ReductionStatus.REQUESTED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["family", "valid_from"]
        constraints = [
            models.CheckConstraint(condition=models.Q(valid_to__gte=models.F("valid_from")),
                                   name="reduction_to_after_from"),
            models.CheckConstraint(condition=models.Q(percent__gt=0, percent__lte=100), name="reduction_percent"),
            models.CheckConstraint(condition=~models.Q(reason=""), name="reduction_reason"),
            ExclusionConstraint(
                name="reduction_one_approved",
                expressions=[("person", RangeOperators.EQUAL),
                             (DateRangeFunc("valid_from", "valid_to", RangeBoundary(inclusive_lower=True,
                                                                                      inclusive_upper=True)),
                              RangeOperators.OVERLAPS)],
                condition=models.Q(status="approved"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.percent} % {self.valid_from}–{self.valid_to}"

    @property
    def is_waiver(self) -> bool:
        return self.percent == 100


@pghistory.track(exclude=["version", "updated_at"])
class CentreFinanceSettings(models.Model):
    """The account on which a centre receives the contributions (printed on every statement)."""

    centre = models.OneToOneField("centres.Centre", on_delete=models.CASCADE, related_name="finance_settings")
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    account_holder = models.CharField(_("account holder"), max_length=200, blank=True,
                                      help_text=_("The name on the account, usually the non-profit organisation."))
    payment_days = models.PositiveSmallIntegerField(_("days to pay"), default=30,
                                                    validators=[MinValueValidator(1), MaxValueValidator(120)])
    reminder_after_days = models.PositiveSmallIntegerField(
        _("reminder after (days)"), default=15, validators=[MaxValueValidator(120)],
        help_text=_("Days after the date to pay before the daily reminder job writes a reminder letter (at most one "
                    "a month per family). 0: no automatic reminders."))
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    DEFAULTS = {"iban": "", "bic": "", "account_holder": "", "payment_days": 30, "reminder_after_days": 15}

    def __str__(self) -> str:
        return f"finance settings {self.centre_id}"



# --- Statements, payments, reminders ---------------------------------------------------------------------------

class StatementKind(models.TextChoices):
    STATEMENT = "statement", _("statement")
    CREDIT_NOTE = "credit_note", _("credit note")


class MonthlyRun(models.Model):
    """The monthly run of a centre for a month: one row, updated by every (idempotent) run."""

    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))  # first day
    runs = models.PositiveIntegerField(default=0)
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_run_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    statements_made = models.PositiveIntegerField(default=0)
    credit_notes_made = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-month", "centre"]
        constraints = [models.UniqueConstraint(fields=["centre", "month"], name="monthly_run_unique"),
                       models.CheckConstraint(condition=models.Q(month__day=1), name="monthly_run_first_day")]

    def __str__(self) -> str:
        return f"{self.centre_id} {self.month:%Y-%m}"


def statement_storage():
    from django.core.files.storage import storages

    return storages["statements"]


def bank_file_storage():
    from django.core.files.storage import storages

    return storages["bank_files"]


class Statement(models.Model):
    """A statement (afrekening) of one paying adult for one month, or the credit note that cancels one.

    Frozen once made: a correction is a credit note for the whole statement and a new statement, never an edit.
    ``lines`` keeps the computation (periods, category, rate, percentage, reduction) as it was.
    """

    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="+")
    family = models.ForeignKey("families.Family", on_delete=models.PROTECT, related_name="contribution_statements")
    person = models.ForeignKey("families.Person", on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))
    kind = models.CharField(_("kind"), max_length=20, choices=StatementKind.choices, default=StatementKind.STATEMENT)
    ogm = models.CharField(_("structured communication"), max_length=12, unique=True)
    days = models.PositiveSmallIntegerField(_("days"))
    amount = models.DecimalField(_("amount"), max_digits=9, decimal_places=2)  # positive; a credit note subtracts
    lines = models.JSONField(default=list)
    credits = models.OneToOneField("self", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="credit_note", verbose_name=_("credits statement"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    issued_on = models.DateField(_("date"))
    due_on = models.DateField(_("to pay by"))
    payer_name = models.CharField(max_length=250)
    iban = models.CharField(max_length=34, blank=True)
    account_holder = models.CharField(max_length=200, blank=True)
    pdf = models.FileField(storage=statement_storage, upload_to="statements/%Y/%m/", blank=True)
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["-month", "family", "person", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="statement_amount_positive"),
            models.CheckConstraint(condition=models.Q(kind="statement", credits__isnull=True)
                                   | models.Q(kind="credit_note", credits__isnull=False),
                                   name="statement_credit_note_credits_one"),
        ]
        indexes = [models.Index(fields=["centre", "month"]), models.Index(fields=["family", "month"])]

    def __str__(self) -> str:
        return self.ogm_display

    @property
    def ogm_display(self) -> str:
        from stdnum.be import ogm_vcs

        return f"+++{ogm_vcs.format(self.ogm)}+++"

    @property
    def signed_amount(self):
        return -self.amount if self.kind == StatementKind.CREDIT_NOTE else self.amount


class PaymentSource(models.TextChoices):
    MANUAL = "manual", _("recorded by hand")
    CODA = "coda", _("CODA bank statement")
    CAMT053 = "camt053", _("CAMT.053 bank statement")


class BankFile(models.Model):
    """An uploaded bank statement (CODA or CAMT.053); its credit lines become payments."""

    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="+")
    file = models.FileField(storage=bank_file_storage, upload_to="bank/%Y/%m/")
    original_name = models.CharField(max_length=200)
    format = models.CharField(max_length=20, choices=PaymentSource.choices)
    sha256 = models.CharField(max_length=64)
    lines = models.PositiveIntegerField(default=0)
    matched = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        constraints = [models.UniqueConstraint(fields=["centre", "sha256"], name="bank_file_once")]

    def __str__(self) -> str:
        return self.original_name


class Payment(models.Model):
    """Money received for the contribution: by hand or a credit line of a bank file, matched on the structured
    communication; a line that matches nothing waits for a person to assign it to a family."""

    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="+")
    family = models.ForeignKey("families.Family", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="contribution_payments")
    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="payments")
    amount = models.DecimalField(_("amount"), max_digits=9, decimal_places=2)
    paid_on = models.DateField(_("paid on"))
    communication = models.CharField(_("communication"), max_length=200, blank=True)
    counterparty = models.CharField(_("paid by"), max_length=200, blank=True)
    counterparty_iban = models.CharField(_("account"), max_length=34, blank=True)
    source = models.CharField(max_length=20, choices=PaymentSource.choices, default=PaymentSource.MANUAL)
    bank_file = models.ForeignKey(BankFile, on_delete=models.PROTECT, null=True, blank=True, related_name="payments")
    line_ref = models.CharField(max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["-paid_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="payment_amount_positive"),
            models.UniqueConstraint(fields=["centre", "line_ref"], condition=~models.Q(line_ref=""),
                                    name="payment_bank_line_once"),
        ]
        indexes = [models.Index(fields=["family", "paid_on"])]

    def __str__(self) -> str:
        return f"{self.amount} on {self.paid_on}"


class Reminder(models.Model):
    """A reminder letter (herinnering) for what a family still owes, with the balance as it was that day.

    Made by hand by the finance administrator, or by the daily reminder job (``period``: the month it was made
    for; one automatic letter per family and month, a database constraint)."""

    family = models.ForeignKey("families.Family", on_delete=models.PROTECT, related_name="contribution_reminders")
    balance = models.DecimalField(max_digits=9, decimal_places=2)
    oldest_due_on = models.DateField()
    period = models.DateField(null=True, blank=True)  # first day of the month; set for automatic reminders only
    pdf = models.FileField(storage=statement_storage, upload_to="reminders/%Y/%m/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["family", "period"], condition=models.Q(period__isnull=False),
                                    name="reminder_automatic_once_per_month"),
            models.CheckConstraint(condition=models.Q(period__isnull=True) | models.Q(period__day=1),
                                   name="reminder_period_first_day"),
        ]

    def __str__(self) -> str:
        return f"reminder {self.family_id} {self.created_at:%Y-%m-%d}"

    @property
    def automatic(self) -> bool:
        return self.period is not None


class ReminderRun(models.Model):
    """The reminder job of a centre in a month: one row, updated by every (daily, idempotent) run."""

    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="+")
    period = models.DateField(_("month"))  # first day
    runs = models.PositiveIntegerField(default=0)
    last_run_at = models.DateTimeField(null=True, blank=True)
    last_made = models.PositiveIntegerField(default=0)
    made = models.PositiveIntegerField(default=0)  # in the month, all runs together
    reminder_after_days = models.PositiveSmallIntegerField(default=0)  # the centre's rule at the last run

    class Meta:
        ordering = ["-period", "centre"]
        constraints = [models.UniqueConstraint(fields=["centre", "period"], name="reminder_run_unique"),
                       models.CheckConstraint(condition=models.Q(period__day=1), name="reminder_run_first_day")]

    def __str__(self) -> str:
        return f"reminders {self.centre_id} {self.period:%Y-%m}"
