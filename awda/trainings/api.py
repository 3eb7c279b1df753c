"""REST endpoints for FORAS orientation and trainings (mounted under /api/).

- GET /api/trainings/cycles/                 cycles the user may see, with their sessions
- GET /api/trainings/figures/?year=2022      the yearly figures (`training_figures`)
"""

from __future__ import annotations

import datetime as dt

from django.urls import path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from awda.accounts.access import has_capability
from awda.accounts.models import Organisation
from awda.accounts.roles import Capability
from awda.trainings.models import TrainingCycle, TrainingSession
from awda.trainings.selectors import cycles_visible_to, training_figures


class SessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = TrainingSession
        fields = ["id", "module", "held_on", "facilitator"]


class CycleSerializer(serializers.ModelSerializer):
    office = serializers.SlugRelatedField(slug_field="code", read_only=True)
    programme = serializers.SlugRelatedField(slug_field="code", read_only=True)
    sessions = SessionSerializer(many=True, read_only=True)

    class Meta:
        model = TrainingCycle
        fields = ["id", "office", "title", "starts_on", "ends_on", "programme", "sessions"]


class CycleList(generics.ListAPIView):
    serializer_class = CycleSerializer

    def get_queryset(self):
        return (
            cycles_visible_to(self.request.user)
            .prefetch_related("sessions")
            .order_by("-starts_on", "-id")
        )


class Figures(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, required=True),
            OpenApiParameter("office", str, description="Office code (RBA, CAS, OUJ)"),
        ],
        responses=dict,
    )
    def get(self, request):
        if not has_capability(request.user, Capability.VIEW_REPORTS):
            raise PermissionDenied()
        try:
            year = int(request.query_params["year"])
        except (KeyError, ValueError):
            raise ValidationError({"year": ["Give the year, e.g. 2022."]})
        office = None
        if request.query_params.get("office"):
            office = Organisation.objects.filter(code=request.query_params["office"]).first()
            if office is None:
                raise ValidationError({"office": ["Unknown office."]})
        return Response(
            training_figures(start=dt.date(year, 1, 1), end=dt.date(year, 12, 31), office=office)
        )


urlpatterns = [
    path("trainings/cycles/", CycleList.as_view(), name="trainings-cycles"),
    path("trainings/figures/", Figures.as_view(), name="trainings-figures"),
]
