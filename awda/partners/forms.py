"""Forms of referrals. They check what was typed; the rules are in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from awda.accounts.models import Organisation
from awda.partners.models import Referral, Service
from awda.partners.selectors import PARTNER_KINDS, partners_for_referral
from awda.protection.forms import DateInput, member_choices


class PartnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        profile = getattr(obj, "partner_profile", None)
        services = dict(Service.choices)
        offered = ", ".join(
            str(services[s]) for s in (profile.services if profile else []) if s in services
        )
        return f"{obj.name} ({offered})" if offered else obj.name


class ReferralForm(forms.Form):
    request_key = forms.CharField(widget=forms.HiddenInput)
    to_organisation = PartnerChoiceField(label=_("Partner"), queryset=Organisation.objects.none())
    service = forms.ChoiceField(label=_("Service requested"), choices=[("", "—"), *Service.choices])
    person = forms.TypedChoiceField(
        label=_("Person concerned"), coerce=int, required=False, empty_value=None
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The partner reads this. Write what they need to act; keep restricted details "
            "(medical, trafficking) for the protection file."
        ),
    )
    sent_on = forms.DateField(label=_("Sent on"), widget=DateInput())

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_organisation"].queryset = partners_for_referral()
        self.fields["person"].choices = [("", _("The whole group")), *member_choices(members)]


class IncomingReferralForm(forms.Form):
    from_organisation = forms.ModelChoiceField(
        label=_("Referred by"), queryset=Organisation.objects.none()
    )
    service = forms.ChoiceField(label=_("Asked for"), choices=[("", "—"), *Service.choices])
    person = forms.TypedChoiceField(
        label=_("Person concerned"), coerce=int, required=False, empty_value=None
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    sent_on = forms.DateField(label=_("Referred on"), widget=DateInput())

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_organisation"].queryset = Organisation.objects.filter(
            kind__in=PARTNER_KINDS, is_active=True
        ).order_by("name")
        self.fields["person"].choices = [("", _("The whole group")), *member_choices(members)]


ANSWER_CHOICES = [
    (Referral.Status.ACCEPTED, _("Accept")),
    (Referral.Status.DECLINED, _("Decline")),
    (Referral.Status.COMPLETED, _("Completed")),
]


class AnswerForm(forms.Form):
    status = forms.ChoiceField(label=_("Answer"), choices=ANSWER_CHOICES, widget=forms.RadioSelect)
    on = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when declining."),
    )

    def __init__(self, *args, allowed=(), **kwargs):
        super().__init__(*args, **kwargs)
        if allowed:
            self.fields["status"].choices = [c for c in ANSWER_CHOICES if c[0] in allowed]


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Why cancel"), max_length=500)


class QueueFilterForm(forms.Form):
    direction = forms.ChoiceField(
        label=_("Direction"),
        required=False,
        choices=[("", _("All")), ("received", _("Received")), ("sent", _("Sent"))],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), ("open", _("Open")), *Referral.Status.choices],
    )
    service = forms.ChoiceField(
        label=_("Service"), required=False, choices=[("", _("All")), *Service.choices]
    )
