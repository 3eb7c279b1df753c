"""Forms of the case worker's pages: the case list filters, intake, workflow actions and
the voluntary-return declaration. They check what the user typed; the rules themselves are
in the services they feed."""

from __future__ import annotations

from functools import lru_cache

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from awda.accounts.access import sees_all_cases
from awda.accounts.models import Organisation, OrganisationKind, User
from awda.cases.models import CaseType, ClosureReason, ReferralSource, Relationship, ReturnReason
from awda.cases.selectors import AGE_BANDS, DEFAULT_SORT, CaseFilters, vulnerability_categories_for
from awda.cases.workflows import WORKFLOWS
from awda.funding.models import Programme
from awda.people.models import DocumentKind, MoroccanRegion, Sex
from awda.people.services import normalise_phone


def country_choices():
    """Country names in the active language, sorted in it (django-countries)."""
    return [("", "—"), *_countries_in(translation.get_language() or settings.LANGUAGE_CODE)]


@lru_cache(maxsize=8)
def _countries_in(language: str) -> tuple[tuple[str, str], ...]:
    # Translating and sorting some 250 names costs more than the rest of a list page.
    with translation.override(language):
        return tuple((code, str(name)) for code, name in countries)


class CountrySelect(forms.Select):
    """A select of every country, its options rendered once per language.

    Rendering some 250 options through Django's widget templates costs tens of
    milliseconds, and an intake page has one such list per person and per document.
    """

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        options = _country_options_html(translation.get_language() or settings.LANGUAGE_CODE)
        value = str(value or "")
        if value:
            marker = format_html('<option value="{}">', value)
            options = options.replace(marker, marker[:-1] + " selected>", 1)
        return format_html(
            '<select name="{}"{}>{}</select>', name, flatatt(attrs), mark_safe(options)
        )


@lru_cache(maxsize=8)
def _country_options_html(language: str) -> str:
    with translation.override(language):
        return "".join(
            format_html('<option value="{}">{}</option>', code, label)
            for code, label in country_choices()
        )


class DateInput(forms.DateInput):
    """The browser's date picker; it submits ISO dates whatever the display language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _blank(choices) -> list:
    return [("", "—"), *choices]


def status_choices() -> list[tuple[str, str]]:
    """Every status of every workflow, once (the first workflow's label wins)."""
    seen: dict[str, str] = {}
    for workflow in WORKFLOWS.values():
        for state in workflow.states:
            seen.setdefault(state.code, str(state.label))
    return list(seen.items())


# --- Case list ----------------------------------------------------------------------------

SORT_CHOICES = [
    ("-application_date", _("Application date, newest first")),
    ("application_date", _("Application date, oldest first")),
    ("reference", _("Reference")),
    ("-reference", _("Reference, descending")),
    ("name", _("Name (A–Z)")),
    ("-name", _("Name (Z–A)")),
    ("status", _("Status")),
]
PAGE_SIZES = (25, 50, 100)


class CaseFilterForm(forms.Form):
    """The case list's filters, read from the URL so a filtered list can be bookmarked."""

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Name (any spelling order or script), reference, document number or phone."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    status = forms.MultipleChoiceField(label=_("Status"), required=False, choices=status_choices)
    case_type = forms.ChoiceField(
        label=_("Kind of case"), required=False, choices=_blank(CaseType.choices)
    )
    office = forms.ChoiceField(label=_("Office"), required=False)
    programme = forms.ChoiceField(label=_("Programme"), required=False)
    nationality = forms.ChoiceField(
        label=_("Nationality"), required=False, choices=country_choices, widget=CountrySelect
    )
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=_blank(Sex.choices))
    age_band = forms.ChoiceField(
        label=_("Age"),
        required=False,
        choices=_blank([(k, v[2]) for k, v in AGE_BANDS.items()]),
    )
    vulnerability = forms.ChoiceField(label=_("Vulnerability"), required=False)
    applied_from = forms.DateField(label=_("Applied from"), required=False, widget=DateInput)
    applied_to = forms.DateField(label=_("Applied until"), required=False, widget=DateInput)
    departed_from = forms.DateField(label=_("Departed from"), required=False, widget=DateInput)
    departed_to = forms.DateField(label=_("Departed until"), required=False, widget=DateInput)
    open = forms.BooleanField(label=_("Open cases only"), required=False)
    mine = forms.BooleanField(label=_("Registered by me"), required=False)
    inactive = forms.IntegerField(
        label=_("No change for (days)"), required=False, min_value=1, max_value=3650
    )
    expiring = forms.IntegerField(
        label=_("Travel document expiring within (days)"),
        required=False,
        min_value=0,
        max_value=3650,
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)
    per_page = forms.TypedChoiceField(
        label=_("Per page"),
        required=False,
        coerce=int,
        choices=[(n, str(n)) for n in PAGE_SIZES],
    )

    # Filters shown folded away unless one of them is in use.
    MORE = (
        "office",
        "programme",
        "nationality",
        "sex",
        "age_band",
        "vulnerability",
        "applied_from",
        "applied_to",
        "departed_from",
        "departed_to",
        "mine",
        "inactive",
        "expiring",
    )

    def __init__(self, data=None, *, user: User, **kwargs):
        super().__init__(data, **kwargs)
        self.user = user
        if sees_all_cases(user):
            offices = Organisation.objects.filter(kind=OrganisationKind.IOM_OFFICE)
            self.fields["office"].choices = _blank(
                [(o.code, o.name) for o in offices.order_by("name")]
            )
        else:
            # An office role sees its own office only; the choice would say nothing.
            del self.fields["office"]
        self.fields["programme"].choices = _blank(
            [(p.code, p.name) for p in Programme.objects.order_by("code")]
        )
        from awda.protection.models import VulnerabilityCategory

        allowed = vulnerability_categories_for(user)
        if allowed:
            labels = dict(VulnerabilityCategory.choices)
            self.fields["vulnerability"].choices = _blank([(c, labels[c]) for c in allowed])
        else:
            del self.fields["vulnerability"]

    def clean(self):
        data = super().clean()
        for a, b in (("applied_from", "applied_to"), ("departed_from", "departed_to")):
            if data.get(a) and data.get(b) and data[a] > data[b]:
                self.add_error(b, _("This date is before the start of the range."))
        return data

    def to_filters(self) -> CaseFilters:
        """The filters for `cases.selectors.case_list` (only valid values are used)."""
        d = self.cleaned_data if self.is_valid() else self._valid_part()
        return CaseFilters(
            q=d.get("q") or "",
            status=tuple(d.get("status") or ()),
            case_type=d.get("case_type") or "",
            office=d.get("office") or "",
            programme=d.get("programme") or "",
            nationality=d.get("nationality") or "",
            sex=d.get("sex") or "",
            age_band=d.get("age_band") or "",
            vulnerability=d.get("vulnerability") or "",
            applied_from=d.get("applied_from"),
            applied_to=d.get("applied_to"),
            departed_from=d.get("departed_from"),
            departed_to=d.get("departed_to"),
            open_only=bool(d.get("open")),
            mine=bool(d.get("mine")),
            inactive_days=d.get("inactive"),
            documents_expiring_days=d.get("expiring"),
            sort=d.get("sort") or DEFAULT_SORT,
        )

    def _valid_part(self) -> dict:
        # A bad value in one filter (a mistyped date) must not drop the others: the list
        # shows what the valid filters select and the bad one is flagged next to its field.
        return {k: v for k, v in self.cleaned_data.items() if k not in self.errors}

    @property
    def page_size(self) -> int:
        if self.is_valid() and self.cleaned_data.get("per_page"):
            return self.cleaned_data["per_page"]
        return PAGE_SIZES[0]

    @property
    def more_in_use(self) -> bool:
        return any(self.data.get(name) for name in self.MORE if name in self.fields)


# --- Intake -------------------------------------------------------------------------------

REFERRING_KINDS = (
    OrganisationKind.NGO,
    OrganisationKind.MINISTRY,
    OrganisationKind.POLICE,
    OrganisationKind.UN_AGENCY,
    OrganisationKind.IOM_MISSION,
    OrganisationKind.CONSULATE,
)


class IntakeCaseForm(forms.Form):
    """What is registered once for the group: the kind of case, how they came, why."""

    case_type = forms.ChoiceField(
        label=_("Kind of case"),
        choices=CaseType.choices,
        initial=CaseType.OUTBOUND,
        widget=forms.RadioSelect,
    )
    office = forms.ModelChoiceField(
        label=_("Office"), queryset=Organisation.objects.none(), required=True
    )
    application_date = forms.DateField(label=_("Application date"), widget=DateInput)
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.order_by("code"),
        required=False,
        empty_label="—",
    )
    referral_source = forms.ChoiceField(
        label=_("How they were referred"),
        choices=ReferralSource.choices,
        initial=ReferralSource.SELF,
    )
    referred_by = forms.ModelChoiceField(
        label=_("Referring organisation"),
        queryset=Organisation.objects.filter(kind__in=REFERRING_KINDS, is_active=True).order_by(
            "name"
        ),
        required=False,
        help_text=_("The referring partner can then follow the case."),
    )
    arrival_in_morocco_date = forms.DateField(
        label=_("Date of arrival in Morocco"), required=False, widget=DateInput
    )
    host_country = forms.ChoiceField(
        label=_("Host country (returning from)"),
        required=False,
        choices=country_choices,
        widget=CountrySelect,
        help_text=_("For Moroccans returning home."),
    )
    destination_country = forms.ChoiceField(
        label=_("Resettlement country"),
        required=False,
        choices=country_choices,
        widget=CountrySelect,
    )
    reasons = forms.MultipleChoiceField(
        label=_("Reasons for return"),
        choices=ReturnReason.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick every reason given."),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        org = user.organisation
        offices = Organisation.objects.filter(kind=OrganisationKind.IOM_OFFICE, is_active=True)
        if org is not None and org.kind == OrganisationKind.IOM_OFFICE and not sees_all_cases(user):
            # Case workers register for their own office, whatever the request says.
            del self.fields["office"]
            self.fixed_office = org
        else:
            self.fixed_office = None
            self.fields["office"].queryset = offices.order_by("name")
        self.fields["application_date"].initial = timezone.localdate

    def clean_application_date(self):
        value = self.cleaned_data["application_date"]
        if value > timezone.localdate():
            raise ValidationError(_("The application date cannot be in the future."))
        return value

    def clean(self):
        data = super().clean()
        if self.fixed_office is not None:
            data["office"] = self.fixed_office
        case_type = data.get("case_type")
        arrival = data.get("arrival_in_morocco_date")
        if arrival:
            if arrival > timezone.localdate():
                self.add_error(
                    "arrival_in_morocco_date", _("The date of arrival cannot be in the future.")
                )
            elif data.get("application_date") and arrival > data["application_date"]:
                self.add_error(
                    "arrival_in_morocco_date",
                    _("The date of arrival is after the application date."),
                )
        if case_type == CaseType.INBOUND and not data.get("host_country"):
            self.add_error("host_country", _("Give the country the person returns from."))
        if case_type == CaseType.RESETTLEMENT and not data.get("destination_country"):
            self.add_error("destination_country", _("Give the resettlement country."))
        if case_type == CaseType.OUTBOUND and not data.get("reasons"):
            self.add_error("reasons", _("Tick at least one reason for return."))
        source = data.get("referral_source")
        if source == ReferralSource.SELF and data.get("referred_by"):
            self.add_error(
                "referred_by",
                _("A person who came on their own has no referring organisation."),
            )
        return data


class PersonForm(forms.Form):
    """One person of the group. The principal applicant (index 0) has no relationship."""

    relationship = forms.ChoiceField(
        label=_("Relationship to the principal applicant"),
        choices=_blank([c for c in Relationship.choices if c[0] != Relationship.PRINCIPAL]),
    )
    given_name = forms.CharField(label=_("Given name(s)"), max_length=150)
    family_name = forms.CharField(label=_("Family name"), max_length=150, required=False)
    name_other_script = forms.CharField(
        label=_("Name in Arabic script (or Latin)"),
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"dir": "auto"}),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, widget=forms.RadioSelect)
    date_of_birth = forms.DateField(label=_("Date of birth"), required=False, widget=DateInput)
    age = forms.IntegerField(
        label=_("or estimated age (years)"),
        required=False,
        min_value=0,
        max_value=110,
        help_text=_("When the date of birth is not known."),
    )
    nationality = forms.ChoiceField(
        label=_("Nationality"), choices=country_choices, widget=CountrySelect
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "dir": "ltr", "autocomplete": "off"}),
        help_text=_("Moroccan numbers without the country code are accepted."),
    )
    languages = forms.CharField(label=_("Languages spoken"), max_length=200, required=False)
    residence_city = forms.CharField(
        label=_("City of residence in Morocco"), max_length=100, required=False
    )
    residence_region = forms.ChoiceField(
        label=_("Region of residence"), required=False, choices=_blank(MoroccanRegion.choices)
    )

    def __init__(self, *args, principal: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.principal = principal
        if principal:
            del self.fields["relationship"]
        else:
            # The group shares the principal's contact and residence.
            for name in ("phone", "residence_city", "residence_region"):
                del self.fields[name]

    def clean_phone(self):
        try:
            return normalise_phone(self.cleaned_data.get("phone", ""))
        except ValidationError as e:
            raise ValidationError(e.message_dict["phone"])

    def clean_date_of_birth(self):
        value = self.cleaned_data.get("date_of_birth")
        if value and value > timezone.localdate():
            raise ValidationError(_("The date of birth cannot be in the future."))
        return value

    def clean(self):
        data = super().clean()
        missing = not data.get("date_of_birth") and data.get("age") is None
        if missing and "age" not in self.errors and "date_of_birth" not in self.errors:
            self.add_error("date_of_birth", _("Give the date of birth or an estimated age."))
        return data

    def service_kwargs(self) -> dict:
        """Arguments of `people.services.person_create`."""
        d = self.cleaned_data
        birth_year = None
        if not d.get("date_of_birth") and d.get("age") is not None:
            birth_year = timezone.localdate().year - d["age"]
        return {
            "given_name": d["given_name"],
            "family_name": d.get("family_name", ""),
            "name_other_script": d.get("name_other_script", ""),
            "sex": d["sex"],
            "date_of_birth": d.get("date_of_birth"),
            "birth_year": birth_year,
            "nationality": d.get("nationality", ""),
            "languages": d.get("languages", ""),
            "phone": d.get("phone", ""),
            "residence_city": d.get("residence_city", ""),
            "residence_region": d.get("residence_region", ""),
        }


class DocumentForm(forms.Form):
    """One identity or travel document. A row left entirely empty is ignored."""

    # Not required one by one: a row left empty is no document; a row begun needs both.
    kind = forms.ChoiceField(
        label=_("Document type"), required=False, choices=_blank(DocumentKind.choices)
    )
    number = forms.CharField(
        label=_("Number"),
        max_length=64,
        required=False,
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )
    issuing_country = forms.ChoiceField(
        label=_("Issuing country"),
        required=False,
        choices=country_choices,
        widget=CountrySelect,
    )
    issued_on = forms.DateField(label=_("Issued on"), required=False, widget=DateInput)
    expires_on = forms.DateField(label=_("Expires on"), required=False, widget=DateInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.empty_permitted = True
        self.use_required_attribute = False

    def has_changed(self) -> bool:
        # An untouched row (nothing typed) is not a document; issuing country alone is not
        # typed information either.
        return any(self.data.get(self.add_prefix(n)) for n in ("kind", "number", "expires_on"))

    def clean(self):
        data = super().clean()
        if not data.get("kind") and "kind" not in self.errors:
            self.add_error("kind", _("Choose the type of document."))
        if not (data.get("number") or "").strip() and "number" not in self.errors:
            self.add_error("number", _("Give the document number."))
        if (
            data.get("issued_on")
            and data.get("expires_on")
            and data["expires_on"] < data["issued_on"]
        ):
            self.add_error("expires_on", _("The expiry date is before the issue date."))
        if data.get("issued_on") and data["issued_on"] > timezone.localdate():
            self.add_error("issued_on", _("The issue date cannot be in the future."))
        return data


# --- Case file ----------------------------------------------------------------------------


class TransitionForm(forms.Form):
    """The inputs a workflow action may need; which ones depends on the transition."""

    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    date = forms.DateField(label=_("Date"), required=False, widget=DateInput)
    planned_departure_date = forms.DateField(
        label=_("Planned departure"), required=False, widget=DateInput
    )
    closure_reason = forms.ChoiceField(
        label=_("Why the case is closed"), required=False, choices=_blank(ClosureReason.choices)
    )
    settlement_region = forms.ChoiceField(
        label=_("Region of settlement"), required=False, choices=_blank(MoroccanRegion.choices)
    )

    def __init__(self, *args, transition, **kwargs):
        super().__init__(*args, **kwargs)
        self.transition = transition
        wanted = set(transition_inputs(transition))
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]
        if "reason" in self.fields and transition.requires_reason:
            self.fields["reason"].required = True
        if "date" in self.fields:
            self.fields["date"].initial = timezone.localdate
            self.fields["date"].label = STAMP_LABELS.get(transition.stamps, _("Date"))
        if "planned_departure_date" in self.fields:
            self.fields["planned_departure_date"].required = True
        if "closure_reason" in self.fields:
            self.fields["closure_reason"].required = True

    def clean_planned_departure_date(self):
        value = self.cleaned_data.get("planned_departure_date")
        if value and value < timezone.localdate():
            raise ValidationError(_("The planned departure cannot be in the past."))
        return value

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        kwargs: dict = {"reason": d.get("reason", ""), "date": d.get("date")}
        for name in ("planned_departure_date", "closure_reason", "settlement_region"):
            if d.get(name):
                kwargs[name] = d[name]
        return kwargs


STAMP_LABELS = {
    "departure_date": _("Departure date"),
    "arrival_date": _("Arrival date"),
    "closed_on": _("Date"),
}


def transition_inputs(transition) -> list[str]:
    """Which inputs the form of `transition` asks for, from how the transition is declared."""
    from awda.cases import guards

    names = []
    if transition.requires_reason:
        names.append("reason")
    if transition.stamps:
        names.append("date")
    if guards.planned_departure_set in transition.guards:
        names.append("planned_departure_date")
    if guards.closure_reason_given in transition.guards:
        names.append("closure_reason")
    if guards.settlement_region_recorded in transition.guards:
        names.append("settlement_region")
    return names


class DeclarationSignForm(forms.Form):
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput)
    language = forms.CharField(
        label=_("Language the information was given in"),
        max_length=40,
        widget=forms.TextInput(attrs={"list": "declaration-languages"}),
    )
    information_version = forms.CharField(
        label=_("Version of the information sheet"),
        max_length=40,
        help_text=_("As printed at the bottom of the sheet, e.g. 2024-01."),
    )
    signed_by_guardian = forms.BooleanField(
        label=_("Signed by a guardian or representative (child or person unable to sign)"),
        required=False,
    )
    guardian_name = forms.CharField(
        label=_("Guardian or representative"), max_length=200, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signed_on"].initial = timezone.localdate

    def clean(self):
        data = super().clean()
        if data.get("signed_by_guardian") and not (data.get("guardian_name") or "").strip():
            self.add_error("guardian_name", _("Give the name of the guardian who signed."))
        if data.get("signed_on") and data["signed_on"] > timezone.localdate():
            self.add_error("signed_on", _("The signature date cannot be in the future."))
        return data


class DeclarationWithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("Withdrawn on"), widget=DateInput)
    reason = forms.CharField(
        label=_("Reason for the withdrawal"), widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["withdrawn_on"].initial = timezone.localdate

    def clean_withdrawn_on(self):
        value = self.cleaned_data["withdrawn_on"]
        if value > timezone.localdate():
            raise ValidationError(_("The withdrawal date cannot be in the future."))
        return value


class DocumentAddForm(DocumentForm):
    """Add a document to one member of a case (from the case file)."""

    person = forms.TypedChoiceField(label=_("Person"), coerce=int)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.empty_permitted = False
        self.use_required_attribute = True
        self.fields["person"].choices = [(m.person_id, m.person.full_name) for m in members]
        self.order_fields(["person"])

    def has_changed(self) -> bool:
        return True
