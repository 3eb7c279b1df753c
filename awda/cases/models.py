"""Case files: one return process of one group of people, and its timeline."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from awda.people.models import MoroccanRegion


class CaseType(models.TextChoices):
    OUTBOUND = "outbound", _("Return from Morocco")
    INBOUND = "inbound", _("Return of Moroccans to Morocco")
    RESETTLEMENT = "resettlement", _("Resettlement")


class Relationship(models.TextChoices):
    PRINCIPAL = "principal", _("Principal applicant")
    SPOUSE = "spouse", _("Spouse or partner")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    SIBLING = "sibling", _("Brother or sister")
    OTHER_RELATIVE = "other_relative", _("Other relative")
    OTHER = "other", _("Other (not related)")


class ReferralSource(models.TextChoices):
    SELF = "self", _("Came on their own")
    NGO = "ngo", _("Referred by an NGO")
    AUTHORITY = "authority", _("Referred by an authority")
    UN_AGENCY = "un_agency", _("Referred by a UN agency")
    IOM_MISSION = "iom_mission", _("Referred by an IOM mission abroad")
    OTHER = "other", _("Other")


class ReturnReason(models.TextChoices):
    """Reasons for return, as the annual report groups them (reasons are cumulative)."""

    LACK_OF_RESOURCES = "lack_of_resources", _("Lack of financial resources")
    JOURNEY_BLOCKED = "journey_blocked", _("Unable to continue the journey")
    FAMILY = "family", _("Family reasons")
    HEALTH = "health", _("Health")
    NO_LEGAL_STATUS = "no_legal_status", _("No legal status or documents")
    INSECURITY = "insecurity", _("Insecurity or violence")
    HOMESICKNESS = "homesickness", _("Wish to go home")
    OTHER = "other", _("Other")


class ClosureReason(models.TextChoices):
    SUPPORT_ENDED = "support_ended", _("Support period ended")
    RETURNEE_STOPPED = "returnee_stopped", _("Returnee chose to stop")
    UNREACHABLE = "unreachable", _("Unreachable")
    MOVED = "moved", _("Moved away")
    DECEASED = "deceased", _("Deceased")
    FUNDING_ENDED = "funding_ended", _("Funding ended")
    RESETTLED = "resettled", _("Resettled")


class Case(models.Model):
    """One return process of one group (a person alone, or a household returning together).

    `status` changes only through `awda.cases.services.case_transition`, which checks the
    workflow of the case type and writes the timeline.
    """

    reference = models.CharField(_("reference"), max_length=32, unique=True)
    case_type = models.CharField(_("case type"), max_length=16, choices=CaseType.choices)
    status = models.CharField(_("status"), max_length=32)
    previous_status = models.CharField(max_length=32, blank=True)
    office = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    programme = models.ForeignKey(
        "funding.Programme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    country_of_origin = CountryField(_("country of origin"), blank=True)
    destination_country = CountryField(_("destination country"), blank=True)
    host_country = CountryField(
        _("host country"), blank=True, help_text=_("For Moroccans returning home.")
    )
    settlement_region = models.CharField(
        _("region of settlement"), max_length=2, blank=True, choices=MoroccanRegion.choices
    )
    referral_source = models.CharField(
        _("how they were referred"), max_length=16, choices=ReferralSource.choices, default="self"
    )
    referred_by = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("referring organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referred_cases",
    )
    receiving_mission = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("receiving IOM mission"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="received_cases",
    )
    arrival_in_morocco_date = models.DateField(
        _("date of arrival in Morocco"), null=True, blank=True
    )
    application_date = models.DateField(_("application date"))
    planned_departure_date = models.DateField(_("planned departure"), null=True, blank=True)
    departure_date = models.DateField(_("departure date"), null=True, blank=True)
    arrival_date = models.DateField(_("arrival date"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closure_reason = models.CharField(
        _("closure reason"), max_length=24, choices=ClosureReason.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-application_date", "-id"]
        indexes = [
            models.Index(fields=["office", "status"]),
            models.Index(fields=["case_type", "status"]),
            models.Index(fields=["departure_date"]),
            models.Index(fields=["application_date"]),
            models.Index(fields=["country_of_origin"]),
            models.Index(fields=["-application_date", "-id"], name="case_list_order"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def workflow(self):
        from awda.cases.workflows import workflow_for

        return workflow_for(self.case_type)

    def get_status_display(self) -> str:
        return str(self.workflow.state(self.status).label)


class CaseMember(models.Model):
    """A person in the group (household) that returns together under one case."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="memberships"
    )
    relationship = models.CharField(
        _("relationship to the principal applicant"),
        max_length=16,
        choices=Relationship.choices,
    )

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        constraints = [
            models.UniqueConstraint(fields=["case", "person"], name="case_member_once"),
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(relationship="principal"),
                name="one_principal_per_case",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_relationship_display()})"

    @property
    def is_principal(self) -> bool:
        return self.relationship == Relationship.PRINCIPAL


class CaseReturnReason(models.Model):
    """One of the (cumulative) reasons a group gives for returning."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="return_reasons")
    reason = models.CharField(_("reason"), max_length=24, choices=ReturnReason.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "reason"], name="case_reason_once")]


class TimelineEvent(models.Model):
    """What happened to a case, who did it and when. Written only by services."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Case opened")
        TRANSITION = "transition", _("Status changed")
        MEMBER = "member", _("Group changed")
        DECLARATION = "declaration", _("Voluntary-return declaration")
        NOTE = "note", _("Note")
        UPDATE = "update", _("Case updated")
        OTHER = "other", _("Other")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="timeline")
    at = models.DateTimeField(_("when"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    action = models.CharField(max_length=40, blank=True)
    from_status = models.CharField(max_length=32, blank=True)
    to_status = models.CharField(max_length=32, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"])]


class ReferenceCounter(models.Model):
    """Last sequence number handed out per office and year (RBA-2022-00123)."""

    office_code = models.CharField(max_length=32)
    year = models.PositiveIntegerField()
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["office_code", "year"], name="one_counter_per_office_year"
            )
        ]
