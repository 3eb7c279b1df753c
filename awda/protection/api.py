"""REST endpoints for protection (mounted under /api/): vulnerabilities (restricted details
only for cleared roles, each such read audited), consents, best-interests procedures."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from awda.accounts.access import Section
from awda.cases.selectors import case_section_for_user
from awda.protection import services
from awda.protection.apiutils import service_error
from awda.protection.models import ConsentPurpose, Sensitivity, VulnerabilityCategory
from awda.protection.selectors import (
    bid_may_read_notes,
    bid_missing_steps,
    bid_procedures_for_case,
    consents_for_case,
    vulnerabilities_readable,
)


def _case(request, case_id, section):
    return case_section_for_user(request.user, case_id, section)


class VulnerabilityOut(serializers.Serializer):
    id = serializers.IntegerField()
    person = serializers.IntegerField()
    person_name = serializers.CharField()
    category = serializers.CharField(allow_null=True, help_text="null when masked")
    category_label = serializers.CharField()
    sensitivity = serializers.IntegerField()
    assessed_on = serializers.DateField()
    resolved_on = serializers.DateField(allow_null=True)
    details = serializers.CharField(
        allow_null=True, help_text="null when the user is not cleared for this record"
    )


class VulnerabilityIn(serializers.Serializer):
    person = serializers.IntegerField()
    category = serializers.ChoiceField(choices=VulnerabilityCategory.choices)
    assessed_on = serializers.DateField()
    details = serializers.CharField(required=False, allow_blank=True, default="")
    sensitivity = serializers.ChoiceField(
        choices=Sensitivity.choices, required=False, allow_null=True, default=None
    )


class VulnerabilityList(APIView):
    @extend_schema(responses=VulnerabilityOut(many=True))
    def get(self, request, case_id):
        case = _case(request, case_id, Section.VULNERABILITIES)
        rows = []
        for view, details in vulnerabilities_readable(request.user, [case.pk], via="api"):
            readable = not view.restricted or view.can_reveal
            rows.append(
                {
                    "id": view.pk,
                    "person": view.person_id,
                    "person_name": view.person_name,
                    "category": view.category,
                    "category_label": view.category_label,
                    "sensitivity": view.sensitivity,
                    "assessed_on": view.assessed_on,
                    "resolved_on": view.resolved_on,
                    "details": details if readable else None,
                }
            )
        return Response(VulnerabilityOut(rows, many=True).data)

    @extend_schema(request=VulnerabilityIn, responses={201: VulnerabilityOut})
    def post(self, request, case_id):
        case = _case(request, case_id, Section.VULNERABILITIES)
        data = VulnerabilityIn(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        person = case.members.filter(person_id=d["person"]).select_related("person").first()
        if person is None:
            return Response({"person": ["Not in this group."]}, status=400)
        try:
            v = services.vulnerability_record(
                actor=request.user,
                case=case,
                person=person.person,
                category=d["category"],
                assessed_on=d["assessed_on"],
                details=d["details"],
                sensitivity=d["sensitivity"],
            )
        except (ValidationError, PermissionDenied) as exc:
            return service_error(exc)
        return Response(
            VulnerabilityOut(
                {
                    "id": v.pk,
                    "person": v.person_id,
                    "person_name": v.person.full_name,
                    "category": v.category,
                    "category_label": str(v.get_category_display()),
                    "sensitivity": v.sensitivity,
                    "assessed_on": v.assessed_on,
                    "resolved_on": v.resolved_on,
                    "details": v.details,
                }
            ).data,
            status=status.HTTP_201_CREATED,
        )


class ConsentOut(serializers.Serializer):
    purpose = serializers.CharField()
    label = serializers.CharField()
    given = serializers.BooleanField()
    given_on = serializers.DateField(allow_null=True)
    withdrawn_on = serializers.DateField(allow_null=True)
    withdrawal_reason = serializers.CharField(allow_blank=True)


class ConsentIn(serializers.Serializer):
    purpose = serializers.ChoiceField(choices=ConsentPurpose.choices)
    given_on = serializers.DateField()
    given_by_guardian = serializers.BooleanField(required=False, default=False)
    guardian_name = serializers.CharField(required=False, allow_blank=True, default="")


class ConsentWithdrawIn(serializers.Serializer):
    reason = serializers.CharField()
    withdrawn_on = serializers.DateField(required=False, allow_null=True, default=None)


def _consents(case):
    return [
        {
            "purpose": s.purpose,
            "label": s.label,
            "given": s.given,
            "given_on": s.consent.given_on if s.consent else None,
            "withdrawn_on": s.consent.withdrawn_on if s.consent else None,
            "withdrawal_reason": s.consent.withdrawal_reason if s.consent else "",
        }
        for s in consents_for_case(case)
    ]


class ConsentList(APIView):
    @extend_schema(responses=ConsentOut(many=True))
    def get(self, request, case_id):
        case = _case(request, case_id, Section.CONSENT)
        return Response(ConsentOut(_consents(case), many=True).data)

    @extend_schema(request=ConsentIn, responses={201: ConsentOut(many=True)})
    def post(self, request, case_id):
        case = _case(request, case_id, Section.CONSENT)
        data = ConsentIn(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.consent_give(actor=request.user, case=case, **data.validated_data)
        except (ValidationError, PermissionDenied) as exc:
            return service_error(exc)
        return Response(ConsentOut(_consents(case), many=True).data, status=201)


class ConsentWithdraw(APIView):
    @extend_schema(request=ConsentWithdrawIn, responses=ConsentOut(many=True))
    def post(self, request, case_id, purpose):
        case = _case(request, case_id, Section.CONSENT)
        data = ConsentWithdrawIn(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.consent_withdraw(
                actor=request.user, case=case, purpose=purpose, **data.validated_data
            )
        except (ValidationError, PermissionDenied) as exc:
            return service_error(exc)
        return Response(ConsentOut(_consents(case), many=True).data)


class BidOut(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True)
    child = serializers.IntegerField()
    child_name = serializers.CharField()
    identified_on = serializers.DateField(allow_null=True)
    guardian_appointed_on = serializers.DateField(allow_null=True)
    assessment_on = serializers.DateField(allow_null=True)
    family_tracing_on = serializers.DateField(allow_null=True)
    determination = serializers.CharField(allow_blank=True)
    determination_on = serializers.DateField(allow_null=True)
    missing_steps = serializers.ListField(child=serializers.CharField())
    panel_reasons = serializers.CharField(allow_null=True, help_text="null unless cleared")


class BidList(APIView):
    @extend_schema(responses=BidOut(many=True))
    def get(self, request, case_id):
        case = _case(request, case_id, Section.VULNERABILITIES)
        cleared = bid_may_read_notes(request.user)
        rows = []
        for child, p in bid_procedures_for_case(case):
            rows.append(
                {
                    "id": p.pk if p else None,
                    "child": child.pk,
                    "child_name": child.full_name,
                    "identified_on": p.identified_on if p else None,
                    "guardian_appointed_on": p.guardian_appointed_on if p else None,
                    "assessment_on": p.assessment_on if p else None,
                    "family_tracing_on": p.family_tracing_on if p else None,
                    "determination": p.determination if p else "",
                    "determination_on": p.determination_on if p else None,
                    "missing_steps": bid_missing_steps(p),
                    "panel_reasons": (p.panel_reasons if p and cleared else None),
                }
            )
        if cleared and any(r["panel_reasons"] for r in rows):
            from awda.audit.services import audit_record

            audit_record(
                actor=request.user, verb="bid.read_restricted", obj=case, data={"via": "api"}
            )
        return Response(BidOut(rows, many=True).data)


urlpatterns = [
    path(
        "cases/<int:case_id>/vulnerabilities/",
        VulnerabilityList.as_view(),
        name="case-vulnerabilities",
    ),
    path("cases/<int:case_id>/consents/", ConsentList.as_view(), name="case-consents"),
    path(
        "cases/<int:case_id>/consents/<str:purpose>/withdraw/",
        ConsentWithdraw.as_view(),
        name="case-consent-withdraw",
    ),
    path("cases/<int:case_id>/best-interests/", BidList.as_view(), name="case-bid"),
]
