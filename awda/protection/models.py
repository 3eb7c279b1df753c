"""Protection: vulnerabilities, consent and the voluntary-return declaration,
and the best-interests procedure for children alone."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awda.lib.crypto import EncryptedTextField


class Sensitivity(models.IntegerChoices):
    """How restricted a record is. Roles are cleared up to a level (see accounts.access)."""

    NORMAL = 0, _("Normal")
    RESTRICTED = 1, _("Restricted")
    HIGHLY_RESTRICTED = 2, _("Highly restricted")


class VulnerabilityCategory(models.TextChoices):
    UNACCOMPANIED_CHILD = "uasc_unaccompanied", _("Unaccompanied child")
    SEPARATED_CHILD = "uasc_separated", _("Separated child")
    TRAFFICKING = "trafficking", _("Victim or potential victim of trafficking")
    MEDICAL = "medical", _("Medical needs")
    MENTAL_HEALTH = "mental_health", _("Mental health needs")
    ELDERLY = "elderly", _("Elderly (60+)")
    PREGNANCY = "pregnancy", _("Pregnancy")
    DISABILITY = "disability", _("Disability")
    SINGLE_PARENT = "single_parent", _("Single parent")
    GBV_SURVIVOR = "gbv_survivor", _("Survivor of gender-based violence")
    OTHER = "other", _("Other")


CHILD_ALONE_CATEGORIES = frozenset(
    {VulnerabilityCategory.UNACCOMPANIED_CHILD, VulnerabilityCategory.SEPARATED_CHILD}
)

# The sensitivity each category's details carry.
CATEGORY_SENSITIVITY = {
    VulnerabilityCategory.TRAFFICKING: Sensitivity.HIGHLY_RESTRICTED,
    VulnerabilityCategory.GBV_SURVIVOR: Sensitivity.HIGHLY_RESTRICTED,
    VulnerabilityCategory.MEDICAL: Sensitivity.RESTRICTED,
    VulnerabilityCategory.MENTAL_HEALTH: Sensitivity.RESTRICTED,
    VulnerabilityCategory.PREGNANCY: Sensitivity.RESTRICTED,
    VulnerabilityCategory.DISABILITY: Sensitivity.RESTRICTED,
}


class Vulnerability(models.Model):
    """A vulnerability found for one person in a case's screening."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="vulnerabilities")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="vulnerabilities"
    )
    category = models.CharField(_("category"), max_length=24, choices=VulnerabilityCategory.choices)
    sensitivity = models.PositiveSmallIntegerField(
        _("sensitivity"), choices=Sensitivity.choices, default=Sensitivity.NORMAL
    )
    details = EncryptedTextField(_("details"), blank=True)
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_on = models.DateField(_("no longer applies from"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("vulnerability")
        verbose_name_plural = _("vulnerabilities")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "person", "category"], name="vulnerability_once_per_person"
            )
        ]
        indexes = [models.Index(fields=["category"])]


class VoluntaryReturnDeclaration(models.Model):
    """The signed declaration that the return is voluntary; withdrawable at any time."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="declaration")
    signed_on = models.DateField(_("signed on"))
    language = models.CharField(_("language of the information given"), max_length=40)
    information_version = models.CharField(_("version of the information sheet"), max_length=40)
    signed_by_guardian = models.BooleanField(
        _("signed by a guardian or representative"), default=False
    )
    guardian_name = models.CharField(_("guardian or representative"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)

    class Meta:
        verbose_name = _("voluntary-return declaration")
        verbose_name_plural = _("voluntary-return declarations")

    @property
    def is_valid(self) -> bool:
        return self.withdrawn_on is None


class ConsentPurpose(models.TextChoices):
    CONSULATE = "consulate", _("Share with the consulate of nationality")
    MINISTRY_OF_INTERIOR = "ministry_interior", _("Share with the Ministry of Interior")
    HEALTH_PARTNERS = "health", _("Share with health partners")
    NGOS = "ngos", _("Share with partner NGOs")
    IOM_MISSION = "iom_mission", _("Share with the IOM mission in the country of return")
    UN_AGENCIES = "un_agencies", _("Share with UN agencies (UNHCR)")
    PUBLIC_BODIES = (
        "public_bodies",
        _("Share with other Moroccan public bodies (Entraide Nationale, Justice, …)"),
    )


class Consent(models.Model):
    """Consent of the group to share its data for one purpose/recipient.

    One row per case and purpose: giving consent again after a withdrawal reuses the row;
    the history is in the case timeline.
    """

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=24, choices=ConsentPurpose.choices)
    given_on = models.DateField(_("given on"))
    given_by_guardian = models.BooleanField(
        _("given by a guardian or representative"), default=False
    )
    guardian_name = models.CharField(_("guardian or representative"), max_length=200, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    @property
    def is_valid(self) -> bool:
        return self.withdrawn_on is None

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.UniqueConstraint(fields=["case", "purpose"], name="consent_once_per_purpose")
        ]


class BestInterestsProcedure(models.Model):
    """Best-interests procedure for an unaccompanied or separated child.

    The steps are ordered; booking is refused until each has a date and the
    determination says return is in the child's best interests.
    """

    class Determination(models.TextChoices):
        RETURN = "return", _("Return is in the child's best interests")
        NO_RETURN = "no_return", _("Return is not in the child's best interests")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="bid_procedures")
    child = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    identified_on = models.DateField(_("identified on"), null=True, blank=True)
    guardian_name = models.CharField(_("guardian or representative"), max_length=200, blank=True)
    guardian_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("guardian's organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    guardian_appointed_on = models.DateField(_("guardian appointed on"), null=True, blank=True)
    assessment_on = models.DateField(_("best-interests assessment on"), null=True, blank=True)
    assessment_summary = EncryptedTextField(_("assessment summary"), blank=True)
    family_tracing_on = models.DateField(
        _("family tracing and assessment in the country of origin completed on"),
        null=True,
        blank=True,
    )
    tracing_mission = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("IOM mission that traced the family"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    tracing_consulate = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("consulate consulted"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    tracing_outcome = EncryptedTextField(_("outcome of family tracing and assessment"), blank=True)
    determination = models.CharField(
        _("determination"), max_length=16, choices=Determination.choices, blank=True
    )
    determination_on = models.DateField(_("determination on"), null=True, blank=True)
    panel_members = models.CharField(_("panel members"), max_length=300, blank=True)
    # Encrypted: the reasons often describe the family and what the child went through.
    panel_reasons = EncryptedTextField(_("panel's reasons"), blank=True)
    determined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("determination recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("best-interests procedure")
        verbose_name_plural = _("best-interests procedures")
        constraints = [
            models.UniqueConstraint(fields=["case", "child"], name="one_bid_per_child_and_case")
        ]
