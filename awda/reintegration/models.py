"""Reintegration after return: handover to the receiving mission and arrival reception,
reintegration plans and their components, disbursements, monitoring visits, sustainability
and satisfaction surveys, and the pre-arrival steps for Moroccans coming home.

Rows are written only by `awda.reintegration.services`.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from awda.lib.crypto import EncryptedTextField
from awda.reintegration.taxonomy import ComponentKind, Dimension, PlanLevel

_user = settings.AUTH_USER_MODEL


def _random_name(folder: str, filename: str) -> str:
    # Random names: a file name must never carry a returnee's name or a case reference.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"reintegration/{folder}/{uuid.uuid4().hex}.{ext}"


def receipt_upload_to(instance, filename: str) -> str:
    return _random_name("receipts", filename)


def photo_upload_to(instance, filename: str) -> str:
    return _random_name("photos", filename)


class Reception(models.Model):
    """The handover of a departed case to the mission that receives it, and the arrival.

    Created when the case departs (outbound) or when a Moroccan returnee's arrival is
    recorded (inbound); the arrival fields are filled when the returnee is met.
    """

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="reception")
    mission = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("receiving organisation"),
        on_delete=models.PROTECT,
        related_name="receptions",
    )
    handed_over_on = models.DateField(_("handed over on"))
    arrived_on = models.DateField(_("arrived on"), null=True, blank=True)
    met_at_airport = models.BooleanField(_("met at the airport or border post"), default=False)
    arrival_point = models.CharField(_("airport or border post"), max_length=120, blank=True)
    onward_transport = models.BooleanField(_("onward transport provided"), default=False)
    onward_destination = models.CharField(_("onward destination"), max_length=120, blank=True)
    first_counselling_on = models.DateField(_("first counselling on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        _user, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("arrival reception")
        verbose_name_plural = _("arrival receptions")
        indexes = [models.Index(fields=["mission", "arrived_on"])]


class FamilyTracing(models.Model):
    """Step 1 for Moroccans coming home: family tracing and information collection."""

    class Outcome(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        LOCATED = "located", _("Family located and contacted")
        NOT_LOCATED = "not_located", _("Family not located")
        NOT_WANTED = "not_wanted", _("The returnee does not want the family contacted")

    case = models.OneToOneField(
        "cases.Case", on_delete=models.CASCADE, related_name="family_tracing"
    )
    started_on = models.DateField(_("started on"))
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=Outcome.choices, default=Outcome.IN_PROGRESS
    )
    contact_name = models.CharField(_("family contact"), max_length=200, blank=True)
    contact_relationship = models.CharField(_("relationship"), max_length=100, blank=True)
    contact_phone = models.CharField(_("phone"), max_length=32, blank=True)
    contact_city = models.CharField(_("city"), max_length=100, blank=True)
    information_collected = models.TextField(_("information collected"), blank=True)
    updated_by = models.ForeignKey(
        _user, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("family tracing")
        verbose_name_plural = _("family tracing")


class InformationExchange(models.Model):
    """Step 2 for Moroccans coming home: what IOM Morocco and the host-country mission shared."""

    class Channel(models.TextChoices):
        VIRTUAL_SESSION = "virtual_session", _("Virtual session with the returnee")
        EMAIL = "email", _("Email")
        CALL = "call", _("Phone call")
        MEETING = "meeting", _("Meeting")

    class Feasibility(models.TextChoices):
        NOT_ASSESSED = "not_assessed", _("Not assessed yet")
        FEASIBLE = "feasible", _("Feasible")
        WITH_CHANGES = "with_changes", _("Feasible with changes")
        NOT_FEASIBLE = "not_feasible", _("Not feasible")

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="information_exchanges"
    )
    exchanged_on = models.DateField(_("date"))
    mission = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("host-country mission"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    subject = models.TextField(_("what was exchanged"))
    plan_feasibility = models.CharField(
        _("feasibility of the reintegration plan"),
        max_length=16,
        choices=Feasibility.choices,
        default=Feasibility.NOT_ASSESSED,
    )
    recorded_by = models.ForeignKey(
        _user, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    request_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["exchanged_on", "id"]
        verbose_name = _("information exchange")
        verbose_name_plural = _("information exchanges")


class ReturneeCounselling(models.Model):
    """Counselling and orientation after arrival (step 3 for Moroccans coming home)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    counselled_on = models.DateField(_("date"))
    # Counselling notes can carry psychosocial details: encrypted at rest.
    notes = EncryptedTextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        _user, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    request_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["counselled_on", "id"]
        verbose_name = _("counselling session")
        verbose_name_plural = _("counselling sessions")


class GroupActivity(models.Model):
    """A training session or psychosocial workshop given to several returnees at once."""

    kind = models.CharField(
        _("kind"),
        max_length=32,
        choices=[
            (ComponentKind.VOCATIONAL_TRAINING, ComponentKind.VOCATIONAL_TRAINING.label),
            (ComponentKind.PSYCHOSOCIAL_WORKSHOP, ComponentKind.PSYCHOSOCIAL_WORKSHOP.label),
        ],
    )
    title = models.CharField(_("title"), max_length=200)
    city = models.CharField(_("city"), max_length=100)
    held_on = models.DateField(_("date"))
    facilitator = models.CharField(_("facilitator"), max_length=200, blank=True)
    organiser = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organised by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        _user, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    request_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["-held_on", "id"]
        verbose_name = _("group activity")
        verbose_name_plural = _("group activities")

    def __str__(self) -> str:
        return f"{self.title} ({self.city}, {self.held_on:%d/%m/%Y})"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class ReintegrationPlan(models.Model):
    """One reintegration plan: for a returnee (and household), a collective project of at
    least two returnees, or a community project. Revisable; every version is kept in
    `PlanRevision`."""

    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="reintegration_plans",
    )
    managed_by = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("managed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.CharField(_("level"), max_length=16, choices=PlanLevel.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    programme = models.ForeignKey(
        "funding.Programme",
        verbose_name=_("charged to programme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    currency = models.CharField(
        _("currency"),
        max_length=3,
        default="USD",
        validators=[RegexValidator(r"^[A-Z]{3}$", _("Use a three-letter currency code."))],
    )
    needs_assessment = models.TextField(_("needs assessment"), blank=True)
    skills_assessment = models.TextField(_("skills and experience"), blank=True)
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True)
    project_title = models.CharField(_("project"), max_length=200, blank=True)
    community_description = models.TextField(_("community concerned"), blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=1)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approved_by = models.ForeignKey(
        _user, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        _user, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("reintegration plan")
        verbose_name_plural = _("reintegration plans")
        indexes = [
            models.Index(fields=["status", "approved_on"]),
            models.Index(fields=["managed_by", "status"]),
        ]

    def __str__(self) -> str:
        return _("Plan %(id)s") % {"id": self.pk}


class PlanBeneficiary(models.Model):
    """A returnee covered by a plan. A returnee has one plan at a time (`active`)."""

    plan = models.ForeignKey(
        ReintegrationPlan, on_delete=models.CASCADE, related_name="beneficiaries"
    )
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("plan beneficiary")
        verbose_name_plural = _("plan beneficiaries")
        constraints = [
            models.UniqueConstraint(fields=["plan", "person"], name="plan_beneficiary_once"),
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(active=True),
                name="one_active_plan_per_returnee",
            ),
        ]


class PlanComponent(models.Model):
    """One part of a plan: a micro-project in a sector, a training, cash, housing, …"""

    plan = models.ForeignKey(ReintegrationPlan, on_delete=models.CASCADE, related_name="components")
    kind = models.CharField(_("type"), max_length=32, choices=ComponentKind.choices)
    dimension = models.CharField(_("dimension"), max_length=16, choices=Dimension.choices)
    description = models.CharField(_("description"), max_length=300, blank=True)
    beneficiary = models.ForeignKey(
        "people.Person",
        verbose_name=_("for"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Leave empty when the component serves everyone in the plan."),
    )
    budget = models.DecimalField(
        _("budget"),
        max_digits=12,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    supplier = models.CharField(_("supplier or service provider"), max_length=200, blank=True)
    activity = models.ForeignKey(
        GroupActivity,
        verbose_name=_("session or workshop"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="components",
    )
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    request_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("plan component")
        verbose_name_plural = _("plan components")
        indexes = [models.Index(fields=["kind"])]


class PlanRevision(models.Model):
    """A frozen copy of a plan as it stood after each change, with who and why."""

    plan = models.ForeignKey(ReintegrationPlan, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    at = models.DateTimeField()
    actor = models.ForeignKey(_user, on_delete=models.SET_NULL, null=True, related_name="+")
    reason = models.TextField(blank=True)
    snapshot = models.JSONField()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_revision_number_once")
        ]


class DisbursementStatus(models.TextChoices):
    REQUESTED = "requested", _("Awaiting approval")
    APPROVED = "approved", _("Approved, to be paid")
    REJECTED = "rejected", _("Rejected")
    PAID = "paid", _("Paid")


class Disbursement(models.Model):
    """Money spent on a component: an in-kind purchase from a supplier or cash handed over.

    Requested, then approved by someone else who holds `approve_disbursement`, then paid
    with its receipt.
    """

    class Kind(models.TextChoices):
        IN_KIND = "in_kind", _("In-kind purchase")
        CASH = "cash", _("Cash handed to the returnee")

    component = models.ForeignKey(
        PlanComponent, on_delete=models.PROTECT, related_name="disbursements"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    programme = models.ForeignKey(
        "funding.Programme",
        verbose_name=_("charged to programme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    planned_on = models.DateField(_("planned for"))
    supplier = models.CharField(_("supplier"), max_length=200, blank=True)
    purpose = models.CharField(_("what it pays for"), max_length=300)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=DisbursementStatus.choices,
        default=DisbursementStatus.REQUESTED,
    )
    requested_by = models.ForeignKey(
        _user, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        _user, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    paid_by = models.ForeignKey(
        _user, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    receipt = models.FileField(_("receipt"), upload_to=receipt_upload_to, blank=True)
    receipt_number = models.CharField(_("receipt number"), max_length=64, blank=True)
    request_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["planned_on", "id"]
        verbose_name = _("disbursement")
        verbose_name_plural = _("disbursements")
        indexes = [models.Index(fields=["status", "paid_on"])]


class ProjectStatus(models.TextChoices):
    OPERATING = "operating", _("Operating")
    STRUGGLING = "struggling", _("Struggling")
    CLOSED = "closed", _("Closed")
    NOT_STARTED = "not_started", _("Not started yet")
    NOT_APPLICABLE = "not_applicable", _("No project (other assistance)")


class MonitoringVisit(models.Model):
    """A follow-up visit, due a number of months after return, and its report."""

    plan = models.ForeignKey(ReintegrationPlan, on_delete=models.CASCADE, related_name="visits")
    months_after = models.PositiveSmallIntegerField(_("months after return"), null=True, blank=True)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("visited on"), null=True, blank=True)
    project_status = models.CharField(
        _("project status"), max_length=16, choices=ProjectStatus.choices, blank=True
    )
    notes = models.TextField(_("notes"), blank=True)
    visited_by = models.ForeignKey(
        _user, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("monitoring visit")
        verbose_name_plural = _("monitoring visits")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "months_after"],
                condition=models.Q(months_after__isnull=False),
                name="one_scheduled_visit_per_month_mark",
            )
        ]
        indexes = [models.Index(fields=["done_on", "due_on"])]


class VisitPhoto(models.Model):
    visit = models.ForeignKey(MonitoringVisit, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("photo"), upload_to=photo_upload_to)
    uploaded_by = models.ForeignKey(
        _user, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)


class ScoringDefinition(models.Model):
    """A version of the sustainability scoring: dimensions, indicators, answer scores (0–1),
    weights and classification thresholds. Never edited once saved: a change is a new
    version, so every survey keeps the definition that computed its scores."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    label = models.CharField(_("label"), max_length=200)
    definition = models.JSONField(_("definition"))
    is_active = models.BooleanField(_("used for new surveys"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        _user, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("what changed"), blank=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("scoring definition")
        verbose_name_plural = _("scoring definitions")
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"],
                condition=models.Q(is_active=True),
                name="one_active_scoring_definition",
            )
        ]

    def __str__(self) -> str:
        return f"v{self.version} — {self.label}"


class SustainabilitySurvey(models.Model):
    """One round of the reintegration sustainability survey for one returnee.

    Round 0 is the baseline at arrival; 1, 2, … are the follow-up rounds. The scores are
    computed once, by the definition version this row points at, and stored.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    round = models.PositiveSmallIntegerField(_("round"))
    surveyed_on = models.DateField(_("date of the interview"))
    definition = models.ForeignKey(
        ScoringDefinition,
        verbose_name=_("scoring definition"),
        on_delete=models.PROTECT,
        related_name="surveys",
    )
    answers = models.JSONField(default=dict)
    economic = models.DecimalField(_("economic"), max_digits=5, decimal_places=4)
    social = models.DecimalField(_("social"), max_digits=5, decimal_places=4)
    psychosocial = models.DecimalField(_("psychosocial"), max_digits=5, decimal_places=4)
    composite = models.DecimalField(
        _("composite"),
        max_digits=5,
        decimal_places=4,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    classification = models.CharField(_("classification"), max_length=32, blank=True)
    recorded_by = models.ForeignKey(
        _user, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round"]
        verbose_name = _("sustainability survey")
        verbose_name_plural = _("sustainability surveys")
        constraints = [
            models.UniqueConstraint(fields=["case", "person", "round"], name="one_survey_per_round")
        ]


class SatisfactionSurvey(models.Model):
    """The post-return satisfaction survey (seed 000: satisfied with the return, specific
    needs taken into account during travel; for Moroccans: satisfied with IOM's assistance,
    support of the entourage crucial)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    surveyed_on = models.DateField(_("date of the interview"))
    satisfied_with_return = models.BooleanField(_("satisfied with the return"))
    needs_taken_into_account = models.BooleanField(
        _("specific needs taken into account during the journey")
    )
    satisfied_with_assistance = models.BooleanField(
        _("satisfied with the assistance received"), null=True, blank=True
    )
    entourage_support_crucial = models.BooleanField(
        _("support of family and entourage was crucial"), null=True, blank=True
    )
    comments = models.TextField(_("comments"), blank=True)
    recorded_by = models.ForeignKey(
        _user, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        constraints = [
            models.UniqueConstraint(fields=["case", "person"], name="one_satisfaction_survey")
        ]
        indexes = [models.Index(fields=["surveyed_on"])]
