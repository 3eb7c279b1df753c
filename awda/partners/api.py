"""REST endpoints for referrals (mounted under /api/): a partner's queue and answers, and
sending a referral from a case (after the consent check)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from awda.accounts.access import Section, can_see_section
from awda.accounts.models import Organisation
from awda.cases.selectors import case_get_for_user
from awda.partners import services
from awda.partners.models import Referral, Service
from awda.partners.selectors import referral_get_for_user, referral_queue
from awda.protection.apiutils import service_error


class ReferralOut(serializers.ModelSerializer):
    case_reference = serializers.CharField(source="case.reference")
    from_organisation = serializers.CharField(source="from_organisation.code")
    to_organisation = serializers.CharField(source="to_organisation.code")
    person_name = serializers.SerializerMethodField()

    class Meta:
        model = Referral
        fields = [
            "id",
            "case",
            "case_reference",
            "person",
            "person_name",
            "from_organisation",
            "to_organisation",
            "service",
            "reason",
            "status",
            "sent_on",
            "answered_on",
            "completed_on",
            "notes",
        ]

    def get_person_name(self, obj) -> str:
        return obj.person.full_name if obj.person else ""


class ReferralIn(serializers.Serializer):
    to_organisation = serializers.SlugRelatedField(
        slug_field="code", queryset=Organisation.objects.all()
    )
    service = serializers.ChoiceField(choices=Service.choices)
    reason = serializers.CharField()
    person = serializers.IntegerField(required=False, allow_null=True, default=None)
    sent_on = serializers.DateField(required=False, allow_null=True, default=None)
    request_key = serializers.CharField(required=False, allow_blank=True, default="")


class AnswerIn(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[Referral.Status.ACCEPTED, Referral.Status.DECLINED, Referral.Status.COMPLETED]
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")
    on = serializers.DateField(required=False, allow_null=True, default=None)


class ReferralQueue(ListAPIView):
    serializer_class = ReferralOut

    @extend_schema(
        parameters=[
            OpenApiParameter("direction", str, enum=["received", "sent"]),
            OpenApiParameter("status", str),
            OpenApiParameter("service", str),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        p = self.request.query_params
        return referral_queue(
            self.request.user,
            status=p.get("status", ""),
            direction=p.get("direction", ""),
            service=p.get("service", ""),
        )


class ReferralDetail(APIView):
    @extend_schema(responses=ReferralOut)
    def get(self, request, pk):
        return Response(ReferralOut(referral_get_for_user(request.user, pk)).data)


class ReferralAnswer(APIView):
    @extend_schema(request=AnswerIn, responses=ReferralOut)
    def post(self, request, pk):
        referral = referral_get_for_user(request.user, pk)
        data = AnswerIn(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            referral = services.referral_answer(
                actor=request.user, referral=referral, **data.validated_data
            )
        except (ValidationError, PermissionDenied) as exc:
            return service_error(exc)
        return Response(ReferralOut(referral_get_for_user(request.user, referral.pk)).data)


class CaseReferrals(APIView):
    @extend_schema(request=ReferralIn, responses={201: ReferralOut})
    def post(self, request, case_id):
        if not can_see_section(request.user, Section.REFERRALS):
            raise Http404
        case = case_get_for_user(request.user, case_id)
        data = ReferralIn(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        person = None
        if d["person"]:
            member = case.members.filter(person_id=d["person"]).select_related("person").first()
            if member is None:
                return Response({"person": ["Not in this group."]}, status=400)
            person = member.person
        try:
            referral = services.referral_send(
                actor=request.user,
                case=case,
                to_organisation=d["to_organisation"],
                service=d["service"],
                reason=d["reason"],
                person=person,
                sent_on=d["sent_on"],
                request_key=d["request_key"] or None,
            )
        except (ValidationError, PermissionDenied) as exc:
            return service_error(exc)
        return Response(
            ReferralOut(referral_get_for_user(request.user, referral.pk)).data, status=201
        )


urlpatterns = [
    path("referrals/", ReferralQueue.as_view(), name="referral-list"),
    path("referrals/<int:pk>/", ReferralDetail.as_view(), name="referral-detail"),
    path("referrals/<int:pk>/answer/", ReferralAnswer.as_view(), name="referral-answer"),
    path("cases/<int:case_id>/referrals/", CaseReferrals.as_view(), name="case-referrals"),
]
