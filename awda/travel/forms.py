"""Forms of the travel pages. They only parse input; the rules are in `travel.services`."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from awda.accounts.models import OrganisationKind, User
from awda.funding.selectors import programmes_for_booking, quota_remaining
from awda.travel.models import (
    BorderPost,
    DocumentSituation,
    ExaminationResult,
    FitnessOutcome,
    MovementMode,
)
from awda.travel.services import LegInput

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

MAX_LEGS = 3


class LpcRequestForm(forms.Form):
    person = forms.TypedChoiceField(label=_("Person"), coerce=int)
    document_situation = forms.ChoiceField(
        label=_("Why an LPC is needed"), choices=DocumentSituation.choices
    )
    previous_document_number = forms.CharField(
        label=_("Number of the lost or expired passport"), required=False, max_length=64
    )
    place_of_birth = forms.CharField(
        label=_("Place of birth"),
        required=False,
        max_length=150,
        help_text=_("The consulate uses it to identify the person."),
    )

    def __init__(self, *args, persons=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [(p.pk, p.full_name) for p in persons]


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class InterviewForm(forms.Form):
    interview_at = forms.DateTimeField(
        label=_("Date and time of the identification interview"), widget=DATETIME
    )
    place = forms.CharField(label=_("Place"), required=False, max_length=200)


class IdentityForm(forms.Form):
    confirmed = forms.TypedChoiceField(
        label=_("Identity"),
        choices=[("1", _("Confirmed: a national of our country")), ("0", _("Not confirmed"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    on = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    reason = forms.CharField(
        label=_("Reason (when not confirmed)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class IssueForm(forms.Form):
    number = forms.CharField(label=_("LPC number"), max_length=64)
    issued_on = forms.DateField(label=_("Issued on"), widget=DATE, initial=timezone.localdate)
    expires_on = forms.DateField(label=_("Valid until"), widget=DATE)


class BatchForm(forms.Form):
    requests = forms.TypedMultipleChoiceField(
        label=_("Requests on the list"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    sent_on = forms.DateField(label=_("Sent on"), widget=DATE, initial=timezone.localdate)

    def __init__(self, *args, requests=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requests"].choices = [
            (r.pk, f"{r.person.full_name} · {r.case.reference}") for r in requests
        ]


def staff_of(office) -> list[User]:
    """IOM staff who can escort a group: active users of the case's office."""
    if office is None:
        return []
    return list(
        User.objects.filter(
            organisation=office,
            organisation__kind=OrganisationKind.IOM_OFFICE,
            is_active=True,
        ).order_by("last_name", "first_name", "username")
    )


class EscortFields(forms.Form):
    escort = forms.TypedChoiceField(
        label=_("IOM escort"), required=False, coerce=int, empty_value=None
    )
    escort_name = forms.CharField(
        label=_("Other escort (name and organisation)"),
        required=False,
        max_length=200,
        help_text=_("For example a social worker of Entraide Nationale travelling with a child."),
    )

    def __init__(self, *args, office=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.staff = {u.pk: u for u in staff_of(office)}
        self.fields["escort"].choices = [("", "—")] + [
            (u.pk, u.get_full_name() or u.username) for u in self.staff.values()
        ]

    def escort_user(self) -> User | None:
        return self.staff.get(self.cleaned_data.get("escort"))


class BookingForm(EscortFields):
    programme = forms.TypedChoiceField(label=_("Programme charged"), coerce=int)
    mode = forms.ChoiceField(
        label=_("Mode"), choices=MovementMode.choices, widget=forms.RadioSelect, initial="air"
    )
    post = forms.ChoiceField(label=_("Border post of departure"), choices=BorderPost.choices)
    departure = forms.TypedChoiceField(
        label=_("Join a scheduled departure"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("A charter or group flight already scheduled: its flight and date are used."),
    )
    booking_reference = forms.CharField(label=_("Booking reference"), required=False, max_length=32)
    final_destination = forms.CharField(
        label=_("Final destination"), required=False, max_length=100
    )

    def __init__(self, *args, case, members, departures=(), **kwargs):
        super().__init__(*args, office=case.office, **kwargs)
        choices = []
        for p in programmes_for_booking():
            remaining = quota_remaining(p)
            label = (
                p.name
                if remaining is None
                else _("%(name)s (quota: %(n)s tickets left)")
                % {
                    "name": p.name,
                    "n": remaining,
                }
            )
            choices.append((p.pk, label))
        self.fields["programme"].choices = [("", "—")] + choices
        if case.programme_id and not self.is_bound:
            self.initial["programme"] = case.programme_id
        self.departures = {d.pk: d for d in departures}
        self.fields["departure"].choices = [("", _("No: enter the flight below"))] + [
            (d.pk, str(d)) for d in departures
        ]
        self.members = members
        for i in range(MAX_LEGS):
            required = i == 0
            self.fields[f"leg{i}_carrier"] = forms.CharField(
                label=_("Carrier"), required=required, max_length=100
            )
            self.fields[f"leg{i}_flight_number"] = forms.CharField(
                label=_("Flight number"), required=False, max_length=16
            )
            self.fields[f"leg{i}_from_place"] = forms.CharField(
                label=_("From"), required=required, max_length=100
            )
            self.fields[f"leg{i}_to_place"] = forms.CharField(
                label=_("To"), required=required, max_length=100
            )
            self.fields[f"leg{i}_departs_on"] = forms.DateField(
                label=_("Departure date"), required=required, widget=DATE
            )
            self.fields[f"leg{i}_departs_at"] = forms.TimeField(
                label=_("Departure time"), required=False, widget=TIME
            )
            self.fields[f"leg{i}_arrives_on"] = forms.DateField(
                label=_("Arrival date"), required=False, widget=DATE
            )
            self.fields[f"leg{i}_arrives_at"] = forms.TimeField(
                label=_("Arrival time"), required=False, widget=TIME
            )
        for m in members:
            self.fields[f"ticket_{m.person_id}"] = forms.CharField(
                label=_("Ticket of %(name)s") % {"name": m.person.full_name},
                required=False,
                max_length=32,
            )

    def leg_fields(self):
        """The leg fields grouped per leg, for the template."""
        names = (
            "carrier",
            "flight_number",
            "from_place",
            "to_place",
            "departs_on",
            "departs_at",
            "arrives_on",
            "arrives_at",
        )
        return [[self[f"leg{i}_{n}"] for n in names] for i in range(MAX_LEGS)]

    def ticket_fields(self):
        return [self[f"ticket_{m.person_id}"] for m in self.members]

    @property
    def has_connections(self) -> bool:
        """Whether a second or third leg was typed (or has an error): show them open."""
        names = [n for n in self.fields if n.startswith(("leg1_", "leg2_"))]
        if self.errors and any(n in self.errors for n in names):
            return True
        return self.is_bound and any(self.data.get(n) for n in names)

    def legs(self) -> list[LegInput]:
        d = self.cleaned_data
        legs = []
        for i in range(MAX_LEGS):
            values = {
                n: d.get(f"leg{i}_{n}")
                for n in (
                    "carrier",
                    "flight_number",
                    "from_place",
                    "to_place",
                    "departs_on",
                    "departs_at",
                    "arrives_on",
                    "arrives_at",
                )
            }
            if i > 0 and not any(values.values()):
                continue
            legs.append(
                LegInput(
                    carrier=values["carrier"] or "",
                    flight_number=values["flight_number"] or "",
                    from_place=values["from_place"] or "",
                    to_place=values["to_place"] or "",
                    departs_on=values["departs_on"],
                    departs_at=values["departs_at"],
                    arrives_on=values["arrives_on"],
                    arrives_at=values["arrives_at"],
                )
            )
        return legs

    def tickets(self) -> dict[int, str]:
        return {
            m.person_id: self.cleaned_data.get(f"ticket_{m.person_id}") or "" for m in self.members
        }

    def full_clean(self):
        # With a scheduled departure the first leg's flight and date come from it.
        if self.is_bound and self.data.get("departure"):
            for name in ("leg0_carrier", "leg0_departs_on"):
                self.fields[name].required = False
        super().full_clean()


class MovementEditForm(EscortFields):
    booking_reference = forms.CharField(label=_("Booking reference"), required=False, max_length=32)

    def __init__(self, *args, movement, **kwargs):
        super().__init__(*args, office=movement.case.office, **kwargs)
        self.passengers = list(movement.passengers.select_related("person").order_by("id"))
        if not self.is_bound:
            self.initial.update(
                {
                    "booking_reference": movement.booking_reference,
                    "escort": movement.escort_id,
                    "escort_name": movement.escort_name,
                }
            )
        for p in self.passengers:
            self.fields[f"ticket_{p.person_id}"] = forms.CharField(
                label=_("Ticket of %(name)s") % {"name": p.person.full_name},
                required=False,
                max_length=32,
                initial=p.ticket_number,
            )

    def ticket_fields(self):
        return [self[f"ticket_{p.person_id}"] for p in self.passengers]

    def tickets(self) -> dict[int, str]:
        return {
            p.person_id: self.cleaned_data.get(f"ticket_{p.person_id}") or ""
            for p in self.passengers
        }


class DepartureForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    post = forms.ChoiceField(label=_("Border post"), choices=BorderPost.choices)
    mode = forms.ChoiceField(
        label=_("Mode"), choices=MovementMode.choices, widget=forms.RadioSelect, initial="air"
    )
    carrier = forms.CharField(label=_("Carrier"), max_length=100)
    flight_number = forms.CharField(label=_("Flight number"), required=False, max_length=16)
    departs_at = forms.TimeField(label=_("Departure time"), required=False, widget=TIME)
    destination = forms.CharField(label=_("First destination"), required=False, max_length=100)
    is_charter = forms.BooleanField(label=_("Charter flight"), required=False)
    capacity = forms.IntegerField(label=_("Seats reserved"), required=False, min_value=1)


class PvForm(forms.Form):
    pv_number = forms.CharField(label=_("PV number"), max_length=64)
    issued_on = forms.DateField(label=_("PV date"), widget=DATE, initial=timezone.localdate)


class PerDiemForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount"), min_value=0, max_digits=8, decimal_places=2)
    currency = forms.CharField(label=_("Currency"), max_length=3)
    receipt_signed = forms.BooleanField(label=_("Receipt signed"), required=False)


class FitnessForm(forms.Form):
    person = forms.TypedChoiceField(label=_("Person"), coerce=int)
    assessed_on = forms.DateField(label=_("Assessed on"), widget=DATE, initial=timezone.localdate)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=FitnessOutcome.choices)
    conditions = forms.CharField(
        label=_("Travel conditions"),
        required=False,
        max_length=300,
        help_text=_("Medical escort, wheelchair, oxygen… — never the diagnosis."),
    )
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DATE)

    def __init__(self, *args, persons=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [(p.pk, p.full_name) for p in persons]


class ExaminationForm(forms.Form):
    person = forms.TypedChoiceField(label=_("Person"), coerce=int)
    examined_on = forms.DateField(label=_("Examined on"), widget=DATE, initial=timezone.localdate)
    result = forms.ChoiceField(label=_("Result"), choices=ExaminationResult.choices)
    clinic = forms.CharField(label=_("Clinic or panel physician"), required=False, max_length=200)

    def __init__(self, *args, persons=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [(p.pk, p.full_name) for p in persons]


class OrientationForm(forms.Form):
    person = forms.TypedChoiceField(label=_("Person"), coerce=int)
    session_on = forms.DateField(label=_("Session on"), widget=DATE, initial=timezone.localdate)
    attended = forms.BooleanField(label=_("Attended"), required=False, initial=True)
    facilitator = forms.CharField(label=_("Facilitator"), required=False, max_length=200)

    def __init__(self, *args, persons=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [(p.pk, p.full_name) for p in persons]
