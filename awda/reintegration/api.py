"""REST endpoints for reintegration (mounted under /api/). The same services and scoping as
the pages.

- GET  /api/reintegration/plans/                     plans the user may see
- GET  /api/reintegration/plans/<id>/                one plan: returnees, components, money
- POST /api/reintegration/cases/<id>/plans/          draft a plan
- POST /api/reintegration/plans/<id>/components/     add a component
- POST /api/reintegration/plans/<id>/approve/        approve a plan (schedules the visits)
- POST /api/reintegration/components/<id>/disbursements/   request money
- POST /api/reintegration/disbursements/<id>/approve/      approve (not one's own request)
- POST /api/reintegration/disbursements/<id>/reject/       reject, with a reason
- POST /api/reintegration/cases/<id>/arrival/        record the arrival and reception
- GET/POST /api/reintegration/cases/<id>/surveys/    sustainability surveys (scored on save)
- GET/POST /api/reintegration/scoring-definitions/   versions of the scoring definition
- GET  /api/reintegration/figures/?start=&end=       assistance by type, sex and age
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from awda.accounts.access import can_see_section, has_capability
from awda.accounts.roles import Capability
from awda.cases.selectors import case_get_for_user
from awda.funding.models import Programme
from awda.people.models import Person
from awda.reintegration import selectors as sel
from awda.reintegration import services as svc
from awda.reintegration.models import (
    Disbursement,
    PlanBeneficiary,
    PlanComponent,
    ReintegrationPlan,
    ScoringDefinition,
    SustainabilitySurvey,
)
from awda.reintegration.taxonomy import ComponentKind, PlanLevel


def _call(fn, **kwargs):
    """Run a service; its refusals become 400/403 answers with the same sentences."""
    try:
        return fn(**kwargs)
    except DjangoPermissionDenied as e:
        raise PermissionDenied(str(e))
    except DjangoValidationError as e:
        raise ValidationError(e.message_dict if hasattr(e, "error_dict") else e.messages)


def _guard(request) -> None:
    if not can_see_section(request.user, "reintegration"):
        raise PermissionDenied()


class DisbursementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Disbursement
        fields = [
            "id",
            "kind",
            "amount",
            "planned_on",
            "supplier",
            "purpose",
            "status",
            "paid_on",
            "receipt_number",
            "rejection_reason",
            "requested_by",
            "decided_by",
        ]


class ComponentSerializer(serializers.ModelSerializer):
    disbursements = DisbursementSerializer(many=True, read_only=True)

    class Meta:
        model = PlanComponent
        fields = [
            "id",
            "kind",
            "dimension",
            "description",
            "beneficiary",
            "budget",
            "supplier",
            "activity",
            "delivered_on",
            "disbursements",
        ]


class BeneficiarySerializer(serializers.ModelSerializer):
    class Meta:
        model = PlanBeneficiary
        fields = ["person", "case", "active"]


class PlanSerializer(serializers.ModelSerializer):
    beneficiaries = BeneficiarySerializer(many=True, read_only=True)
    components = ComponentSerializer(many=True, read_only=True)
    programme = serializers.SlugRelatedField(slug_field="code", read_only=True)
    managed_by = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = ReintegrationPlan
        fields = [
            "id",
            "case",
            "managed_by",
            "level",
            "status",
            "programme",
            "currency",
            "project_title",
            "needs_assessment",
            "skills_assessment",
            "assessed_on",
            "community_description",
            "revision",
            "approved_on",
            "completed_on",
            "beneficiaries",
            "components",
        ]


class PlanCreateSerializer(serializers.Serializer):
    level = serializers.ChoiceField(choices=PlanLevel.choices)
    beneficiaries = serializers.ListField(
        child=serializers.DictField(child=serializers.IntegerField()),
        help_text='[{"person": id, "case": id}, …]',
    )
    programme = serializers.SlugRelatedField(
        slug_field="code", queryset=Programme.objects.all(), required=False, allow_null=True
    )
    currency = serializers.CharField(max_length=3, default="USD")
    project_title = serializers.CharField(required=False, allow_blank=True, default="")
    needs_assessment = serializers.CharField(required=False, allow_blank=True, default="")
    skills_assessment = serializers.CharField(required=False, allow_blank=True, default="")
    assessed_on = serializers.DateField(required=False, allow_null=True, default=None)
    community_description = serializers.CharField(required=False, allow_blank=True, default="")


class ComponentCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ComponentKind.choices)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    beneficiary = serializers.IntegerField(required=False, allow_null=True, default=None)
    budget = serializers.DecimalField(max_digits=12, decimal_places=2, default=0)
    supplier = serializers.CharField(required=False, allow_blank=True, default="")
    request_key = serializers.UUIDField(required=False, allow_null=True, default=None)


class DisbursementCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Disbursement.Kind.choices)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    planned_on = serializers.DateField()
    purpose = serializers.CharField()
    supplier = serializers.CharField(required=False, allow_blank=True, default="")
    request_key = serializers.UUIDField(required=False, allow_null=True, default=None)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class ArrivalSerializer(serializers.Serializer):
    arrived_on = serializers.DateField()
    met_at_airport = serializers.BooleanField(default=False)
    arrival_point = serializers.CharField(required=False, allow_blank=True, default="")
    onward_transport = serializers.BooleanField(default=False)
    onward_destination = serializers.CharField(required=False, allow_blank=True, default="")
    first_counselling_on = serializers.DateField(required=False, allow_null=True, default=None)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class SurveySerializer(serializers.ModelSerializer):
    definition_version = serializers.IntegerField(source="definition.version", read_only=True)

    class Meta:
        model = SustainabilitySurvey
        fields = [
            "id",
            "person",
            "round",
            "surveyed_on",
            "answers",
            "economic",
            "social",
            "psychosocial",
            "composite",
            "classification",
            "definition_version",
        ]
        read_only_fields = [
            "round",
            "economic",
            "social",
            "psychosocial",
            "composite",
            "classification",
        ]


class DefinitionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScoringDefinition
        fields = ["version", "label", "definition", "is_active", "created_at", "note"]
        read_only_fields = ["version", "label", "is_active", "created_at"]


class DefinitionCreateSerializer(serializers.Serializer):
    definition = serializers.JSONField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    activate = serializers.BooleanField(default=True)


class PlanList(generics.ListAPIView):
    serializer_class = PlanSerializer

    def get_queryset(self):
        _guard(self.request)
        return (
            sel.plans_visible_to(self.request.user)
            .select_related("programme", "managed_by")
            .prefetch_related("beneficiaries", "components__disbursements")
            .order_by("-created_at", "-id")
        )


class PlanDetail(APIView):
    @extend_schema(responses=PlanSerializer)
    def get(self, request, pk: int):
        _guard(request)
        return Response(PlanSerializer(sel.plan_get_for_user(request.user, pk)).data)


class PlanCreate(APIView):
    @extend_schema(request=PlanCreateSerializer, responses={201: PlanSerializer})
    def post(self, request, case_pk: int):
        _guard(request)
        case = case_get_for_user(request.user, case_pk)
        s = PlanCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        pairs = []
        for item in data.pop("beneficiaries"):
            other = case_get_for_user(request.user, item.get("case"))
            person = Person.objects.filter(pk=item.get("person")).first()
            if person is None:
                raise ValidationError({"beneficiaries": ["Unknown person."]})
            pairs.append((person, other))
        plan = _call(svc.plan_create, actor=request.user, case=case, beneficiaries=pairs, **data)
        return Response(PlanSerializer(plan).data, status=status.HTTP_201_CREATED)


class ComponentCreate(APIView):
    @extend_schema(request=ComponentCreateSerializer, responses={201: ComponentSerializer})
    def post(self, request, pk: int):
        _guard(request)
        plan = sel.plan_get_for_user(request.user, pk)
        s = ComponentCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        data = dict(s.validated_data)
        person_id = data.pop("beneficiary")
        beneficiary = Person.objects.filter(pk=person_id).first() if person_id else None
        component = _call(
            svc.component_add, actor=request.user, plan=plan, beneficiary=beneficiary, **data
        )
        return Response(ComponentSerializer(component).data, status=status.HTTP_201_CREATED)


class PlanApprove(APIView):
    @extend_schema(request=None, responses=PlanSerializer)
    def post(self, request, pk: int):
        _guard(request)
        plan = _call(
            svc.plan_approve, actor=request.user, plan=sel.plan_get_for_user(request.user, pk)
        )
        return Response(PlanSerializer(plan).data)


class DisbursementCreate(APIView):
    @extend_schema(request=DisbursementCreateSerializer, responses={201: DisbursementSerializer})
    def post(self, request, pk: int):
        _guard(request)
        component = sel.component_get_for_user(request.user, pk)
        s = DisbursementCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = _call(
            svc.disbursement_request, actor=request.user, component=component, **s.validated_data
        )
        return Response(DisbursementSerializer(d).data, status=status.HTTP_201_CREATED)


class DisbursementApprove(APIView):
    @extend_schema(request=None, responses=DisbursementSerializer)
    def post(self, request, pk: int):
        _guard(request)
        d = sel.disbursement_get_for_user(request.user, pk)
        return Response(
            DisbursementSerializer(
                _call(svc.disbursement_approve, actor=request.user, disbursement=d)
            ).data
        )


class DisbursementReject(APIView):
    @extend_schema(request=ReasonSerializer, responses=DisbursementSerializer)
    def post(self, request, pk: int):
        _guard(request)
        d = sel.disbursement_get_for_user(request.user, pk)
        s = ReasonSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = _call(
            svc.disbursement_reject,
            actor=request.user,
            disbursement=d,
            reason=s.validated_data["reason"],
        )
        return Response(DisbursementSerializer(d).data)


class ArrivalRecord(APIView):
    @extend_schema(request=ArrivalSerializer, responses=ArrivalSerializer)
    def post(self, request, case_pk: int):
        _guard(request)
        case = case_get_for_user(request.user, case_pk)
        s = ArrivalSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        _call(svc.arrival_record, actor=request.user, case=case, **s.validated_data)
        return Response(s.data)


class Surveys(APIView):
    @extend_schema(responses=SurveySerializer(many=True))
    def get(self, request, case_pk: int):
        _guard(request)
        case = case_get_for_user(request.user, case_pk)
        rows = SustainabilitySurvey.objects.filter(case=case).select_related("definition")
        return Response(SurveySerializer(rows.order_by("person_id", "round"), many=True).data)

    @extend_schema(request=SurveySerializer, responses={201: SurveySerializer})
    def post(self, request, case_pk: int):
        _guard(request)
        case = case_get_for_user(request.user, case_pk)
        s = SurveySerializer(data=request.data)
        s.is_valid(raise_exception=True)
        survey = _call(
            svc.sustainability_survey_record,
            actor=request.user,
            case=case,
            person=s.validated_data["person"],
            surveyed_on=s.validated_data["surveyed_on"],
            answers=s.validated_data["answers"],
        )
        return Response(SurveySerializer(survey).data, status=status.HTTP_201_CREATED)


class Definitions(APIView):
    @extend_schema(responses=DefinitionSerializer(many=True))
    def get(self, request):
        if not (
            has_capability(request.user, Capability.MANAGE_PROGRAMMES)
            or has_capability(request.user, Capability.VIEW_REPORTS)
            or has_capability(request.user, Capability.MANAGE_REINTEGRATION)
        ):
            raise PermissionDenied()
        svc.scoring_definition_current()
        return Response(DefinitionSerializer(ScoringDefinition.objects.all(), many=True).data)

    @extend_schema(request=DefinitionCreateSerializer, responses={201: DefinitionSerializer})
    def post(self, request):
        s = DefinitionCreateSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        definition = _call(
            svc.scoring_definition_create,
            actor=request.user,
            data=s.validated_data["definition"],
            note=s.validated_data["note"],
            activate=s.validated_data["activate"],
        )
        return Response(DefinitionSerializer(definition).data, status=status.HTTP_201_CREATED)


def _period(request) -> tuple[dt.date, dt.date]:
    try:
        start = dt.date.fromisoformat(request.query_params["start"])
        end = dt.date.fromisoformat(request.query_params["end"])
    except (KeyError, ValueError):
        raise ValidationError({"start": ["Give start and end as YYYY-MM-DD."]})
    if end < start:
        raise ValidationError({"end": ["The end is before the start."]})
    return start, end


class Figures(APIView):
    """Reintegration figures for the report (aggregates only: donors may read them)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("start", str, required=True),
            OpenApiParameter("end", str, required=True),
            OpenApiParameter("exclude_programme", str, many=True),
        ],
        responses=dict,
    )
    def get(self, request):
        if not has_capability(request.user, Capability.VIEW_REPORTS):
            raise PermissionDenied()
        start, end = _period(request)
        exclude = tuple(request.query_params.getlist("exclude_programme"))
        return Response(
            {
                "outbound": sel.reintegration_assistance_by_type(
                    start=start, end=end, exclude_programmes=exclude
                ),
                "micro_projects": sel.micro_projects_by_sector(
                    start=start, end=end, exclude_programmes=exclude
                ),
                "inbound": sel.inbound_assistance_by_type(start=start, end=end),
                "satisfaction": sel.satisfaction_figures(start=start, end=end),
            }
        )


urlpatterns = [
    path("reintegration/plans/", PlanList.as_view(), name="reintegration-plans"),
    path("reintegration/plans/<int:pk>/", PlanDetail.as_view(), name="reintegration-plan"),
    path(
        "reintegration/plans/<int:pk>/components/",
        ComponentCreate.as_view(),
        name="reintegration-components",
    ),
    path(
        "reintegration/plans/<int:pk>/approve/",
        PlanApprove.as_view(),
        name="reintegration-plan-approve",
    ),
    path(
        "reintegration/cases/<int:case_pk>/plans/",
        PlanCreate.as_view(),
        name="reintegration-plan-create",
    ),
    path(
        "reintegration/cases/<int:case_pk>/arrival/",
        ArrivalRecord.as_view(),
        name="reintegration-arrival",
    ),
    path(
        "reintegration/cases/<int:case_pk>/surveys/",
        Surveys.as_view(),
        name="reintegration-surveys",
    ),
    path(
        "reintegration/components/<int:pk>/disbursements/",
        DisbursementCreate.as_view(),
        name="reintegration-disbursements",
    ),
    path(
        "reintegration/disbursements/<int:pk>/approve/",
        DisbursementApprove.as_view(),
        name="reintegration-disbursement-approve",
    ),
    path(
        "reintegration/disbursements/<int:pk>/reject/",
        DisbursementReject.as_view(),
        name="reintegration-disbursement-reject",
    ),
    path(
        "reintegration/scoring-definitions/",
        Definitions.as_view(),
        name="reintegration-scoring-definitions",
    ),
    path("reintegration/figures/", Figures.as_view(), name="reintegration-figures"),
]
