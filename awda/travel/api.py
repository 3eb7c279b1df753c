"""REST endpoints of departure operations (mounted under /api/). The same selectors scope
what each user reads, and the same services make every change: a refused booking answers
409 with the reasons, bad input 400 with the field errors."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import path
from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from awda.accounts.access import has_capability
from awda.cases.selectors import case_get_for_user, case_members
from awda.cases.services import TransitionRefused
from awda.funding.models import Programme
from awda.travel import selectors, services
from awda.travel.models import BorderPost, DocumentSituation, MovementMode


def _errors(e: ValidationError) -> dict:
    if hasattr(e, "error_dict"):
        return e.message_dict
    return {"non_field_errors": e.messages}


def _refusal(reasons: list[str]) -> Response:
    return Response({"refused": reasons}, status=status.HTTP_409_CONFLICT)


# --- Serializers: what each party may read ---------------------------------------------


class PersonIdentitySerializer(serializers.Serializer):
    """Identity fields only: what a consulate needs to identify its national."""

    id = serializers.IntegerField()
    given_name = serializers.CharField()
    family_name = serializers.CharField()
    name_other_script = serializers.CharField()
    sex = serializers.CharField()
    date_of_birth = serializers.DateField()
    dob_estimated = serializers.BooleanField()
    nationality = serializers.CharField()


class LpcRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case_reference = serializers.CharField(source="case.reference")
    person = PersonIdentitySerializer()
    consulate = serializers.CharField(source="consulate.code")
    status = serializers.CharField()
    document_situation = serializers.CharField()
    previous_document_number = serializers.CharField()
    place_of_birth = serializers.CharField()
    requested_on = serializers.DateField()
    interview_at = serializers.DateTimeField(allow_null=True)
    interview_place = serializers.CharField()
    identity_confirmed_on = serializers.DateField(allow_null=True)
    lpc_number = serializers.CharField()
    issued_on = serializers.DateField(allow_null=True)
    expires_on = serializers.DateField(allow_null=True)
    refusal_reason = serializers.CharField()
    batch = serializers.CharField(source="batch.reference", allow_null=True, default=None)


class LpcRequestCreateSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    person = serializers.IntegerField()
    document_situation = serializers.ChoiceField(choices=DocumentSituation.choices)
    place_of_birth = serializers.CharField(required=False, allow_blank=True, default="")
    previous_document_number = serializers.CharField(required=False, allow_blank=True, default="")


class LpcDecisionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=[
            "schedule_interview",
            "confirm_identity",
            "identity_not_confirmed",
            "issue",
            "refuse",
        ]
    )
    interview_at = serializers.DateTimeField(required=False)
    place = serializers.CharField(required=False, allow_blank=True, default="")
    number = serializers.CharField(required=False, allow_blank=True, default="")
    issued_on = serializers.DateField(required=False)
    expires_on = serializers.DateField(required=False)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class DepartureSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField()
    post = serializers.CharField()
    mode = serializers.CharField()
    carrier = serializers.CharField()
    flight_number = serializers.CharField()
    departs_at = serializers.TimeField(allow_null=True)
    destination = serializers.CharField()
    is_charter = serializers.BooleanField()
    capacity = serializers.IntegerField(allow_null=True)
    n_passengers = serializers.IntegerField()
    n_pv = serializers.IntegerField()
    n_boarded = serializers.IntegerField()


class ManifestEntrySerializer(serializers.Serializer):
    """One person on a manifest, as the police may read it: names, document, ticket, PV."""

    id = serializers.IntegerField()
    family_name = serializers.CharField(source="person.family_name")
    given_name = serializers.CharField(source="person.given_name")
    sex = serializers.CharField(source="person.sex")
    date_of_birth = serializers.DateField(source="person.date_of_birth")
    nationality = serializers.CharField(source="person.nationality")
    document_kind = serializers.CharField(source="travel_document.kind", default="")
    document_number = serializers.CharField(source="travel_document.number", default="")
    document_expires_on = serializers.DateField(source="travel_document.expires_on", default=None)
    ticket_number = serializers.CharField()
    status = serializers.CharField()
    pv_number = serializers.SerializerMethodField()

    def get_pv_number(self, obj) -> str:
        exit_auth = getattr(obj, "exit_authorisation", None)
        return exit_auth.pv_number if exit_auth else ""


class ManifestEntryStaffSerializer(ManifestEntrySerializer):
    """IOM staff also read the case, escort and the departure-day checklist."""

    case_reference = serializers.CharField(source="movement.case.reference")
    escort = serializers.CharField(source="movement.escort_label")
    escorted_at = serializers.DateTimeField(allow_null=True)
    checked_in_at = serializers.DateTimeField(allow_null=True)
    currency_exchanged_at = serializers.DateTimeField(allow_null=True)
    per_diem_amount = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    per_diem_currency = serializers.CharField()
    per_diem_paid_at = serializers.DateTimeField(allow_null=True)
    boarded_at = serializers.DateTimeField(allow_null=True)


class LegSerializer(serializers.Serializer):
    carrier = serializers.CharField()
    flight_number = serializers.CharField(required=False, allow_blank=True, default="")
    from_place = serializers.CharField()
    to_place = serializers.CharField()
    departs_on = serializers.DateField()
    departs_at = serializers.TimeField(required=False, allow_null=True, default=None)
    arrives_on = serializers.DateField(required=False, allow_null=True, default=None)
    arrives_at = serializers.TimeField(required=False, allow_null=True, default=None)


class BookingSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    mode = serializers.ChoiceField(choices=MovementMode.choices)
    post = serializers.ChoiceField(choices=BorderPost.choices)
    legs = LegSerializer(many=True)
    programme = serializers.CharField(required=False, help_text="Programme code")
    booking_reference = serializers.CharField(required=False, allow_blank=True, default="")
    tickets = serializers.DictField(
        child=serializers.CharField(allow_blank=True), required=False, default=dict
    )
    escort = serializers.IntegerField(required=False, allow_null=True, default=None)
    escort_name = serializers.CharField(required=False, allow_blank=True, default="")
    final_destination = serializers.CharField(required=False, allow_blank=True, default="")


class MovementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case_reference = serializers.CharField(source="case.reference")
    departure = serializers.IntegerField(source="departure_id")
    mode = serializers.CharField()
    status = serializers.CharField()
    programme = serializers.CharField(source="programme.code")
    booking_reference = serializers.CharField()


class CheckSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=services.Step.ALL)
    done = serializers.BooleanField(default=True)
    amount = serializers.DecimalField(max_digits=8, decimal_places=2, required=False)
    currency = serializers.CharField(required=False, default=services.PER_DIEM_CURRENCY)
    receipt_signed = serializers.BooleanField(default=False)


class PvSerializer(serializers.Serializer):
    pv_number = serializers.CharField()
    issued_on = serializers.DateField(required=False)


# --- Endpoints -------------------------------------------------------------------------


class LpcRequestList(APIView):
    @extend_schema(responses=LpcRequestSerializer(many=True))
    def get(self, request):
        """LPC requests the user may read (a consulate: its queue of nationals)."""
        qs = selectors.lpc_queue(request.user, status=request.query_params.get("status", "all"))
        return Response(LpcRequestSerializer(qs[:500], many=True).data)

    @extend_schema(request=LpcRequestCreateSerializer, responses={201: LpcRequestSerializer})
    def post(self, request):
        data = LpcRequestCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        case = case_get_for_user(request.user, d["case"])
        if not selectors.sees_travel(request.user):
            raise Http404
        member = next((m for m in case_members(case) if m.person_id == d["person"]), None)
        if member is None:
            return Response({"person": ["Not in this case."]}, status=400)
        try:
            lpc = services.lpc_request_create(
                actor=request.user,
                case=case,
                person=member.person,
                document_situation=d["document_situation"],
                place_of_birth=d["place_of_birth"],
                previous_document_number=d["previous_document_number"],
            )
        except PermissionDenied:
            return Response(status=status.HTTP_403_FORBIDDEN)
        except ValidationError as e:
            return Response(_errors(e), status=400)
        return Response(LpcRequestSerializer(lpc).data, status=201)


class LpcDecision(APIView):
    @extend_schema(request=LpcDecisionSerializer, responses=LpcRequestSerializer)
    def post(self, request, pk: int):
        """A consulate's decision on a request addressed to it."""
        lpc = selectors.lpc_request_get_for_user(request.user, pk)
        data = LpcDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        action = d["action"]
        try:
            if action == "schedule_interview":
                lpc = services.lpc_interview_schedule(
                    actor=request.user,
                    request=lpc,
                    interview_at=d.get("interview_at"),
                    place=d["place"],
                )
            elif action in ("confirm_identity", "identity_not_confirmed"):
                lpc = services.lpc_identity_record(
                    actor=request.user,
                    request=lpc,
                    confirmed=action == "confirm_identity",
                    reason=d["reason"],
                )
            elif action == "issue":
                lpc = services.lpc_issue(
                    actor=request.user,
                    request=lpc,
                    number=d["number"],
                    issued_on=d.get("issued_on"),
                    expires_on=d.get("expires_on"),
                )
            else:
                lpc = services.lpc_refuse(actor=request.user, request=lpc, reason=d["reason"])
        except PermissionDenied:
            return Response(status=status.HTTP_403_FORBIDDEN)
        except ValidationError as e:
            return Response(_errors(e), status=400)
        return Response(LpcRequestSerializer(lpc).data)


class DepartureList(APIView):
    @extend_schema(responses=DepartureSerializer(many=True))
    def get(self, request):
        """Departures between `start` and `end` (default: today), optionally of one `post`."""
        today = timezone.localdate()
        try:
            start = dt.date.fromisoformat(request.query_params.get("start", "") or str(today))
            end = dt.date.fromisoformat(request.query_params.get("end", "") or str(start))
        except ValueError:
            return Response({"start": ["Use YYYY-MM-DD."]}, status=400)
        qs = selectors.departures_list(
            request.user, start=start, end=end, post=request.query_params.get("post", "")
        )
        return Response(DepartureSerializer(qs, many=True).data)


class Manifest(APIView):
    @extend_schema(responses=ManifestEntryStaffSerializer(many=True))
    def get(self, request, pk: int):
        """Who travels on a departure; the police read names, documents, tickets and PV only."""
        departure = selectors.departure_get_for_user(request.user, pk)
        passengers = selectors.manifest_passengers(request.user, departure)
        if selectors.police_post_of(request.user) is not None:
            return Response(ManifestEntrySerializer(passengers, many=True).data)
        return Response(ManifestEntryStaffSerializer(passengers, many=True).data)


class MovementBook(APIView):
    @extend_schema(
        request=BookingSerializer,
        responses={
            201: MovementSerializer,
            409: inline_serializer("Refused", {"refused": serializers.ListField()}),
        },
    )
    def post(self, request):
        """Book the journey of a case (one ticket per person), charging the programme's quota."""
        data = BookingSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        case = case_get_for_user(request.user, d["case"])
        if not selectors.sees_travel(request.user):
            raise Http404
        programme = None
        if d.get("programme"):
            programme = Programme.objects.filter(code=d["programme"]).first()
            if programme is None:
                return Response({"programme": ["Unknown programme."]}, status=400)
        escort = None
        if d["escort"]:
            from awda.travel.forms import staff_of

            escort = next((u for u in staff_of(case.office) if u.pk == d["escort"]), None)
            if escort is None:
                return Response({"escort": ["Not a member of this office's staff."]}, status=400)
        try:
            tickets = {int(k): v for k, v in d["tickets"].items()}
        except ValueError:
            return Response({"tickets": ["Keys are person ids."]}, status=400)
        try:
            movement = services.movement_book(
                actor=request.user,
                case=case,
                mode=d["mode"],
                post=d["post"],
                legs=[services.LegInput(**leg) for leg in d["legs"]],
                programme=programme,
                booking_reference=d["booking_reference"],
                tickets=tickets,
                escort=escort,
                escort_name=d["escort_name"],
                final_destination=d["final_destination"],
            )
        except PermissionDenied:
            return Response(status=status.HTTP_403_FORBIDDEN)
        except ValidationError as e:
            return Response(_errors(e), status=400)
        except TransitionRefused as refused:
            return _refusal(refused.reasons)
        return Response(MovementSerializer(movement).data, status=201)


class PassengerCheck(APIView):
    @extend_schema(request=CheckSerializer, responses=ManifestEntryStaffSerializer)
    def post(self, request, pk: int):
        """Tick a step of the departure-day checklist."""
        passenger = selectors.passenger_get_for_user(request.user, pk)
        data = CheckSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        try:
            passenger = services.passenger_check(
                actor=request.user,
                passenger=passenger,
                step=d["step"],
                done=d["done"],
                amount=d.get("amount"),
                currency=d["currency"],
                receipt_signed=d["receipt_signed"],
            )
        except PermissionDenied:
            return Response(status=status.HTTP_403_FORBIDDEN)
        except ValidationError as e:
            return Response(_errors(e), status=400)
        except TransitionRefused as refused:
            return _refusal(refused.reasons)
        return Response(ManifestEntryStaffSerializer(passenger).data)


class PassengerExit(APIView):
    @extend_schema(request=PvSerializer, responses=ManifestEntrySerializer)
    def post(self, request, pk: int):
        """The border police record the PV number of a person on their post's manifest."""
        passenger = selectors.passenger_get_for_user(request.user, pk)
        data = PvSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.exit_authorisation_record(
                actor=request.user,
                passenger=passenger,
                pv_number=data.validated_data["pv_number"],
                issued_on=data.validated_data.get("issued_on"),
            )
        except PermissionDenied:
            return Response(status=status.HTTP_403_FORBIDDEN)
        except ValidationError as e:
            return Response(_errors(e), status=400)
        passenger.refresh_from_db()
        return Response(ManifestEntrySerializer(passenger).data)


class ReturnModes(APIView):
    @extend_schema(
        responses=inline_serializer(
            "ReturnModes",
            {
                "air": serializers.IntegerField(),
                "land": serializers.IntegerField(),
                "total": serializers.IntegerField(),
            },
        )
    )
    def get(self, request):
        """Persons who left by air and by land between `start` and `end` (aggregates only)."""
        if not has_capability(request.user, "view_reports"):
            raise Http404
        try:
            start = dt.date.fromisoformat(request.query_params["start"])
            end = dt.date.fromisoformat(request.query_params["end"])
        except (KeyError, ValueError):
            return Response({"start": ["Give start and end as YYYY-MM-DD."]}, status=400)
        return Response(selectors.return_mode_counts(start=start, end=end))


urlpatterns = [
    path("travel/lpc-requests/", LpcRequestList.as_view(), name="travel-lpc-requests"),
    path(
        "travel/lpc-requests/<int:pk>/decision/",
        LpcDecision.as_view(),
        name="travel-lpc-decision",
    ),
    path("travel/departures/", DepartureList.as_view(), name="travel-departures"),
    path("travel/departures/<int:pk>/manifest/", Manifest.as_view(), name="travel-manifest"),
    path("travel/movements/", MovementBook.as_view(), name="travel-movements"),
    path(
        "travel/passengers/<int:pk>/checklist/",
        PassengerCheck.as_view(),
        name="travel-passenger-check",
    ),
    path(
        "travel/passengers/<int:pk>/exit-authorisation/",
        PassengerExit.as_view(),
        name="travel-passenger-exit",
    ),
    path("travel/figures/return-modes/", ReturnModes.as_view(), name="travel-return-modes"),
]
