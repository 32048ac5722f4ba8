"""The family's network: support forms (seed 004), consent records that govern every share with a partner, the
shares themselves, network meetings with their agreements, referrals out, and signals to policy.

Consent here is sharing with *partners* (organisations outside spalk). Sharing a dossier between two centres
inside spalk is ``spalk.access`` (FamilyShare) and needs none of this.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spalk.access.withholding import WithholdingMark

# --- Support forms (seed 004) --------------------------------------------------------------------------------


class Colour(models.TextChoices):
    """The legend of seed 004: how a form compares with the trajectory supporter (TO) of *Vroeg en nabij*."""

    PARALLEL = "parallel", _("parallel with the trajectory supporter")
    PARTLY = "partly", _("partly parallel")
    NOT_PARALLEL = "not_parallel", _("not parallel")
    UNKNOWN = "unknown", _("no information, unclear")
    NOT_REGULATED = "not_regulated", _("not regulated")


class Criterion(models.TextChoices):
    TARGET_GROUP = "target_group", _("target group")
    GOALS = "goals", _("goals")
    WAY_IN = "way_in", _("way in (voluntary or mandated)")
    WHO_SUPPORTS = "who_supports", _("who supports")
    DURATION = "duration", _("duration and intensity")
    CONTINUITY = "continuity", _("continuity")
    OUTREACH = "outreach", _("outreach")
    GENERALIST = "generalist", _("generalist or specialist")
    COOPERATION = "cooperation", _("cooperation")
    SIGNALLING = "signalling", _("signalling to policy")


class SupportForm(models.Model):
    """One of the 24 support forms that seed 004 compares with the trajectory supporter (reference data)."""

    key = models.SlugField(max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(default=0)
    seed_page = models.PositiveSmallIntegerField()
    seed_column = models.CharField(max_length=10)
    seed_line = models.PositiveIntegerField()
    summary = models.TextField(_("summary"))
    situations = models.JSONField(default=list)  # situation codes of spalk.network.supportforms.SITUATIONS

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("support form")
        verbose_name_plural = _("support forms")

    def __str__(self) -> str:
        return self.name


class SupportFormCriterion(models.Model):
    form = models.ForeignKey(SupportForm, on_delete=models.CASCADE, related_name="criteria")
    criterion = models.CharField(max_length=20, choices=Criterion.choices)
    colour = models.CharField(max_length=20, choices=Colour.choices)
    note = models.TextField()

    class Meta:
        ordering = ["form", "pk"]
        constraints = [models.UniqueConstraint(fields=["form", "criterion"], name="support_form_criterion_unique")]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.colour}"


# --- Consent ----------------------------------------------------------------------------------------------------


class Basis(models.TextChoices):
    """Why sharing is allowed: the family's consent, or a legal basis written on the record instead."""

    CONSENT = "consent", _("consent of the family")
    COURT = "court", _("court mandate")
    OCJ = "ocj", _("mandate of the OCJ")
    CHILD_DANGER = "child_danger", _("duty to protect a child in danger")
    LEGAL = "legal", _("another legal basis, as written on the record")


class Scope(models.TextChoices):
    """What may be shared under a record."""

    REPORTS = "reports", _("reports")
    NOTES = "notes", _("logbook notes")
    SUMMARY = "summary", _("a summary")
    ALL = "all", _("reports, notes and summaries")
    REGISTRATION = "registration", _("the registration and the A-document (intake)")


class ConsentRecord(models.Model):
    """A consent (or legal basis) for one purpose: what is shared, with whom, why, from when until when.

    Withdrawal takes effect at once: ``withdrawn_at`` is set and no share is possible under the record any more.
    The consent given at intake for the registration and the A-document is such a record too
    (``registration`` set, kept in step with the members' consent by ``spalk.network.intake_sync``).
    """

    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="+")
    family = models.ForeignKey("families.Family", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="consent_records")
    registration = models.ForeignKey("intake.Registration", on_delete=models.CASCADE, null=True, blank=True,
                                     related_name="consent_records")
    basis = models.CharField(_("basis"), max_length=20, choices=Basis.choices, default=Basis.CONSENT)
    basis_note = models.TextField(_("legal basis, as written"), blank=True,
                                  help_text=_("For a legal basis: which mandate or duty, its reference and date."))
    scope = models.CharField(_("what may be shared"), max_length=20, choices=Scope.choices)
    scope_note = models.CharField(_("what exactly"), max_length=300, blank=True)
    organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("with which organisation"))
    contact = models.ForeignKey("partners.ContactPerson", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("with which person"))
    recipient_text = models.CharField(_("recipient (free text)"), max_length=200, blank=True)
    purpose = models.TextField(_("why"))
    valid_from = models.DateField(_("from"))
    valid_until = models.DateField(_("until"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    withdrawal_note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-valid_from", "-pk"]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        indexes = [models.Index(fields=["family", "withdrawn_at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(family__isnull=False) | models.Q(registration__isnull=False),
                                   name="consent_record_has_owner"),
            models.CheckConstraint(condition=models.Q(valid_until__isnull=True)
                                   | models.Q(valid_until__gte=models.F("valid_from")),
                                   name="consent_record_period"),
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} → {self.recipient_label}"

    @property
    def recipient_label(self) -> str:
        parts = [p for p in (self.organisation.name if self.organisation_id and self.organisation else "",
                             self.contact.name if self.contact_id and self.contact else "", self.recipient_text) if p]
        return " · ".join(parts) or "—"

    def in_period(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class Answer(models.TextChoices):
    GIVEN = "given", _("given")
    REFUSED = "refused", _("refused")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Capacity(models.TextChoices):
    PARENT = "parent", _("parent")
    MINOR_12 = "minor_12", _("minor aged 12 or more, for what concerns them")
    OTHER = "other", _("other")


class ConsentGiver(models.Model):
    """Who gave (or refused) the consent of a record: each parent, a minor of 12 or more for what concerns them."""

    record = models.ForeignKey(ConsentRecord, on_delete=models.CASCADE, related_name="givers")
    person = models.ForeignKey("families.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    registration_member = models.ForeignKey("intake.RegistrationMember", on_delete=models.CASCADE, null=True,
                                            blank=True, related_name="consent_givers")
    name = models.CharField(_("name"), max_length=200)
    capacity = models.CharField(_("capacity"), max_length=20, choices=Capacity.choices)
    answer = models.CharField(_("answer"), max_length=12, choices=Answer.choices, default=Answer.GIVEN)
    answered_on = models.DateField(_("answered on"))

    class Meta:
        ordering = ["record", "capacity", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.capacity}: {self.answer})"


# --- Shares ----------------------------------------------------------------------------------------------------


class ShareKind(models.TextChoices):
    REPORT = "report", _("report")
    NOTE = "note", _("logbook note")
    SUMMARY = "summary", _("summary")


SCOPE_COVERS: dict[str, frozenset[str]] = {
    Scope.REPORTS: frozenset({ShareKind.REPORT}),
    Scope.NOTES: frozenset({ShareKind.NOTE}),
    Scope.SUMMARY: frozenset({ShareKind.SUMMARY}),
    Scope.ALL: frozenset({ShareKind.REPORT, ShareKind.NOTE, ShareKind.SUMMARY}),
    Scope.REGISTRATION: frozenset(),
}


def share_path(instance: Share, filename: str) -> str:
    import secrets

    return f"shares/{instance.centre_id}/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.pdf"


def share_storage():
    """The ``reports`` storage (outside the web root, served only through the policy), under ``shares/``."""
    from django.core.files.storage import storages

    return storages["reports"]


class Share(models.Model):
    """One thing shared with a partner, under one consent record. Never edited: a record of what happened.

    What was shared is kept as it went out (the *artefact*): an issued report is its frozen PDF (``artefact``
    stays empty, ``artefact_sha256`` is the report's ``pdf_sha256``); a note or a summary is rendered to a PDF
    whose footer names the recipient and the consent, stored with its sha256. spalk never sends it: the worker
    downloads it (audited) and sends it through a secure channel (docs/network.md)."""

    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="+")
    family = models.ForeignKey("families.Family", on_delete=models.PROTECT, related_name="partner_shares")
    consent = models.ForeignKey(ConsentRecord, on_delete=models.PROTECT, related_name="shares")
    kind = models.CharField(_("what"), max_length=10, choices=ShareKind.choices)
    report = models.ForeignKey("plans.Report", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    note = models.ForeignKey("logbook.Note", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    summary = models.TextField(_("summary"), blank=True)
    organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    contact = models.ForeignKey("partners.ContactPerson", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")
    recipient_label = models.CharField(max_length=300)
    title = models.CharField(max_length=300)
    concerns = models.ManyToManyField("families.Person", blank=True, related_name="+")
    shared_at = models.DateTimeField(auto_now_add=True)
    shared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    artefact = models.FileField(storage=share_storage, upload_to=share_path, max_length=300, blank=True, default="",
                                editable=False)
    artefact_sha256 = models.CharField(max_length=64, blank=True, default="", editable=False)

    class Meta:
        ordering = ["-shared_at", "-pk"]
        indexes = [models.Index(fields=["family", "-shared_at"])]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient_label}"


# --- Network meetings and agreements -----------------------------------------------------------------------------


class MeetingKind(models.TextChoices):
    NETWORK_TABLE = "network_table", _("network table (netwerktafel)")
    CLIENT_MEETING = "client_meeting", _("client meeting (cliëntoverleg)")


class NetworkMeeting(WithholdingMark):
    """A netwerktafel or cliëntoverleg: who took part, the family's own voice, agreements, the next date."""

    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="+")
    family = models.ForeignKey("families.Family", on_delete=models.PROTECT, related_name="network_meetings")
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices, default=MeetingKind.NETWORK_TABLE)
    held_on = models.DateField(_("date"))
    family_participants = models.CharField(_("from the family"), max_length=300, blank=True)
    network_participants = models.CharField(_("from the network"), max_length=300, blank=True,
                                            help_text=_("Grandparents, neighbours, safety persons ..."))
    partner_participants = models.CharField(_("partners"), max_length=300, blank=True)
    organisations = models.ManyToManyField("partners.Organisation", blank=True, related_name="+",
                                           verbose_name=_("partner organisations"))
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("staff"))
    family_voice = models.TextField(_("the family's own voice"), blank=True,
                                    help_text=_("What the family said, in their own words."))
    summary = models.TextField(_("what was discussed"), blank=True)
    next_on = models.DateField(_("next meeting"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta(WithholdingMark.Meta):
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%d/%m/%Y}"


class Agreement(models.Model):
    """Who does what by when, agreed at a network meeting; shown in the plan and on the responsible's start screen."""

    meeting = models.ForeignKey(NetworkMeeting, on_delete=models.CASCADE, related_name="agreements")
    family = models.ForeignKey("families.Family", on_delete=models.PROTECT, related_name="network_agreements")
    what = models.CharField(_("what"), max_length=300)
    who = models.CharField(_("who"), max_length=150, blank=True, help_text=_("Family, network or partner."))
    responsible = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("responsible worker"))
    due_on = models.DateField(_("by when"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.what


# --- Referrals out -------------------------------------------------------------------------------------------------


class ReferralStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    ACCEPTED = "accepted", _("accepted")
    STARTED = "started", _("started")
    REFUSED = "refused", _("refused")


REFERRAL_STEPS: dict[str, tuple[str, ...]] = {
    ReferralStatus.PROPOSED: (ReferralStatus.ACCEPTED, ReferralStatus.REFUSED),
    ReferralStatus.ACCEPTED: (ReferralStatus.STARTED, ReferralStatus.REFUSED),
    ReferralStatus.STARTED: (),
    ReferralStatus.REFUSED: (),
}


class Referral(models.Model):
    """A referral out to a partner: to whom, why, its status, the warm hand-over, the follow-up after care ends."""

    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="+")
    family = models.ForeignKey("families.Family", on_delete=models.PROTECT, related_name="referrals_out")
    organisation = models.ForeignKey("partners.Organisation", on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("to which organisation"))
    contact = models.ForeignKey("partners.ContactPerson", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+", verbose_name=_("contact person"))
    support_form = models.ForeignKey(SupportForm, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+", verbose_name=_("support form"))
    reason = models.TextField(_("why"))
    status = models.CharField(_("status"), max_length=10, choices=ReferralStatus.choices,
                              default=ReferralStatus.PROPOSED)
    status_note = models.TextField(_("note on the status"), blank=True)
    handover_confirmed_on = models.DateField(_("hand-over confirmed by the partner on"), null=True, blank=True)
    handover_confirmed_by = models.CharField(_("confirmed by"), max_length=150, blank=True)
    follow_up_on = models.DateField(_("follow-up after care ends"), null=True, blank=True,
                                    help_text=_("When the centre contacts the family again (terugvalbasis)."))
    follow_up_note = models.TextField(_("follow-up"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.status}"


# --- Signals to policy --------------------------------------------------------------------------------------------


class SignalCategory(models.TextChoices):
    NO_PLACE = "no_place", _("no place available")
    WAITING = "waiting", _("waiting too long")
    NO_SERVICE = "no_service", _("no service in the region")
    RULES = "rules", _("rules that block")
    COSTS = "costs", _("costs")
    OTHER = "other", _("other")


class PolicySignal(models.Model):
    """A gap or threshold the team met. Counted anonymously per period, category and region; the family link
    only serves to count distinct families and is never exported."""

    centre = models.ForeignKey("centres.Centre", on_delete=models.PROTECT, related_name="+")
    family = models.ForeignKey("families.Family", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    category = models.CharField(_("category"), max_length=20, choices=SignalCategory.choices)
    municipality = models.CharField(_("municipality"), max_length=100, blank=True)
    primary_care_zone = models.CharField(_("eerstelijnszone"), max_length=100)
    noted_on = models.DateField(_("noted on"))
    description = models.TextField(_("what happened"), help_text=_("Without names: this text is not exported."))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")

    class Meta:
        ordering = ["-noted_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.category} {self.primary_care_zone} {self.noted_on:%m/%Y}"
