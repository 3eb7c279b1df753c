"""Assistance given between registration and departure (kits, vouchers, medical care, shelter,
legal aid, …), the distribution days that give the same kit to many cases at once, and
counselling sessions and appointments."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awda.lib.crypto import EncryptedTextField


class AssistanceType(models.TextChoices):
    FOOD_KIT = "food_kit", _("Food kit")
    NON_FOOD_KIT = "non_food_kit", _("Non-food kit")
    HYGIENE_KIT = "hygiene_kit", _("Hygiene kit")
    VOUCHER = "voucher", _("Voucher")
    MEDICAL_CONSULTATION = "medical_consultation", _("Medical consultation")
    MEDICATION = "medication", _("Medication")
    SHELTER_NIGHTS = "shelter_nights", _("Emergency shelter (nights)")
    PSYCHOSOCIAL_SESSION = "psychosocial_session", _("Psychosocial session")
    LEGAL_AID = "legal_aid", _("Legal or administrative aid")
    CASH = "cash", _("Cash")
    TRANSPORT = "transport", _("Transport")
    OTHER = "other", _("Other")


# Types whose unit is not "one item": the quantity field reads differently.
QUANTITY_UNITS = {
    AssistanceType.SHELTER_NIGHTS: _("nights"),
    AssistanceType.PSYCHOSOCIAL_SESSION: _("sessions"),
    AssistanceType.MEDICAL_CONSULTATION: _("consultations"),
}

CURRENCIES = [("MAD", "MAD"), ("EUR", "EUR"), ("USD", "USD")]


class Distribution(models.Model):
    """A distribution day: the same kit given to many cases of one office on one date.

    `idempotency_key` comes from the form (generated when it was rendered): the same form
    submitted twice, even by two parallel requests, records one distribution.
    """

    office = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="distributions",
    )
    date = models.DateField(_("date"))
    type = models.CharField(_("type"), max_length=24, choices=AssistanceType.choices)
    quantity_per_case = models.PositiveIntegerField(
        _("quantity per case"), default=1, validators=[MinValueValidator(1)]
    )
    unit_value = models.DecimalField(
        _("unit value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCIES, default="MAD")
    provider = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    programme = models.ForeignKey(
        "funding.Programme",
        verbose_name=_("programme charged"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    location = models.CharField(_("place"), max_length=200, blank=True)
    idempotency_key = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("distribution")
        verbose_name_plural = _("distributions")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["office", "date"])]

    def __str__(self) -> str:
        return f"{self.get_type_display()} · {self.date:%Y-%m-%d}"


class AssistanceRecord(models.Model):
    """One assistance given to a person, or to the whole group when `person` is empty.

    Reports count records ("assistances"), sum quantities and values; see
    `awda.assistance.selectors.assistance_counts_by_type`.
    """

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="assistance_records"
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assistance_records",
        help_text=_("Empty: the whole group."),
    )
    type = models.CharField(_("type"), max_length=24, choices=AssistanceType.choices)
    quantity = models.PositiveIntegerField(
        _("quantity"), default=1, validators=[MinValueValidator(1)]
    )
    unit_value = models.DecimalField(
        _("unit value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCIES, default="MAD")
    date = models.DateField(_("date"))
    provider = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("provider"),
        on_delete=models.PROTECT,
        related_name="assistance_provided",
    )
    programme = models.ForeignKey(
        "funding.Programme",
        verbose_name=_("programme charged"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assistance_records",
    )
    distribution = models.ForeignKey(
        Distribution,
        verbose_name=_("distribution"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="records",
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The one-time key of the form it came from (empty for distributions and imports).
    request_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("assistance")
        verbose_name_plural = _("assistances")
        ordering = ["-date", "-id"]
        indexes = [
            # Covering (PostgreSQL): the report's count by type reads the index only.
            models.Index(
                fields=["date", "type"],
                include=["currency", "quantity", "unit_value", "programme"],
                name="assistance_date_type_cov",
            ),
            models.Index(fields=["case", "date"]),
        ]
        constraints = [
            # A case receives a distribution once.
            models.UniqueConstraint(
                fields=["distribution", "case"],
                condition=models.Q(distribution__isnull=False),
                name="one_record_per_case_and_distribution",
            )
        ]

    @property
    def total_value(self):
        if self.unit_value is None:
            return None
        return self.unit_value * self.quantity


class CounsellingTopic(models.TextChoices):
    RETURN_PROCESS = "return_process", _("Return process and rights")
    VOLUNTARINESS = "voluntariness", _("Voluntary decision and withdrawal")
    REINTEGRATION = "reintegration", _("Reintegration options")
    TRAINING = "training", _("Pre-departure training")
    TRAVEL_DOCUMENTS = "travel_documents", _("Travel documents")
    HEALTH = "health", _("Health")
    FAMILY = "family", _("Family situation")
    PSYCHOSOCIAL = "psychosocial", _("Psychosocial well-being")
    LEGAL = "legal", _("Legal situation")
    OTHER = "other", _("Other")


class CounsellingSession(models.Model):
    """A counselling or orientation session with the group (or one of its members)."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="counselling_sessions"
    )
    date = models.DateField(_("date"))
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("counsellor"),
        on_delete=models.PROTECT,
        related_name="counselling_sessions",
    )
    topics = models.JSONField(_("topics"), default=list)
    interpreter_language = models.CharField(
        _("interpreter language"),
        max_length=60,
        blank=True,
        help_text=_("Empty if no interpreter was needed."),
    )
    # Counselling notes are read by the case's counsellors; encrypted at rest like other
    # personal accounts.
    notes = EncryptedTextField(_("notes"), blank=True)
    request_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("counselling session")
        verbose_name_plural = _("counselling sessions")
        ordering = ["-date", "-id"]

    def topic_labels(self) -> list[str]:
        labels = dict(CounsellingTopic.choices)
        return [str(labels.get(t, t)) for t in self.topics]


class Appointment(models.Model):
    """A planned meeting with the group: the next counselling session, a medical visit, …"""

    class Kind(models.TextChoices):
        COUNSELLING = "counselling", _("Counselling")
        MEDICAL = "medical", _("Medical")
        DOCUMENTS = "documents", _("Travel documents")
        PRE_DEPARTURE = "pre_departure", _("Pre-departure briefing")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ATTENDED = "attended", _("Attended")
        MISSED = "missed", _("Missed")
        CANCELLED = "cancelled", _("Cancelled")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="appointments")
    at = models.DateTimeField(_("date and time"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default="counselling")
    with_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("with"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="appointments",
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["with_user", "status", "at"])]
        constraints = [
            # Two clicks on "plan" do not give the same person two appointments at one time.
            models.UniqueConstraint(
                fields=["case", "at", "kind"],
                condition=models.Q(status="planned"),
                name="one_planned_appointment_per_case_time_kind",
            )
        ]
