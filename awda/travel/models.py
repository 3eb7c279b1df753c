"""Departure operations: laissez-passer consulaire (LPC) requests to consulates, movements
(itinerary, tickets, escort), departures and their manifests, the police exit authorisation
(PV, procès-verbal), the departure-day checklist with the per diem, fitness to travel, and
the resettlement pre-departure steps (medical examination, cultural orientation).

Rows change only through `awda.travel.services`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class DocumentSituation(models.TextChoices):
    """Why the person needs a laissez-passer."""

    LOST = "lost", _("Passport lost or stolen")
    EXPIRED = "expired", _("Passport expired")
    NEVER_HAD = "never_had", _("Never had a passport")
    WITHHELD = "withheld", _("Passport withheld by a third party")
    OTHER = "other", _("Other")


class LpcStatus(models.TextChoices):
    REQUESTED = "requested", _("Sent to the consulate")
    INTERVIEW_SCHEDULED = "interview_scheduled", _("Identification interview scheduled")
    IDENTITY_CONFIRMED = "identity_confirmed", _("Identity confirmed")
    ISSUED = "issued", _("LPC issued")
    REFUSED = "refused", _("Refused by the consulate")
    CANCELLED = "cancelled", _("Cancelled by IOM")


# Requests the consulate still has to act on.
LPC_OPEN_STATUSES = (
    LpcStatus.REQUESTED,
    LpcStatus.INTERVIEW_SCHEDULED,
    LpcStatus.IDENTITY_CONFIRMED,
)


class LpcBatch(models.Model):
    """A nominal list of LPC requests sent to one consulate in one go."""

    reference = models.CharField(_("reference"), max_length=48, unique=True)
    consulate = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("consulate"),
        on_delete=models.PROTECT,
        related_name="lpc_batches",
    )
    office = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("IOM office"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    sent_on = models.DateField(_("sent on"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-sent_on", "-id"]
        verbose_name = _("LPC request list")
        verbose_name_plural = _("LPC request lists")

    def __str__(self) -> str:
        return self.reference


class LpcRequest(models.Model):
    """A request to the consulate of a person's nationality to identify them and issue an
    LPC (laissez-passer consulaire) when they have no valid passport."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="lpc_requests")
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="lpc_requests",
    )
    consulate = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("consulate"),
        on_delete=models.PROTECT,
        related_name="lpc_requests",
    )
    batch = models.ForeignKey(
        LpcBatch,
        verbose_name=_("list"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests",
    )
    status = models.CharField(
        _("status"), max_length=24, choices=LpcStatus.choices, default=LpcStatus.REQUESTED
    )
    document_situation = models.CharField(
        _("why an LPC is needed"), max_length=16, choices=DocumentSituation.choices
    )
    previous_document_number = models.CharField(
        _("number of the lost or expired passport"), max_length=64, blank=True
    )
    place_of_birth = models.CharField(_("place of birth"), max_length=150, blank=True)
    requested_on = models.DateField(_("requested on"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    interview_at = models.DateTimeField(_("identification interview"), null=True, blank=True)
    interview_place = models.CharField(_("interview place"), max_length=200, blank=True)
    identity_confirmed_on = models.DateField(_("identity confirmed on"), null=True, blank=True)
    lpc_number = models.CharField(_("LPC number"), max_length=64, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    document = models.ForeignKey(
        "people.IdentityDocument",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    refusal_reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-requested_on", "-id"]
        verbose_name = _("LPC request")
        verbose_name_plural = _("LPC requests")
        constraints = [
            # Two clicks or two colleagues never send the same person twice.
            models.UniqueConstraint(
                fields=["case", "person"],
                condition=Q(status__in=["requested", "interview_scheduled", "identity_confirmed"]),
                name="one_open_lpc_request_per_person",
            )
        ]
        indexes = [models.Index(fields=["consulate", "status"])]

    def __str__(self) -> str:
        return f"LPC {self.person} → {self.consulate}"

    @property
    def is_open(self) -> bool:
        return self.status in LPC_OPEN_STATUSES


class MovementMode(models.TextChoices):
    AIR = "air", _("By air")
    LAND = "land", _("By land")


class BorderPost(models.TextChoices):
    """Where people leave Morocco (the border post whose police stamp the document)."""

    CMN = "CMN", _("Casablanca – Mohammed V airport")
    RBA = "RBA", _("Rabat-Salé airport")
    OUD = "OUD", _("Oujda – Angads airport")
    TNG = "TNG", _("Tanger – Ibn Battouta airport")
    RAK = "RAK", _("Marrakech – Menara airport")
    GUERGUERAT = "GGT", _("El Guerguerat land border post")


# Border police organisations and the post they work at (organisation code → post).
POLICE_POSTS = {
    "DGSN-CMN": BorderPost.CMN,
    "DGSN-RBA": BorderPost.RBA,
    "DGSN-OUJ": BorderPost.OUD,
    "DGSN-TNG": BorderPost.TNG,
    "DGSN-RAK": BorderPost.RAK,
    "DGSN-GGT": BorderPost.GUERGUERAT,
}


class Departure(models.Model):
    """One departure from a border post on one date: a flight (scheduled or charter) or a
    land convoy. Its manifest is every person booked on it, whatever their case."""

    date = models.DateField(_("date"))
    post = models.CharField(_("border post"), max_length=3, choices=BorderPost.choices)
    mode = models.CharField(_("mode"), max_length=4, choices=MovementMode.choices)
    carrier = models.CharField(_("carrier"), max_length=100)
    flight_number = models.CharField(_("flight number"), max_length=16, blank=True)
    departs_at = models.TimeField(_("departure time"), null=True, blank=True)
    destination = models.CharField(_("first destination"), max_length=100, blank=True)
    is_charter = models.BooleanField(_("charter"), default=False)
    capacity = models.PositiveIntegerField(_("seats reserved"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["date", "departs_at", "post", "flight_number"]
        verbose_name = _("departure")
        verbose_name_plural = _("departures")
        constraints = [
            models.UniqueConstraint(
                fields=["date", "post", "carrier", "flight_number"], name="one_departure_per_flight"
            )
        ]
        indexes = [models.Index(fields=["post", "date"])]

    def __str__(self) -> str:
        label = " ".join(p for p in (self.carrier, self.flight_number) if p)
        return f"{label} · {self.date:%Y-%m-%d} · {self.post}"


class MovementStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    DEPARTED = "departed", _("Departed")
    NO_SHOW = "no_show", _("No-show")
    CANCELLED = "cancelled", _("Cancelled")


class Movement(models.Model):
    """The journey of one case's group: itinerary, booking, tickets charged to a programme,
    escort. A case has at most one booked movement at a time."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="movements")
    departure = models.ForeignKey(
        Departure, verbose_name=_("departure"), on_delete=models.PROTECT, related_name="movements"
    )
    mode = models.CharField(_("mode"), max_length=4, choices=MovementMode.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=MovementStatus.choices, default=MovementStatus.BOOKED
    )
    programme = models.ForeignKey(
        "funding.Programme",
        verbose_name=_("programme charged"),
        on_delete=models.PROTECT,
        related_name="movements",
    )
    booking_reference = models.CharField(_("booking reference"), max_length=32, blank=True)
    destination_country = CountryField(_("destination country"))
    final_destination = models.CharField(_("final destination"), max_length=100, blank=True)
    escort = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("IOM escort"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="escorted_movements",
    )
    escort_name = models.CharField(_("other escort"), max_length=200, blank=True)
    booked_on = models.DateField(_("booked on"))
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status_reason = models.TextField(_("reason"), blank=True)
    status_changed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-departure__date", "-id"]
        verbose_name = _("movement")
        verbose_name_plural = _("movements")
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=Q(status="booked"), name="one_booked_movement_per_case"
            )
        ]
        indexes = [models.Index(fields=["status", "mode"])]

    def __str__(self) -> str:
        return f"{self.case} · {self.departure}"

    @property
    def has_escort(self) -> bool:
        return bool(self.escort_id or self.escort_name.strip())

    @property
    def escort_label(self) -> str:
        if self.escort_id:
            return self.escort.get_full_name() or self.escort.username
        return self.escort_name


class MovementLeg(models.Model):
    """One segment of the itinerary (a flight or a bus), in order."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="legs")
    sequence = models.PositiveSmallIntegerField()
    carrier = models.CharField(_("carrier"), max_length=100)
    flight_number = models.CharField(_("flight number"), max_length=16, blank=True)
    from_place = models.CharField(_("from"), max_length=100)
    to_place = models.CharField(_("to"), max_length=100)
    departs_on = models.DateField(_("departure date"))
    departs_at = models.TimeField(_("departure time"), null=True, blank=True)
    arrives_on = models.DateField(_("arrival date"), null=True, blank=True)
    arrives_at = models.TimeField(_("arrival time"), null=True, blank=True)

    class Meta:
        ordering = ["movement", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["movement", "sequence"], name="leg_sequence_once")
        ]


class PassengerStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    BOARDED = "boarded", _("Boarded")
    NO_SHOW = "no_show", _("No-show")
    CANCELLED = "cancelled", _("Cancelled")


class Passenger(models.Model):
    """One person on a movement: ticket, quota charged, departure-day checklist, per diem.

    A ticket consumes one ticket of the quota it is charged to until it is cancelled.
    """

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="passengers")
    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    ticket_number = models.CharField(_("ticket number"), max_length=32, blank=True)
    quota = models.ForeignKey(
        "funding.QuotaAgreement",
        verbose_name=_("quota charged"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="passengers",
    )
    travel_document = models.ForeignKey(
        "people.IdentityDocument",
        verbose_name=_("travel document"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=PassengerStatus.choices, default=PassengerStatus.BOOKED
    )
    # Departure-day checklist: who ticked each step and when.
    escorted_at = models.DateTimeField(_("escorted to the border post"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    currency_exchanged_at = models.DateTimeField(_("currency exchanged"), null=True, blank=True)
    per_diem_amount = models.DecimalField(
        _("per diem"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    per_diem_currency = models.CharField(_("currency"), max_length=3, blank=True)
    per_diem_receipt_signed = models.BooleanField(_("receipt signed"), default=False)
    per_diem_paid_at = models.DateTimeField(_("per diem paid"), null=True, blank=True)
    per_diem_paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    boarded_at = models.DateTimeField(_("boarded"), null=True, blank=True)

    class Meta:
        ordering = ["movement", "id"]
        verbose_name = _("passenger")
        verbose_name_plural = _("passengers")
        constraints = [
            models.UniqueConstraint(fields=["movement", "person"], name="passenger_once"),
            models.CheckConstraint(
                condition=Q(per_diem_amount__isnull=True) | Q(per_diem_amount__gte=0),
                name="per_diem_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return str(self.person)


class ExitAuthorisation(models.Model):
    """The police report (PV, procès-verbal) that authorises a person to leave Morocco."""

    passenger = models.OneToOneField(
        Passenger, on_delete=models.CASCADE, related_name="exit_authorisation"
    )
    pv_number = models.CharField(_("PV number"), max_length=64)
    issued_on = models.DateField(_("issued on"))
    police_unit = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("police unit"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("exit authorisation")
        verbose_name_plural = _("exit authorisations")


class FitnessOutcome(models.TextChoices):
    FIT = "fit", _("Fit to travel")
    FIT_WITH_CONDITIONS = "fit_with_conditions", _("Fit to travel with conditions")
    UNFIT = "unfit", _("Not fit to travel")


class FitnessToTravel(models.Model):
    """The medical decision that a person with medical needs can travel, and on what terms
    (medical escort, wheelchair, oxygen…). Only the outcome and the travel conditions are
    kept here; the medical details stay in the protection record."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="fitness_assessments"
    )
    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    assessed_on = models.DateField(_("assessed on"))
    outcome = models.CharField(_("outcome"), max_length=24, choices=FitnessOutcome.choices)
    conditions = models.CharField(_("travel conditions"), max_length=300, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-assessed_on", "-id"]
        verbose_name = _("fitness to travel")
        verbose_name_plural = _("fitness to travel assessments")


class ExaminationResult(models.TextChoices):
    CLEARED = "cleared", _("Cleared for travel")
    CLEARED_WITH_CONDITIONS = "cleared_with_conditions", _("Cleared with conditions")
    DEFERRED = "deferred", _("Deferred (treatment first)")
    NOT_CLEARED = "not_cleared", _("Not cleared")


class MedicalExamination(models.Model):
    """Resettlement: the medical examination before travel required by the receiving country."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="medical_examinations"
    )
    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    examined_on = models.DateField(_("examined on"))
    result = models.CharField(_("result"), max_length=24, choices=ExaminationResult.choices)
    clinic = models.CharField(_("clinic or panel physician"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-examined_on", "-id"]
        verbose_name = _("medical examination")
        verbose_name_plural = _("medical examinations")


class CulturalOrientation(models.Model):
    """Resettlement: attendance of a cultural orientation session about the new country."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="cultural_orientations"
    )
    person = models.ForeignKey(
        "people.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    session_on = models.DateField(_("session on"))
    attended = models.BooleanField(_("attended"), default=True)
    facilitator = models.CharField(_("facilitator"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-session_on", "-id"]
        verbose_name = _("cultural orientation session")
        verbose_name_plural = _("cultural orientation sessions")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "person", "session_on"], name="orientation_once_per_day"
            )
        ]
