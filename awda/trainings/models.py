"""FORAS pre-departure orientation: awareness sessions on reintegration opportunities by
country of origin, and training cycles of the six modules, with enrolment, attendance,
completion and satisfaction. Rows are written only by `awda.trainings.services`."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

_user = settings.AUTH_USER_MODEL


class Module(models.TextChoices):
    """The six FORAS orientation modules (seed 003)."""

    LIFE_SKILLS = "life_skills", _("Life skills")
    SOFT_SKILLS = "soft_skills", _("Soft skills")
    ENTREPRENEURSHIP = "entrepreneurship", _("Entrepreneurship")
    COMMERCIALISATION = "commercialisation", _("Commercialisation and marketing")
    AGRICULTURE = "agriculture", _("Agricultural trades and transformation of farm products")
    HANDICRAFTS = "handicrafts", _("Handicrafts")


class AwarenessSession(models.Model):
    """An orientation session on reintegration challenges and opportunities in one country
    of origin."""

    office = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    country = CountryField(_("country of origin presented"))
    held_on = models.DateField(_("date"))
    facilitator = models.CharField(_("facilitator"), max_length=200, blank=True)
    programme = models.ForeignKey(
        "funding.Programme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        _user, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    request_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("awareness session")
        verbose_name_plural = _("awareness sessions")
        indexes = [models.Index(fields=["held_on"])]


class AwarenessParticipant(models.Model):
    session = models.ForeignKey(
        AwarenessSession, on_delete=models.CASCADE, related_name="participants"
    )
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="awareness_attended_once")
        ]


class TrainingCycle(models.Model):
    """A cycle of training sessions in one city (an IOM office: Rabat, Casablanca, Oujda)."""

    office = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("office"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    programme = models.ForeignKey(
        "funding.Programme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        _user, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    request_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("training cycle")
        verbose_name_plural = _("training cycles")
        indexes = [models.Index(fields=["starts_on"])]

    def __str__(self) -> str:
        return self.title


class TrainingSession(models.Model):
    cycle = models.ForeignKey(TrainingCycle, on_delete=models.CASCADE, related_name="sessions")
    module = models.CharField(_("module"), max_length=24, choices=Module.choices)
    held_on = models.DateField(_("date"))
    facilitator = models.CharField(_("facilitator"), max_length=200, blank=True)
    request_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        indexes = [models.Index(fields=["held_on"])]


class Enrolment(models.Model):
    """A registered migrant enrolled in a cycle; completion and satisfaction at the end."""

    cycle = models.ForeignKey(TrainingCycle, on_delete=models.CASCADE, related_name="enrolments")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.PROTECT, related_name="+")
    enrolled_on = models.DateField(_("enrolled on"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    satisfied = models.BooleanField(_("satisfied with the training"), null=True, blank=True)
    enrolled_by = models.ForeignKey(
        _user, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "person"], name="enrolled_once_per_cycle")
        ]


class Attendance(models.Model):
    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="attendance"
    )
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "enrolment"], name="attendance_once")
        ]
