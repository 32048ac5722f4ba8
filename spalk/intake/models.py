"""Intake: registrations (aanmeldingen), screening, the module catalogue, the A-document and the waiting list."""

from __future__ import annotations

import datetime

import pghistory
from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from spalk.families.names import NameAndAge

# --- Module catalogue (seed 000 "Toeleiding") ------------------------------------------------------


class ModuleKind(models.TextChoices):
    CONTEXT = "context", _("contextbegeleiding")
    STAY = "stay", _("stay")
    CRISIS = "crisis", _("crisis")


class Frequency(models.TextChoices):
    NONE = "", _("not applicable")
    HIGH = "high", _("high frequency")
    LOW = "low", _("low frequency")


class Module(models.Model):
    """A module of a CIG as the decree defines it. Data, maintained by administrators, with validity dates."""

    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("Dutch name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=ModuleKind.choices)
    frequency = models.CharField(_("frequency"), max_length=10, choices=Frequency.choices, blank=True)
    directly_accessible = models.BooleanField(_("directly accessible"), default=False,
                                              help_text=_("Rechtstreeks toegankelijk: no indication by the "
                                                          "Intersectorale Toegangspoort needed."))
    family_admission = models.BooleanField(_("within family admission"), default=False,
                                           help_text=_("In functie van gezinsopname."))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "code", "valid_from"]
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="module_code_valid_from_unique"),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=models.F("valid_from")),
                name="module_valid_until_after_from",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or self.valid_until >= day)


# --- Registration -----------------------------------------------------------------------------------


class Channel(models.TextChoices):
    PHONE = "phone", _("phone")
    EMAIL = "email", _("e-mail")
    LETTER = "letter", _("letter or form")
    IN_PERSON = "in_person", _("in person")
    PORTAL = "portal", _("referral platform")
    OTHER = "other", _("other")


class Mandate(models.TextChoices):
    VOLUNTARY = "voluntary", _("voluntary")
    OCJ = "ocj", _("via OCJ")
    YOUTH_COURT = "youth_court", _("via the youth court")


class CareKind(models.TextChoices):
    """The kind of care requested; the values are those of the access-route API contract."""

    CONTEXT = "context", _("contextbegeleiding only")
    STAY_HIGH = "stay_high", _("stay, high frequency")
    STAY_LOW = "stay_low", _("stay, low frequency")
    CRISIS = "crisis", _("short crisis stay")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("normal")
    HIGH = "high", _("high")
    ACUTE = "acute", _("acute")


URGENCY_RANK = {Urgency.ACUTE: 0, Urgency.HIGH: 1, Urgency.NORMAL: 2}


class Status(models.TextChoices):
    NEW = "new", _("new")
    IN_SCREENING = "in_screening", _("in screening")
    DECISION = "decision", _("decision")
    WAITING_LIST = "waiting_list", _("on waiting list")
    ADMITTED = "admitted", _("admitted")
    REFERRED = "referred", _("referred on")
    DECLINED = "declined", _("declined")
    WITHDRAWN = "withdrawn", _("withdrawn")


FINAL_STATUSES = frozenset({Status.ADMITTED, Status.REFERRED, Status.DECLINED, Status.WITHDRAWN})
# The workflow. Every step into DECISION's outcomes needs a reason (see services.registration_transition).
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.NEW: (Status.IN_SCREENING, Status.WITHDRAWN),
    Status.IN_SCREENING: (Status.DECISION, Status.WITHDRAWN),
    Status.DECISION: (Status.WAITING_LIST, Status.ADMITTED, Status.REFERRED, Status.DECLINED, Status.WITHDRAWN),
    Status.WAITING_LIST: (Status.ADMITTED, Status.REFERRED, Status.DECLINED, Status.WITHDRAWN),
}


@pghistory.track(exclude=["version", "updated_at"])
class Registration(models.Model):
    """A request for help that reached the centre. It may precede a family record."""

    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="registrations")
    received_on = models.DateField(_("received on"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.PHONE)
    referrer_organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, null=True,
                                              blank=True, related_name="+", verbose_name=_("referring organisation"))
    referrer_contact = models.ForeignKey("partners.ContactPerson", on_delete=models.SET_NULL, null=True,
                                         blank=True, related_name="+", verbose_name=_("referring person"))
    referrer_text = models.CharField(_("referrer (free text)"), max_length=300, blank=True,
                                     help_text=_("When the referrer is not in the partner directory, or is the "
                                                 "family itself."))
    mandate = models.CharField(_("mandate"), max_length=20, choices=Mandate.choices, default=Mandate.VOLUNTARY)
    family = models.ForeignKey("families.Family", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="registrations", verbose_name=_("family"))
    family_name = models.CharField(_("family name"), max_length=150,
                                   help_text=_("As known at registration, for example: Gezin Peeters."))
    city = models.CharField(_("city"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    question_family = models.TextField(_("question in the family's words"), blank=True)
    question_referrer = models.TextField(_("question of the referrer"), blank=True)
    care = models.CharField(_("requested care"), max_length=20, choices=CareKind.choices, default=CareKind.CONTEXT)
    requested_modules = models.ManyToManyField(Module, blank=True, related_name="+",
                                               verbose_name=_("requested modules"))
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    # A summary kept by the services from the members' own consent (RegistrationMember.consent is the source of
    # truth): True when at least one parent is recorded and every parent gave consent. Never written from input.
    parents_consent = models.BooleanField(_("parents consent to the registration"), default=False, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    decision_reason = models.TextField(_("reason of the decision"), blank=True)
    referred_to = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("referred to"))
    referral_note = models.TextField(_("referral note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        indexes = [
            models.Index(fields=["centre", "status"]), models.Index(fields=["family"]),
            # icontains compiles to UPPER(col) LIKE UPPER(%term%): trigram indexes on UPPER for the search
            GinIndex(OpClass(Upper("family_name"), name="gin_trgm_ops"), name="registration_name_upper_trgm"),
        ]

    def __str__(self) -> str:
        return f"{self.family_name} ({self.received_on:%d/%m/%Y})"

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def next_statuses(self) -> tuple[str, ...]:
        return TRANSITIONS.get(self.status, ())


class Consent(models.TextChoices):
    NOT_ASKED = "not_asked", _("not asked yet")
    GIVEN = "given", _("given")
    REFUSED = "refused", _("refused")
    NOT_NEEDED = "not_needed", _("not needed")


@pghistory.track()
class RegistrationMember(NameAndAge, models.Model):
    """A family member as known at registration: provisional until linked to a Person or admitted."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="members")
    role = models.CharField(_("role in the family"), max_length=20,
                            choices=[("parent", _("parent")), ("child", _("child")), ("unborn", _("unborn child")),
                                     ("network", _("network person"))])
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    expected_birth_date = models.DateField(_("expected birth date"), null=True, blank=True)
    national_number = models.CharField(_("national number"), max_length=11, blank=True)
    relation = models.CharField(_("relation"), max_length=100, blank=True)
    pregnant = models.BooleanField(_("pregnant"), default=False)
    consent = models.CharField(_("consent"), max_length=12, choices=Consent.choices, default=Consent.NOT_ASKED)
    # The day the consent was recorded as given (kept by the services; empty while not given). On the A-document.
    consent_on = models.DateField(_("consent given on"), null=True, blank=True, editable=False)
    person = models.ForeignKey("families.Person", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+", verbose_name=_("linked person"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["registration", "role", "birth_date", "pk"]
        indexes = [
            GinIndex(OpClass(Upper("first_name"), name="gin_trgm_ops"), name="regmember_first_upper_trgm"),
            GinIndex(OpClass(Upper("last_name"), name="gin_trgm_ops"), name="regmember_last_upper_trgm"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def centre_id(self) -> int:
        return self.registration.centre_id

    @property
    def family_id(self) -> int | None:
        return self.registration.family_id

    def consent_needed_on(self, day: datetime.date) -> bool:
        """Parents, and each minor aged 12 or more, consent to the registration (BRIEF.md §4)."""
        return self.consent_basis_on(day) in ("parent", "minor_12")

    def consent_basis_on(self, day: datetime.date) -> str:
        """Whether and why this member's consent is needed on ``day``.

        "parent" and "minor_12" need consent; "under_12", "unknown_age" (a child without birth date) and ""
        (unborn, network person, adult child) do not, or not yet.
        """
        if self.role == "parent":
            return "parent"
        if self.role != "child":
            return ""
        age = self.age_on(day)
        if age is None:
            return "unknown_age"
        if age < 12:
            return "under_12"
        return "minor_12" if age < 18 else ""

    @property
    def consent_basis_today(self) -> str:
        from django.utils import timezone

        return self.consent_basis_on(timezone.localdate())


class RegistrationStep(models.Model):
    """One step of the intake workflow: who moved the registration to which status, when and why."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["registration", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} -> {self.to_status}"


# --- Screening (BRIEF.md §3) ------------------------------------------------------------------------


class Answer(models.TextChoices):
    UNKNOWN = "unknown", _("unknown")
    YES = "yes", _("yes")
    NO = "no", _("no")


class Weighing(models.TextChoices):
    NOT_YET = "not_yet", _("not weighed yet")
    NOT_LIMITING = "not_limiting", _("the team judges they do not limit what the CIG can do")
    LIMITING = "limiting", _("the team judges they limit what the CIG can do too much")


class Screening(models.Model):
    """One version of the screening. A new save makes a new version; older versions are kept as they were."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="screenings")
    number = models.PositiveIntegerField(_("version"))
    answers = models.JSONField(default=dict, help_text="{item code: {'answer': yes|no|unknown, 'note': str}}")
    weighing = models.CharField(_("team weighing of contra-indications"), max_length=20,
                                choices=Weighing.choices, default=Weighing.NOT_YET)
    weighing_note = models.TextField(_("reasoning of the team"), blank=True)
    weighed_on = models.DateField(_("weighed in team on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")

    class Meta:
        ordering = ["registration", "-number"]
        constraints = [models.UniqueConstraint(fields=["registration", "number"], name="screening_version_unique")]

    def __str__(self) -> str:
        return f"screening v{self.number}"

    @property
    def centre_id(self) -> int:
        return self.registration.centre_id

    @property
    def family_id(self) -> int | None:
        return self.registration.family_id


# --- A-document (request for an indication by the Intersectorale Toegangspoort) --------------------


class ADocumentStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SENT = "sent", _("sent to the ITP")
    GRANTED = "granted", _("indication received")
    REFUSED = "refused", _("refused")


# The A-document's steps, in one place (the service enforces them, the screen offers them).
A_DOCUMENT_TRANSITIONS: dict[str, tuple[str, ...]] = {
    ADocumentStatus.DRAFT: (ADocumentStatus.SENT,),
    ADocumentStatus.SENT: (ADocumentStatus.GRANTED, ADocumentStatus.REFUSED),
}


@pghistory.track(exclude=["version", "updated_at"])
class ADocument(models.Model):
    registration = models.ForeignKey(Registration, on_delete=models.PROTECT, related_name="a_documents")
    status = models.CharField(_("status"), max_length=10, choices=ADocumentStatus.choices,
                              default=ADocumentStatus.DRAFT)
    question = models.TextField(_("question for help"), blank=True)
    motivation = models.TextField(_("motivation"), blank=True)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    contact_name = models.CharField(_("contact person at the centre"), max_length=150, blank=True)
    contact_phone = models.CharField(_("phone of the contact person"), max_length=40, blank=True)
    contact_email = models.EmailField(_("e-mail of the contact person"), blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    decided_on = models.DateField(_("decision on"), null=True, blank=True)
    itp_reference = models.CharField(_("ITP reference"), max_length=60, blank=True)
    granted_from = models.DateField(_("indication valid from"), null=True, blank=True)
    granted_until = models.DateField(_("indication valid until"), null=True, blank=True)
    modules_granted = models.ManyToManyField(Module, blank=True, related_name="+",
                                             verbose_name=_("modules granted"))
    refusal_reason = models.TextField(_("reason of the refusal"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["registration", "-created_at", "-pk"]
        verbose_name = _("A-document")

    def __str__(self) -> str:
        return f"A-document {self.pk} ({self.status})"

    @property
    def next_statuses(self) -> tuple[str, ...]:
        return A_DOCUMENT_TRANSITIONS.get(self.status, ())

    @property
    def centre_id(self) -> int:
        return self.registration.centre_id

    @property
    def family_id(self) -> int | None:
        return self.registration.family_id


class ADocumentModule(models.Model):
    """A module requested in an A-document, with the term asked for."""

    a_document = models.ForeignKey(ADocument, on_delete=models.CASCADE, related_name="lines")
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="+")
    term_months = models.PositiveSmallIntegerField(_("term in months"), default=6)

    class Meta:
        ordering = ["a_document", "module__sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["a_document", "module"], name="adocument_module_unique")]

    def __str__(self) -> str:
        return f"{self.module_id} x {self.term_months}"


# --- Waiting list ----------------------------------------------------------------------------------

FOLLOW_UP_DAYS = 30  # default; the installation sets SPALK_WAITING_FOLLOW_UP_DAYS (docs/intake-access-routes.md)


def follow_up_days() -> int:
    """Days between two contacts with a waiting family unless another date is agreed (a Django setting)."""
    return int(getattr(settings, "SPALK_WAITING_FOLLOW_UP_DAYS", FOLLOW_UP_DAYS))


@pghistory.track()
class WaitingListEntry(models.Model):
    """A registration waiting for a place. Ordering rule: see selectors.WAITING_LIST_ORDER."""

    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="waiting")
    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="+")
    since = models.DateField(_("waiting since"))
    priority = models.SmallIntegerField(_("priority adjustment"), default=0,
                                        help_text=_("Set by the team lead: higher comes first; 0 is normal."))
    priority_reason = models.TextField(_("reason of the priority"), blank=True)
    next_contact_due = models.DateField(_("next contact due"))
    left_on = models.DateField(_("left the list on"), null=True, blank=True)

    class Meta:
        ordering = ["-priority", "since", "pk"]
        constraints = [models.CheckConstraint(condition=models.Q(priority__gte=-5) & models.Q(priority__lte=5),
                                              name="waiting_priority_range")]

    def __str__(self) -> str:
        return f"waiting since {self.since:%d/%m/%Y}"

    @property
    def family_id(self) -> int | None:
        return self.registration.family_id

    def is_overdue(self, today: datetime.date) -> bool:
        return self.left_on is None and self.next_contact_due < today


class _OnWaitingEntry:
    """A row about a waiting-list entry: its centre and family are the entry's (read by the audit trail)."""

    entry: WaitingListEntry

    @property
    def centre_id(self) -> int:
        return self.entry.centre_id

    @property
    def family_id(self) -> int | None:
        return self.entry.registration.family_id


class PriorityChange(_OnWaitingEntry, models.Model):
    """One change of the waiting-list priority by the team lead: kept for good, with who, when and why."""

    entry = models.ForeignKey(WaitingListEntry, on_delete=models.CASCADE, related_name="priority_changes")
    from_priority = models.SmallIntegerField(_("priority before"))
    to_priority = models.SmallIntegerField(_("priority after"))
    reason = models.TextField(_("reason"))
    at = models.DateTimeField(_("changed at"), auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["entry", "-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.from_priority} -> {self.to_priority}"


class ContactKind(models.TextChoices):
    PHONE = "phone", _("phone call")
    VISIT = "visit", _("visit")
    MESSAGE = "message", _("message or letter")
    MEETING = "meeting", _("meeting")


class WaitingContact(_OnWaitingEntry, models.Model):
    """A contact with a waiting family, so that nobody on the list is forgotten."""

    entry = models.ForeignKey(WaitingListEntry, on_delete=models.CASCADE, related_name="contacts")
    on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=ContactKind.choices, default=ContactKind.PHONE)
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["entry", "-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.on:%d/%m/%Y}"

