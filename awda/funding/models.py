"""Programmes that fund returns and assistance (EU-IOM Joint Initiative, COMPASS, FORAS II, …)."""

from django.db import models
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
