"""Organisations (IOM offices and missions, ministries, consulates, police, NGOs, donors) and users."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from awda.accounts.roles import Role


class OrganisationKind(models.TextChoices):
    IOM_OFFICE = "iom_office", _("IOM office in Morocco")
    IOM_MISSION = "iom_mission", _("IOM mission abroad")
    MINISTRY = "ministry", _("Ministry or public body")
    CONSULATE = "consulate", _("Consulate or embassy")
    POLICE = "police", _("Police / border post (DGSN)")
    NGO = "ngo", _("Partner NGO")
    UN_AGENCY = "un_agency", _("UN agency")
    DONOR = "donor", _("Donor")


class Organisation(models.Model):
    """Any body that takes part in a return.

    `country` means: for a consulate, the country it represents (its nationals are the
    people it may see); for an IOM mission, the country it works in (countries of origin,
    or host countries for Moroccans coming home); otherwise where it sits.
    `code` is short and stable: IOM office codes prefix case references (RBA-2022-00123).
    """

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    country = CountryField(_("country"), blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [models.Index(fields=["kind", "country"])]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in. What they may see follows from organisation and role."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, blank=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        choices=[("fr", "Français"), ("en", "English"), ("ar", "العربية")],
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username
