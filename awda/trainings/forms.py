"""Forms of the FORAS orientation and training pages."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from awda.accounts.models import Organisation, OrganisationKind
from awda.funding.models import Programme
from awda.trainings.models import Module


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class KeyedForm(forms.Form):
    request_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("request_key", uuid.uuid4())


def _offices():
    return Organisation.objects.filter(kind=OrganisationKind.IOM_OFFICE, is_active=True).exclude(
        city=""
    )


class CycleForm(KeyedForm):
    office = forms.ModelChoiceField(label=_("City (office)"), queryset=Organisation.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput())
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.all(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = _offices()


class AwarenessForm(KeyedForm):
    office = forms.ModelChoiceField(label=_("City (office)"), queryset=Organisation.objects.none())
    country = forms.ChoiceField(label=_("Country of origin presented"))
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    facilitator = forms.CharField(label=_("Facilitator"), required=False, max_length=200)
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.all(), required=False
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = _offices()
        self.fields["country"].choices = [("", "—"), *countries]


class SessionForm(KeyedForm):
    module = forms.ChoiceField(label=_("Module"), choices=[("", "—"), *Module.choices])
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    facilitator = forms.CharField(label=_("Facilitator"), required=False, max_length=200)


class PeopleForm(forms.Form):
    """Choose registered migrants (members of cases before departure)."""

    people = forms.MultipleChoiceField(label=_("Migrants"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {f"{p.pk}:{c.pk}": (p, c) for p, c in candidates}
        self.fields["people"].choices = [
            (key, f"{p.full_name} — {c.reference}") for key, (p, c) in self.candidates.items()
        ]

    def chosen(self):
        return [self.candidates[k] for k in self.cleaned_data["people"]]


class FiguresForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2005, max_value=2100)
    office = forms.ModelChoiceField(
        label=_("Office"), queryset=Organisation.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = _offices()
