"""REST endpoints for cases (mounted under /api/).

- GET  /api/cases/                        the case list: same filters as the web page
- GET  /api/cases/<id>/                   one case, with the sections the user may see
- POST /api/cases/<id>/transitions/       a workflow action; 409 with the reasons if refused

Everything goes through the same selectors and services as the web pages, so scoping and
workflow rules are the same whichever door a request comes through.
"""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from awda.accounts.access import can_see_section, has_capability
from awda.cases.models import Case
from awda.cases.selectors import CaseListPages, case_get_for_user, case_members
from awda.cases.services import TransitionRefused, available_actions, case_transition


def _country(value) -> str:
    return str(value.code if hasattr(value, "code") else value or "")


class CaseRowSerializer(serializers.Serializer):
    """One row of the case list; the principal applicant only for users who see people."""

    id = serializers.IntegerField(source="pk")
    reference = serializers.CharField()
    case_type = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    office = serializers.CharField(source="office.code")
    programme = serializers.CharField(source="programme.code", default="")
    application_date = serializers.DateField()
    departure_date = serializers.DateField(allow_null=True)
    member_count = serializers.IntegerField()
    principal = serializers.SerializerMethodField()

    @extend_schema(
        responses=inline_serializer(
            "Principal",
            {
                "given_name": serializers.CharField(),
                "family_name": serializers.CharField(),
                "sex": serializers.CharField(),
                "date_of_birth": serializers.DateField(allow_null=True),
                "nationality": serializers.CharField(),
            },
        )
    )
    def get_principal(self, case) -> dict | None:
        if not self.context.get("show_people"):
            return None
        return {
            "given_name": case.principal_given_name or "",
            "family_name": case.principal_family_name or "",
            "sex": case.principal_sex or "",
            "date_of_birth": case.principal_date_of_birth,
            "nationality": case.principal_nationality or "",
        }


FILTER_PARAMETERS = [
    OpenApiParameter("q", str, description="Name, reference, document number or phone"),
    OpenApiParameter("status", str, many=True),
    OpenApiParameter("case_type", str, enum=["outbound", "inbound", "resettlement"]),
    OpenApiParameter("office", str, description="Office code (national roles only)"),
    OpenApiParameter("programme", str, description="Programme code"),
    OpenApiParameter("nationality", str, description="ISO 3166-1 alpha-2, any member"),
    OpenApiParameter("sex", str, enum=["M", "F"]),
    OpenApiParameter("age_band", str, enum=["0-10", "11-18", "19-35", "36-65", "66+"]),
    OpenApiParameter("vulnerability", str),
    OpenApiParameter("applied_from", str, description="YYYY-MM-DD"),
    OpenApiParameter("applied_to", str, description="YYYY-MM-DD"),
    OpenApiParameter("departed_from", str, description="YYYY-MM-DD"),
    OpenApiParameter("departed_to", str, description="YYYY-MM-DD"),
    OpenApiParameter("open", bool),
    OpenApiParameter("mine", bool),
    OpenApiParameter("inactive", int, description="No change for at least N days"),
    OpenApiParameter("expiring", int, description="A travel document expires within N days"),
    OpenApiParameter("sort", str),
]


class CaseListAPI(generics.ListAPIView):
    serializer_class = CaseRowSerializer

    def get_queryset(self):
        from awda.web.forms import CaseFilterForm

        form = CaseFilterForm(self.request.query_params, user=self.request.user)
        if not form.is_valid():
            raise ValidationError(form.errors.get_json_data())
        # Count, page ids, then rows of the page: see CaseListPages.
        return CaseListPages(self.request.user, form.to_filters())

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "show_people": can_see_section(self.request.user, "people"),
        }

    @extend_schema(parameters=FILTER_PARAMETERS)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


def _case_or_404(user, pk) -> Case:
    from django.http import Http404

    try:
        return case_get_for_user(user, pk)
    except Http404:
        raise NotFound()


def case_document(user, case: Case) -> dict:
    """The case as the user may see it: one key per section they have access to."""
    see = lambda section: can_see_section(user, section)  # noqa: E731
    data: dict = {
        "id": case.pk,
        "reference": case.reference,
        "case_type": case.case_type,
        "status": case.status,
        "status_label": case.get_status_display(),
        "office": case.office.code,
        "programme": case.programme.code if case.programme else "",
        "application_date": case.application_date,
        "country_of_origin": _country(case.country_of_origin),
        "destination_country": _country(case.destination_country),
        "host_country": _country(case.host_country),
        "planned_departure_date": case.planned_departure_date,
        "departure_date": case.departure_date,
        "arrival_date": case.arrival_date,
        "closed_on": case.closed_on,
        "closure_reason": case.closure_reason,
    }
    members = case_members(case)
    if see("people"):
        data["members"] = []
        for m in members:
            p = m.person
            person = {
                "id": p.pk,
                "relationship": m.relationship,
                "given_name": p.given_name,
                "family_name": p.family_name,
                "name_other_script": p.name_other_script,
                "sex": p.sex,
                "date_of_birth": p.date_of_birth,
                "dob_estimated": p.dob_estimated,
                "nationality": _country(p.nationality),
            }
            if see("contact"):
                person.update(
                    phone=p.phone,
                    residence_city=p.residence_city,
                    residence_region=p.residence_region,
                )
            if see("documents"):
                person["documents"] = [
                    {
                        "kind": d.kind,
                        "number": d.number,
                        "issuing_country": _country(d.issuing_country),
                        "issued_on": d.issued_on,
                        "expires_on": d.expires_on,
                    }
                    for d in p.documents.order_by("-expires_on", "id")
                ]
            data["members"].append(person)
    if see("consent"):
        from awda.protection.selectors import declaration_for_case

        declaration = declaration_for_case(case)
        data["declaration"] = (
            None
            if declaration is None
            else {
                "signed_on": declaration.signed_on,
                "language": declaration.language,
                "information_version": declaration.information_version,
                "signed_by_guardian": declaration.signed_by_guardian,
                "guardian_name": declaration.guardian_name,
                "withdrawn_on": declaration.withdrawn_on,
                "withdrawal_reason": declaration.withdrawal_reason,
            }
        )
    if see("summary"):
        data["return_reasons"] = list(case.return_reasons.values_list("reason", flat=True))
    if see("timeline"):
        data["timeline"] = [
            {
                "at": e.at,
                "kind": e.kind,
                "action": e.action,
                "from_status": e.from_status,
                "to_status": e.to_status,
                "reason": e.reason,
                "actor": e.actor.get_username() if e.actor else "",
            }
            for e in case.timeline.select_related("actor").order_by("at", "id")
        ]
    if has_capability(user, "advance_case") or has_capability(user, "manage_travel"):
        data["actions"] = [
            {
                "action": a.transition.action,
                "label": str(a.transition.label),
                "allowed": a.allowed,
                "refusals": list(a.refusals),
                "requires_reason": a.transition.requires_reason,
            }
            for a in available_actions(case, user)
        ]
    return data


class CaseDetailAPI(APIView):
    @extend_schema(responses={200: dict, 404: None})
    def get(self, request, pk: int):
        case = _case_or_404(request.user, pk)
        return Response(case_document(request.user, case))


class TransitionInput(serializers.Serializer):
    action = serializers.CharField(max_length=40)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    date = serializers.DateField(required=False, allow_null=True, default=None)
    planned_departure_date = serializers.DateField(required=False, allow_null=True)
    closure_reason = serializers.CharField(required=False, allow_blank=True)
    settlement_region = serializers.CharField(required=False, allow_blank=True)


class CaseTransitionAPI(APIView):
    @extend_schema(
        request=TransitionInput,
        responses={
            200: dict,
            400: dict,
            404: None,
            409: inline_serializer("Refused", {"reasons": serializers.ListField()}),
        },
    )
    def post(self, request, pk: int):
        case = _case_or_404(request.user, pk)
        data = TransitionInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        action = values.pop("action")
        if case.workflow.transition(action) is None:
            return Response(
                {"action": [f"Unknown action for a {case.case_type} case."]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        context = {k: v for k, v in values.items() if k not in ("reason", "date") and v}
        try:
            case_transition(
                case=case,
                action=action,
                actor=request.user,
                reason=values.get("reason", ""),
                date=values.get("date"),
                **context,
            )
        except TransitionRefused as refused:
            return Response({"reasons": refused.reasons}, status=status.HTTP_409_CONFLICT)
        return Response(case_document(request.user, case))


urlpatterns = [
    path("cases/", CaseListAPI.as_view(), name="case-list"),
    path("cases/<int:pk>/", CaseDetailAPI.as_view(), name="case-detail"),
    path("cases/<int:pk>/transitions/", CaseTransitionAPI.as_view(), name="case-transitions"),
]
