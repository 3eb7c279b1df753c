"""Forms of the protection pages. They check what was typed; the rules are in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from awda.accounts.models import Organisation, OrganisationKind
from awda.protection.models import (
    CATEGORY_SENSITIVITY,
    BestInterestsProcedure,
    ConsentPurpose,
    Sensitivity,
    VulnerabilityCategory,
)


class DateInput(forms.DateInput):
    """The browser's date picker; it submits ISO dates whatever the display language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def member_choices(members) -> list[tuple[str, str]]:
    return [(str(m.person_id), m.person.full_name) for m in members]


def category_choices() -> list[tuple[str, str]]:
    """Categories, each with the sensitivity its details carry."""
    choices = [("", "—")]
    for value, label in VulnerabilityCategory.choices:
        level = CATEGORY_SENSITIVITY.get(value, Sensitivity.NORMAL)
        if level > Sensitivity.NORMAL:
            label = f"{label} ({Sensitivity(level).label.lower()})"
        choices.append((value, label))
    return choices


class VulnerabilityForm(forms.Form):
    person = forms.TypedChoiceField(label=_("Person"), coerce=int)
    category = forms.ChoiceField(label=_("Vulnerability"), choices=category_choices)
    assessed_on = forms.DateField(label=_("Assessed on"), widget=DateInput())
    sensitivity = forms.TypedChoiceField(
        label=_("Sensitivity"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[("", _("As the category requires")), *Sensitivity.choices],
        help_text=_("Raise it if the details need more protection than the category gives."),
    )
    details = forms.CharField(
        label=_("Details"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Stored encrypted. Details of restricted categories are shown only to roles "
            "cleared for them, and each reading is logged."
        ),
    )

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = member_choices(members)


class ResolveForm(forms.Form):
    resolved_on = forms.DateField(label=_("No longer applies from"), widget=DateInput())
    reason = forms.CharField(label=_("Why"), max_length=500)


def _orgs(kind: str):
    return Organisation.objects.filter(kind=kind, is_active=True).order_by("name")


class BidStepForm(forms.Form):
    """One step of the best-interests procedure; which fields show depends on the step."""

    on = forms.DateField(label=_("Done on"), widget=DateInput())
    guardian_name = forms.CharField(
        label=_("Guardian or representative"), max_length=200, required=False
    )
    guardian_organisation = forms.ModelChoiceField(
        label=_("Guardian's organisation"), queryset=Organisation.objects.none(), required=False
    )
    assessment_summary = forms.CharField(
        label=_("Summary of the assessment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Restricted: stored encrypted."),
    )
    tracing_mission = forms.ModelChoiceField(
        label=_("IOM mission in the country of origin"),
        queryset=Organisation.objects.none(),
        required=False,
    )
    tracing_consulate = forms.ModelChoiceField(
        label=_("Consulate consulted"), queryset=Organisation.objects.none(), required=False
    )
    tracing_outcome = forms.CharField(
        label=_("What the tracing and family assessment found"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Restricted: stored encrypted."),
    )

    STEP_FIELDS = {
        "identified_on": (),
        "guardian_appointed_on": ("guardian_name", "guardian_organisation"),
        "assessment_on": ("assessment_summary",),
        "family_tracing_on": ("tracing_mission", "tracing_consulate", "tracing_outcome"),
    }

    def __init__(self, *args, step: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        keep = {"on", *self.STEP_FIELDS[step]}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        if "guardian_organisation" in self.fields:
            self.fields["guardian_organisation"].queryset = Organisation.objects.filter(
                kind__in=[OrganisationKind.MINISTRY, OrganisationKind.NGO], is_active=True
            ).order_by("name")
        if "tracing_mission" in self.fields:
            self.fields["tracing_mission"].queryset = _orgs(OrganisationKind.IOM_MISSION)
            self.fields["tracing_consulate"].queryset = _orgs(OrganisationKind.CONSULATE)


class DeterminationForm(forms.Form):
    determination = forms.ChoiceField(
        label=_("Determination"),
        choices=BestInterestsProcedure.Determination.choices,
        widget=forms.RadioSelect,
    )
    on = forms.DateField(label=_("Date of the panel"), widget=DateInput())
    panel_members = forms.CharField(label=_("Panel members"), max_length=300, required=False)
    panel_reasons = forms.CharField(
        label=_("The panel's reasons"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Restricted: stored encrypted."),
    )


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(choices=ConsentPurpose.choices, widget=forms.HiddenInput)
    given_on = forms.DateField(label=_("Given on"), widget=DateInput())
    given_by_guardian = forms.BooleanField(
        label=_("Given by a guardian or representative"), required=False
    )
    guardian_name = forms.CharField(
        label=_("Guardian or representative"), max_length=200, required=False
    )


class ConsentWithdrawForm(forms.Form):
    purpose = forms.ChoiceField(choices=ConsentPurpose.choices, widget=forms.HiddenInput)
    withdrawn_on = forms.DateField(label=_("Withdrawn on"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), max_length=500)
