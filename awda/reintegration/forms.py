"""Forms of the reintegration pages. They check what was typed; the rules are in services."""

from __future__ import annotations

import uuid

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awda.cases.models import ClosureReason
from awda.funding.models import Programme
from awda.people.models import MoroccanRegion
from awda.reintegration import scoring
from awda.reintegration.models import (
    Disbursement,
    FamilyTracing,
    GroupActivity,
    InformationExchange,
    ProjectStatus,
)
from awda.reintegration.services import CLOSURE_REASONS
from awda.reintegration.taxonomy import (
    GROUP_ACTIVITY_KINDS,
    ComponentKind,
    PlanLevel,
    kind_choices_for,
)

YES_NO = [("yes", _("Yes")), ("no", _("No"))]
YES_NO_UNKNOWN = [("", _("Not asked")), ("yes", _("Yes")), ("no", _("No"))]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def date_field(label, required=True, **kwargs) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput(), **kwargs)


def _blank(choices) -> list:
    return [("", "—"), *choices]


def yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


class KeyedForm(forms.Form):
    """A form carrying a one-time key: submitting it twice creates one record."""

    request_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("request_key", uuid.uuid4())


class ArrivalForm(forms.Form):
    arrived_on = date_field(_("Date of arrival"))
    met_at_airport = forms.BooleanField(
        label=_("Met at the airport or border post"), required=False
    )
    arrival_point = forms.CharField(
        label=_("Airport or border post"), required=False, max_length=120
    )
    onward_transport = forms.BooleanField(label=_("Onward transport provided"), required=False)
    onward_destination = forms.CharField(
        label=_("Onward destination"), required=False, max_length=120
    )
    first_counselling_on = date_field(_("First counselling on"), required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CounsellingForm(KeyedForm):
    counselled_on = date_field(_("Date"))
    settlement_region = forms.ChoiceField(
        label=_("Region of settlement"), required=False, choices=_blank(MoroccanRegion.choices)
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Stored encrypted; shown only to people cleared for counselling notes."),
    )

    def __init__(self, *args, inbound: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if inbound:
            self.fields["settlement_region"].required = True
        else:
            del self.fields["settlement_region"]


class FamilyTracingForm(forms.Form):
    started_on = date_field(_("Started on"))
    outcome = forms.ChoiceField(label=_("Outcome"), choices=FamilyTracing.Outcome.choices)
    contact_name = forms.CharField(label=_("Family contact"), required=False, max_length=200)
    contact_relationship = forms.CharField(label=_("Relationship"), required=False, max_length=100)
    contact_phone = forms.CharField(label=_("Phone"), required=False, max_length=32)
    contact_city = forms.CharField(label=_("City"), required=False, max_length=100)
    information_collected = forms.CharField(
        label=_("Information collected"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class InformationExchangeForm(KeyedForm):
    exchanged_on = date_field(_("Date"))
    mission = forms.ModelChoiceField(label=_("Host-country mission"), queryset=None)
    channel = forms.ChoiceField(label=_("Channel"), choices=InformationExchange.Channel.choices)
    subject = forms.CharField(
        label=_("What was exchanged"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Economic and social context in Morocco, the plan drafted by the host-country "
            "mission, documents, travel details…"
        ),
    )
    plan_feasibility = forms.ChoiceField(
        label=_("Feasibility of the reintegration plan"),
        choices=InformationExchange.Feasibility.choices,
    )

    def __init__(self, *args, missions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mission"].queryset = missions


class PlanForm(forms.Form):
    level = forms.ChoiceField(label=_("Level"), choices=PlanLevel.choices, widget=forms.RadioSelect)
    beneficiaries = forms.MultipleChoiceField(
        label=_("Returnees covered"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "A collective plan covers at least two returnees, who may come from different "
            "cases followed by the same mission."
        ),
    )
    project_title = forms.CharField(label=_("Project"), required=False, max_length=200)
    programme = forms.ModelChoiceField(
        label=_("Charged to programme"), queryset=Programme.objects.all(), required=False
    )
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="USD")
    needs_assessment = forms.CharField(
        label=_("Needs assessment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    skills_assessment = forms.CharField(
        label=_("Skills and experience"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    assessed_on = date_field(_("Assessed on"), required=False)
    community_description = forms.CharField(
        label=_("Community concerned"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For a community project: who benefits, where."),
    )
    reason = forms.CharField(
        label=_("Why is the plan revised?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, candidates=(), revising: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {f"{p.pk}:{c.pk}": (p, c) for p, c, _taken in candidates}
        self.fields["beneficiaries"].choices = [
            (
                f"{p.pk}:{c.pk}",
                f"{p.full_name} — {c.reference}"
                + (f" ({_('already has a plan')})" if taken and not revising else ""),
            )
            for p, c, taken in candidates
        ]
        if revising:
            self.fields["reason"].required = True
        else:
            del self.fields["reason"]

    def clean_currency(self):
        return (self.cleaned_data.get("currency") or "").strip().upper()

    def chosen(self) -> list:
        return [self.candidates[v] for v in self.cleaned_data.get("beneficiaries", [])]


class ComponentForm(KeyedForm):
    kind = forms.ChoiceField(label=_("Type"))
    description = forms.CharField(label=_("Description"), required=False, max_length=300)
    beneficiary = forms.ChoiceField(label=_("For"), required=False)
    budget = forms.DecimalField(label=_("Budget"), min_value=0, decimal_places=2, initial=0)
    supplier = forms.CharField(
        label=_("Supplier or service provider"), required=False, max_length=200
    )
    activity = forms.ModelChoiceField(
        label=_("Session or workshop"), queryset=GroupActivity.objects.none(), required=False
    )

    def __init__(self, *args, plan=None, activities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["kind"].choices = _blank(kind_choices_for(plan.case.case_type))
        people = [(str(b.person_id), b.person.full_name) for b in plan.beneficiaries.all()]
        self.fields["beneficiary"].choices = [("", _("Everyone in the plan")), *people]
        if activities is not None and plan.case.case_type == "inbound":
            self.fields["activity"].queryset = activities
        else:
            del self.fields["activity"]


class DisbursementForm(KeyedForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=Disbursement.Kind.choices)
    amount = forms.DecimalField(label=_("Amount"), min_value=0, decimal_places=2)
    planned_on = date_field(_("Planned for"))
    purpose = forms.CharField(label=_("What it pays for"), max_length=300)
    supplier = forms.CharField(label=_("Supplier"), required=False, max_length=200)
    programme = forms.ModelChoiceField(
        label=_("Charged to programme"), queryset=Programme.objects.all(), required=False
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class PaymentForm(forms.Form):
    paid_on = date_field(_("Paid on"))
    receipt = forms.FileField(
        label=_("Receipt"),
        help_text=_("PDF or photo (JPEG, PNG, WebP), 5 MB at most."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,image/jpeg,image/png,image/webp"}),
    )
    receipt_number = forms.CharField(label=_("Receipt number"), required=False, max_length=64)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class VisitReportForm(forms.Form):
    done_on = date_field(_("Visited on"))
    project_status = forms.ChoiceField(
        label=_("Project status"), choices=_blank(ProjectStatus.choices)
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    photos = MultipleFileField(
        label=_("Photos"), required=False, help_text=_("JPEG, PNG or WebP, 5 MB each, 10 at most.")
    )


class VisitAddForm(forms.Form):
    due_on = date_field(_("Date of the visit"))


class SurveyForm(forms.Form):
    """The sustainability survey, built from the scoring definition in force."""

    person = forms.ChoiceField(label=_("Returnee interviewed"))
    surveyed_on = date_field(_("Date of the interview"))

    def __init__(self, *args, definition: dict, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [(str(p.pk), p.full_name) for p in people]
        self.fields["surveyed_on"].initial = timezone.localdate()
        self.dimensions = []
        for d in definition["dimensions"]:
            names = []
            for i in d["indicators"]:
                name = f"q_{i['code']}"
                self.fields[name] = forms.ChoiceField(
                    label=scoring.localized(i.get("label")),
                    choices=[(a["code"], scoring.localized(a.get("label"))) for a in i["answers"]],
                    widget=forms.RadioSelect,
                )
                names.append(name)
            self.dimensions.append((scoring.localized(d.get("label")), names))

    def grouped(self):
        return [(label, [self[n] for n in names]) for label, names in self.dimensions]

    def answers(self) -> dict[str, str]:
        return {k[2:]: v for k, v in self.cleaned_data.items() if k.startswith("q_")}


class SatisfactionForm(forms.Form):
    person = forms.ChoiceField(label=_("Returnee interviewed"))
    surveyed_on = date_field(_("Date of the interview"))
    satisfied_with_return = forms.ChoiceField(
        label=_("Satisfied with the return?"), choices=YES_NO, widget=forms.RadioSelect
    )
    needs_taken_into_account = forms.ChoiceField(
        label=_("Were all specific needs taken into account during the journey?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    satisfied_with_assistance = forms.ChoiceField(
        label=_("Satisfied with the assistance received?"), choices=YES_NO_UNKNOWN, required=False
    )
    entourage_support_crucial = forms.ChoiceField(
        label=_("Was the support of family and entourage crucial?"),
        choices=YES_NO_UNKNOWN,
        required=False,
    )
    comments = forms.CharField(
        label=_("Comments"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [(str(p.pk), p.full_name) for p in people]


class CloseForm(forms.Form):
    closure_reason = forms.ChoiceField(
        label=_("Why is the case closed?"),
        choices=_blank([(c, label) for c, label in ClosureReason.choices if c in CLOSURE_REASONS]),
    )
    closed_on = date_field(_("Closed on"))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ScoringDefinitionForm(forms.Form):
    file = forms.FileField(
        label=_("Load a JSON file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )
    definition = forms.CharField(
        label=_("Or edit the definition (JSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 24, "spellcheck": "false", "class": "code"}),
    )
    note = forms.CharField(
        label=_("What changed"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    activate = forms.BooleanField(
        label=_("Use this version for new surveys"), required=False, initial=True
    )

    def clean(self):
        import json

        data = super().clean()
        raw = ""
        upload = data.get("file")
        if upload:
            if upload.size > 1024 * 1024:
                self.add_error("file", _("The file is too large (1 MB at most)."))
                return data
            try:
                raw = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                self.add_error("file", _("The file is not UTF-8 text."))
                return data
        else:
            raw = data.get("definition") or ""
        if not raw.strip():
            self.add_error("definition", _("Load a file or paste the definition."))
            return data
        try:
            data["parsed"] = json.loads(raw)
        except json.JSONDecodeError as e:
            field = "file" if upload else "definition"
            self.add_error(
                field,
                _("This is not valid JSON (line %(line)s, column %(col)s: %(msg)s).")
                % {"line": e.lineno, "col": e.colno, "msg": e.msg},
            )
        return data


class GroupActivityForm(KeyedForm):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[(k, ComponentKind(k).label) for k in sorted(GROUP_ACTIVITY_KINDS)],
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    city = forms.CharField(label=_("City"), max_length=100)
    held_on = date_field(_("Date"))
    facilitator = forms.CharField(label=_("Facilitator"), required=False, max_length=200)
