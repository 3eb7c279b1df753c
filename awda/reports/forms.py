"""The report's filter form: a year or a period, office, programme, age bands, suppression."""

from __future__ import annotations

import datetime as dt
import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from awda.reports.models import ExportFormat
from awda.reports.params import DEFAULT_BANDS, BandError, ReportParams, parse_bands
from awda.reports.selectors import ReportScope, report_offices, report_programmes


class ReportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    office = forms.ModelChoiceField(
        label=_("Office"), queryset=None, required=False, empty_label=_("All offices")
    )
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=None, required=False, empty_label=_("All programmes")
    )
    bands = forms.CharField(
        label=_("Age bands"),
        required=False,
        initial=DEFAULT_BANDS,
        help_text=_("Comma-separated, the last one open-ended: 0-10,11-18,19-35,36-65,66+"),
    )
    suppress = forms.BooleanField(label=_("Hide small counts (1–4)"), required=False)

    def __init__(self, *args, scope: ReportScope, default_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope
        self.default_year = default_year
        self.fields["office"].queryset = report_offices()
        self.fields["programme"].queryset = report_programmes()
        if not scope.national:
            # Office staff read their own office's report.
            del self.fields["office"]
        if scope.force_suppress:
            self.fields["suppress"].disabled = True
            self.fields["suppress"].initial = True
            self.fields["suppress"].help_text = _("Always on for donors.")

    def clean_bands(self):
        text = self.cleaned_data.get("bands") or DEFAULT_BANDS
        try:
            parse_bands(text)
        except BandError as error:
            raise forms.ValidationError(str(error))
        return text

    def clean(self):
        data = super().clean()
        start, end, year = data.get("start"), data.get("end"), data.get("year")
        if start or end:
            if not (start and end):
                raise forms.ValidationError(_("Give both dates of the period, or a year."))
            if end < start:
                self.add_error("end", _("The end of the period is before its start."))
        elif year is None and not self.errors.get("year"):
            data["year"] = self.default_year
        return data

    def params(self) -> ReportParams:
        data = self.cleaned_data
        if data.get("start") and data.get("end"):
            start, end = data["start"], data["end"]
        else:
            year = data.get("year") or self.default_year
            start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        office = data.get("office")
        programme = data.get("programme")
        return ReportParams(
            start=start,
            end=end,
            office_id=office.pk if office else None,
            programme_id=programme.pk if programme else None,
            bands=parse_bands(data.get("bands") or DEFAULT_BANDS),
            suppress=bool(data.get("suppress")) or self.scope.force_suppress,
        )


class ExportForm(forms.Form):
    fmt = forms.ChoiceField(label=_("Format"), choices=ExportFormat.choices)
    external = forms.BooleanField(
        label=_("For external sharing (hide small counts)"), required=False
    )
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("key", uuid.uuid4().hex)
