"""Referrals of a case to and from partners (Ministry of Health, Entraide Nationale, NGOs, UNHCR),
and the directory of partners that referrals are addressed to."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Service(models.TextChoices):
    """What a referral asks the partner for (and what a partner offers)."""

    HEALTH = "health", _("Medical care")
    MENTAL_HEALTH = "mental_health", _("Mental health and psychosocial support")
    SHELTER = "shelter", _("Shelter")
    FOOD = "food", _("Food and basic needs")
    CHILD_PROTECTION = "child_protection", _("Child protection")
    GBV = "gbv", _("Support for survivors of violence")
    TRAFFICKING = "trafficking", _("Support for victims of trafficking")
    LEGAL = "legal", _("Legal and administrative aid")
    ASYLUM = "asylum", _("Asylum and refugee status")
    DOCUMENTS = "documents", _("Identity and civil documents")
    EDUCATION = "education", _("Education and training")
    AVRR = "avrr", _("Assisted voluntary return")
    OTHER = "other", _("Other")


class PartnerProfile(models.Model):
    """What the referral directory knows of a partner: the services it offers and, when the
    organisation's kind is not enough, which consent the group must have given before its
    data is shared with it (e.g. the Ministry of Health is a ministry but a health partner)."""

    organisation = models.OneToOneField(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="partner_profile",
    )
    services = models.JSONField(_("services offered"), default=list, blank=True)
    consent_purpose = models.CharField(
        _("consent needed to share with it"),
        max_length=24,
        blank=True,
        help_text=_("Leave empty to follow the organisation's kind."),
    )
    accepts_referrals = models.BooleanField(_("accepts referrals"), default=True)
    contact = models.CharField(_("contact for referrals"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("partner profile")
        verbose_name_plural = _("partner profiles")

    def __str__(self) -> str:
        return str(self.organisation)


class Referral(models.Model):
    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled by the sender")

    OPEN_STATUSES = (Status.SENT, Status.ACCEPTED)

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="referrals")
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("person concerned"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: the whole group."),
    )
    from_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("from"),
        on_delete=models.PROTECT,
        related_name="referrals_sent",
    )
    to_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("to"),
        on_delete=models.PROTECT,
        related_name="referrals_received",
    )
    service = models.CharField(
        _("service requested"), max_length=20, choices=Service.choices, default=Service.OTHER
    )
    reason = models.TextField(_("reason"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default="sent")
    sent_on = models.DateField(_("sent on"))
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    # The consent that allowed the data to be shared, as checked when the referral was sent.
    consent_purpose = models.CharField(_("consent checked"), max_length=24, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Set from the form's one-time key: a form submitted twice records one referral.
    request_key = models.CharField(max_length=64, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_on", "-id"]
        indexes = [
            models.Index(fields=["to_organisation", "status"]),
            models.Index(fields=["from_organisation", "status"]),
        ]
        constraints = [
            # One open referral of a case to a partner for a service: a second one would be a
            # duplicate the partner has to sort out.
            models.UniqueConstraint(
                fields=["case", "to_organisation", "service"],
                condition=Q(status__in=["sent", "accepted"]),
                name="one_open_referral_per_partner_and_service",
            ),
            models.CheckConstraint(
                condition=~Q(from_organisation=models.F("to_organisation")),
                name="referral_between_two_organisations",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} → {self.to_organisation}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class ReferralEvent(models.Model):
    """One step in a referral's life (sent, accepted, declined, completed, cancelled),
    with the note the person who took it wrote."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(_("status"), max_length=16, choices=Referral.Status.choices)
    on = models.DateField(_("date"))
    at = models.DateTimeField(default=timezone.now, editable=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("referral event")
        verbose_name_plural = _("referral events")
