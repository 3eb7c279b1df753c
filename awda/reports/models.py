"""The report's own tables: a person-level fact table and the background exports.

`PersonFact` is a denormalised copy of (CaseMember ⋈ Case ⋈ Person) with the columns the
annual report groups by. It is derived data: `awda.reports.services` rebuilds it in bulk
(`awda report-facts --rebuild`, after imports and the demo load) and refreshes the rows of
a case after every committed change to that case (signals, see `awda.reports.signals`).
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PersonFact(models.Model):
    """One person in one case, as the report counts them.

    Ids are plain integers, not foreign keys: the table is rebuilt wholesale and must not
    hold locks on (or cascade from) the case tables.
    """

    member_id = models.BigIntegerField(primary_key=True)
    case_id = models.BigIntegerField()
    person_id = models.BigIntegerField()
    is_principal = models.BooleanField(default=False)
    case_type = models.CharField(max_length=16)
    status = models.CharField(max_length=32)
    office_id = models.BigIntegerField(null=True)
    programme_id = models.BigIntegerField(null=True)
    sex = models.CharField(max_length=1)
    nationality = models.CharField(max_length=2)
    country_of_origin = models.CharField(max_length=2)
    host_country = models.CharField(max_length=2)
    destination_country = models.CharField(max_length=2)
    settlement_region = models.CharField(max_length=2)
    application_date = models.DateField(null=True)
    departure_date = models.DateField(null=True)
    arrival_date = models.DateField(null=True)
    # Age in whole years on each counting date (NULL when the date of birth is unknown).
    age_at_application = models.SmallIntegerField(null=True)
    age_at_departure = models.SmallIntegerField(null=True)
    age_at_arrival = models.SmallIntegerField(null=True)
    # Inbound: the group received reintegration assistance (see services.ASSISTED_ACTIONS).
    reintegration_assisted = models.BooleanField(default=False)
    # Bit sets (bit i = i-th choice of the enum, see services.REASON_BITS and VULNERABILITY_BITS)
    # so that cumulative categories are counted in the same scan, without a join.
    reasons = models.IntegerField(default=0)
    vulnerabilities = models.IntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["case_type", "departure_date"], name="fact_type_departure"),
            models.Index(fields=["case_type", "application_date"], name="fact_type_application"),
            models.Index(fields=["case_type", "arrival_date"], name="fact_type_arrival"),
            models.Index(fields=["case_id"], name="fact_case"),
        ]


class TravelFact(models.Model):
    """One passenger (a person's seat on a movement), as the report counts travel.

    A flat copy of Passenger ⋈ Movement ⋈ Departure ⋈ Case, so that the return-mode and
    ticket tables read one narrow table by departure date instead of joining four. What
    counts as a return and as a ticket is decided by the travel app
    (`awda.travel.selectors.travel_fact_source`), here only stored. Derived data, kept in step
    like `PersonFact` (rebuild, and per-case refresh after each committed change).
    """

    passenger_id = models.BigIntegerField(primary_key=True)
    case_id = models.BigIntegerField()
    case_type = models.CharField(max_length=16)
    office_id = models.BigIntegerField(null=True)
    # The programme the movement is charged to.
    programme_id = models.BigIntegerField(null=True)
    departure_date = models.DateField()
    mode = models.CharField(max_length=4)
    # The person left on this movement (a seated passenger of a departed movement).
    returned = models.BooleanField(default=False)
    # A ticket that counts (not cancelled), and whether it was charged to a quota.
    ticket = models.BooleanField(default=False)
    on_quota = models.BooleanField(default=False)

    class Meta:
        indexes = [
            # Covering (PostgreSQL): a period's counts read the index only.
            models.Index(
                fields=["departure_date"],
                include=["case_type", "mode", "returned", "ticket", "programme_id", "office_id"],
                name="travelfact_date",
            ),
            models.Index(fields=["case_id"], name="travelfact_case"),
        ]


class ReturnYearFact(models.Model):
    """Outbound returns (persons) per year of departure, office, programme and nationality.

    Pre-aggregated from `PersonFact` because the nationality-by-year table reads every year
    since the first: kept in step with the fact table by the same rebuild and per-case
    refresh (rows are adjusted by the difference). Office and programme 0 mean "none".
    """

    year = models.SmallIntegerField()
    office_id = models.BigIntegerField(default=0)
    programme_id = models.BigIntegerField(default=0)
    nationality = models.CharField(max_length=2)
    persons = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["year", "office_id", "programme_id", "nationality"],
                name="return_year_fact_once",
            )
        ]


class FactsState(models.Model):
    """When the fact table was last rebuilt in full, and with which category bit layout."""

    key = models.CharField(max_length=16, primary_key=True, default="facts")
    rebuilt_at = models.DateTimeField(null=True)
    rows = models.BigIntegerField(default=0)
    seconds = models.FloatField(default=0)
    layout = models.CharField(max_length=64, blank=True)


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ExportFormat(models.TextChoices):
    XLSX = "xlsx", _("Excel workbook (XLSX)")
    CSV = "csv", _("CSV with HXL hashtags (ZIP)")
    PDF = "pdf", _("PDF document")


class ReportExport(models.Model):
    """One requested export of the annual report; only its requester may download it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # The form carries this key: the same submission twice yields one export.
    idempotency_key = models.CharField(max_length=64, unique=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="report_exports"
    )
    fmt = models.CharField(_("format"), max_length=8, choices=ExportFormat.choices)
    language = models.CharField(_("language"), max_length=8)
    params = models.JSONField(default=dict)
    external = models.BooleanField(_("for external sharing"), default=False)
    status = models.CharField(
        max_length=16, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to="report-exports/", blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requested_by", "-created_at"])]
