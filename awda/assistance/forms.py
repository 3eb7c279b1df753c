"""Forms of assistance, distributions and counselling. They check what was typed; the rules
are in the services."""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from awda.accounts.models import Organisation
from awda.assistance.models import (
    CURRENCIES,
    Appointment,
    AssistanceType,
    CounsellingTopic,
)
from awda.assistance.services import PROVIDER_KINDS
from awda.funding.models import Programme
from awda.protection.forms import DateInput, member_choices


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def providers(office: Organisation | None = None):
    """IOM offices first (the user's own on top), then partners."""
    return Organisation.objects.filter(kind__in=PROVIDER_KINDS, is_active=True).order_by(
        "kind", "name"
    )


class _AssistanceFields(forms.Form):
    type = forms.ChoiceField(
        label=_("Type of assistance"), choices=[("", "—"), *AssistanceType.choices]
    )
    unit_value = forms.DecimalField(
        label=_("Unit value"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCIES, initial="MAD")
    date = forms.DateField(label=_("Date"), widget=DateInput())
    provider = forms.ModelChoiceField(label=_("Provided by"), queryset=Organisation.objects.none())
    programme = forms.ModelChoiceField(
        label=_("Programme charged"),
        queryset=Programme.objects.all(),
        required=False,
        help_text=_("Empty: the case's programme."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers()


class AssistanceForm(_AssistanceFields):
    request_key = forms.CharField(widget=forms.HiddenInput)
    person = forms.TypedChoiceField(label=_("For"), coerce=int, required=False, empty_value=None)
    quantity = forms.IntegerField(
        label=_("Quantity"),
        min_value=1,
        initial=1,
        help_text=_("Items, nights of shelter, sessions or consultations."),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=200,
        required=False,
        help_text=_("Required for “other”. No medical details here."),
    )

    field_order = [
        "type",
        "person",
        "quantity",
        "unit_value",
        "currency",
        "date",
        "provider",
        "programme",
        "description",
    ]

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", _("The whole group")), *member_choices(members)]


_REFERENCE_SPLIT = re.compile(r"[\s,;]+")


class DistributionForm(_AssistanceFields):
    idempotency_key = forms.CharField(widget=forms.HiddenInput)
    office = forms.ModelChoiceField(label=_("Office"), queryset=Organisation.objects.none())
    quantity_per_case = forms.IntegerField(label=_("Quantity per case"), min_value=1, initial=1)
    location = forms.CharField(label=_("Place"), max_length=200, required=False)
    cases = forms.ModelMultipleChoiceField(
        label=_("Cases"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    references = forms.CharField(
        label=_("Or paste case references"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Separated by spaces, commas or new lines (e.g. OUJ-2026-00012)."),
    )

    field_order = [
        "office",
        "date",
        "type",
        "quantity_per_case",
        "unit_value",
        "currency",
        "provider",
        "programme",
        "location",
        "cases",
        "references",
    ]

    def __init__(self, *args, offices=None, case_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = offices
        self.fields["cases"].queryset = case_queryset

    def reference_list(self) -> list[str]:
        text = self.cleaned_data.get("references") or ""
        return [r for r in _REFERENCE_SPLIT.split(text.strip()) if r]


class CaseFilterForm(forms.Form):
    """Narrowing the office's open cases before choosing who receives a distribution."""

    q = forms.CharField(label=_("Name or reference"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False)
    nationality = forms.ChoiceField(label=_("Nationality"), required=False)

    def __init__(self, *args, statuses=(), nationalities=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All")), *statuses]
        self.fields["nationality"].choices = [("", _("All")), *nationalities]


class SessionForm(forms.Form):
    request_key = forms.CharField(widget=forms.HiddenInput)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=CounsellingTopic.choices, widget=forms.CheckboxSelectMultiple
    )
    interpreter_language = forms.CharField(
        label=_("Interpreter language"),
        max_length=60,
        required=False,
        help_text=_("Empty if no interpreter was needed."),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Stored encrypted; read by the case's counsellors."),
    )
    next_appointment_at = forms.DateTimeField(
        label=_("Next appointment"), required=False, widget=DateTimeInput()
    )


class AppointmentForm(forms.Form):
    at = forms.DateTimeField(label=_("Date and time"), widget=DateTimeInput())
    kind = forms.ChoiceField(label=_("Kind"), choices=Appointment.Kind.choices)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class AppointmentStatusForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (Appointment.Status.ATTENDED, _("Attended")),
            (Appointment.Status.MISSED, _("Missed")),
            (Appointment.Status.CANCELLED, _("Cancelled")),
        ]
    )


class DeleteForm(forms.Form):
    reason = forms.CharField(label=_("Why remove it"), max_length=300)
