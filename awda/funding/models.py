"""Programmes that fund returns and assistance (EU-IOM Joint Initiative, COMPASS, FORAS II, …),
their budget lines, and the ticket quotas granted by agreement (the Ministry of Interior's
MoU amendments with IOM: 1,000, 1,500 and 3,000 tickets)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Programme(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    donor = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("donor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funded_programmes",
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    target_returns = models.PositiveIntegerField(_("target: returns"), null=True, blank=True)
    target_reintegration = models.PositiveIntegerField(
        _("target: reintegration assistance"), null=True, blank=True
    )
    # Months after return at which monitoring visits fall due (issue: reintegration).
    monitoring_months = models.JSONField(_("monitoring visits (months)"), default=list, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.name


class BudgetCategory(models.TextChoices):
    TICKETS = "tickets", _("Tickets and transport")
    PER_DIEM = "per_diem", _("Per diem at departure")
    DIRECT_ASSISTANCE = "direct_assistance", _("Direct assistance")
    REINTEGRATION = "reintegration", _("Reintegration assistance")
    TRAINING = "training", _("Orientation and training")
    STAFF = "staff", _("Staff and operations")
    OTHER = "other", _("Other")


class BudgetLine(models.Model):
    """One line of a programme's budget (what the donor agreed to fund, by category)."""

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="budget_lines",
    )
    code = models.CharField(_("code"), max_length=32)
    label = models.CharField(_("label"), max_length=200)
    category = models.CharField(_("category"), max_length=24, choices=BudgetCategory.choices)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="USD")

    class Meta:
        ordering = ["programme", "code"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="budget_line_code_once"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_line_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class QuotaAgreement(models.Model):
    """A number of return tickets a funder agreed to pay for, under one signed agreement.

    `tickets_used_before` is the opening balance: tickets consumed before the agreement's
    movements were recorded in Awda. `tickets_charged` counts the tickets booked through
    Awda; it changes only in `funding.services` under a row lock, and the database refuses
    any row where more tickets are used than granted.
    """

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="quota_agreements",
    )
    title = models.CharField(_("title"), max_length=200)
    reference = models.CharField(_("reference"), max_length=64, blank=True)
    signed_on = models.DateField(_("signed on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    tickets = models.PositiveIntegerField(_("tickets granted"))
    tickets_used_before = models.PositiveIntegerField(
        _("tickets used before records in Awda"), default=0
    )
    tickets_charged = models.PositiveIntegerField(_("tickets booked in Awda"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["programme", "signed_on", "id"]
        verbose_name = _("ticket quota agreement")
        verbose_name_plural = _("ticket quota agreements")
        constraints = [
            models.UniqueConstraint(fields=["programme", "title"], name="quota_title_once"),
            models.CheckConstraint(
                condition=Q(tickets__gte=F("tickets_used_before") + F("tickets_charged")),
                name="quota_never_oversold",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def used(self) -> int:
        return self.tickets_used_before + self.tickets_charged

    @property
    def remaining(self) -> int:
        return self.tickets - self.used
