"""REST endpoints of programmes and ticket quotas (mounted under /api/): aggregates only."""

from __future__ import annotations

from django.http import Http404
from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from awda.funding import selectors


class QuotaAgreementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    programme_code = serializers.CharField()
    title = serializers.CharField()
    reference = serializers.CharField()
    signed_on = serializers.DateField()
    valid_until = serializers.DateField(allow_null=True)
    tickets = serializers.IntegerField()
    used_before = serializers.IntegerField()
    charged = serializers.IntegerField()
    used = serializers.IntegerField()
    remaining = serializers.IntegerField()


class ProgrammeSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    donor = serializers.CharField(source="donor.name", allow_null=True, default=None)
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)
    target_returns = serializers.IntegerField(allow_null=True)
    target_reintegration = serializers.IntegerField(allow_null=True)
    quota_tickets = serializers.IntegerField(allow_null=True)
    quota_used = serializers.IntegerField(allow_null=True)


class ProgrammeList(APIView):
    @extend_schema(responses=ProgrammeSerializer(many=True))
    def get(self, request):
        """Programmes the user may read, with their ticket quota totals."""
        if not selectors.can_view_programmes(request.user):
            raise Http404
        return Response(
            ProgrammeSerializer(
                selectors.programmes_with_quota_totals(request.user), many=True
            ).data
        )


class QuotaList(APIView):
    @extend_schema(responses=QuotaAgreementSerializer(many=True))
    def get(self, request, code: str):
        """Ticket consumption per quota agreement of one programme."""
        programme = selectors.programme_get_for_user(request.user, code)
        return Response(
            QuotaAgreementSerializer(
                selectors.quota_consumption(programme=programme), many=True
            ).data
        )


urlpatterns = [
    path("funding/programmes/", ProgrammeList.as_view(), name="funding-programmes"),
    path("funding/programmes/<str:code>/quotas/", QuotaList.as_view(), name="funding-quotas"),
]
