"""Forms of the programme pages; the rules are in `funding.services`."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from awda.accounts.models import Organisation, OrganisationKind
from awda.funding.models import BudgetCategory

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _funders():
    return Organisation.objects.filter(
        kind__in=[OrganisationKind.DONOR, OrganisationKind.MINISTRY, OrganisationKind.UN_AGENCY]
    ).order_by("name")


class ProgrammeForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=32, help_text=_("For example EU-IOM-JI."))
    name = forms.CharField(label=_("Name"), max_length=200)
    donor = forms.ModelChoiceField(label=_("Donor"), queryset=_funders(), required=False)
    start_date = forms.DateField(label=_("Start date"), required=False, widget=DATE)
    end_date = forms.DateField(label=_("End date"), required=False, widget=DATE)
    target_returns = forms.IntegerField(label=_("Target: returns"), required=False, min_value=0)
    target_reintegration = forms.IntegerField(
        label=_("Target: reintegration assistance"), required=False, min_value=0
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["donor"].queryset = _funders()
        if editing:
            del self.fields["code"]


class QuotaAgreementForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=200, help_text=_("For example: 3rd amendment to the MoU.")
    )
    reference = forms.CharField(label=_("Reference"), max_length=64, required=False)
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)
    tickets = forms.IntegerField(label=_("Tickets granted"), min_value=1)
    tickets_used_before = forms.IntegerField(
        label=_("Tickets already used before Awda"), min_value=0, initial=0
    )
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DATE)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class BudgetLineForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=32)
    label = forms.CharField(label=_("Label"), max_length=200)
    category = forms.ChoiceField(label=_("Category"), choices=BudgetCategory.choices)
    amount = forms.DecimalField(label=_("Amount"), min_value=0, max_digits=14, decimal_places=2)
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="USD")
