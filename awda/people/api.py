"""REST endpoints for people (mounted under /api/).

- GET  /api/persons/?q=…          people the user may see (search as in the case list)
- GET  /api/persons/<id>/         one person, with only the parts the user may see
- POST /api/persons/duplicates/   ranked duplicate candidates before registering someone
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from awda.accounts.access import Section, can_see_section
from awda.cases.selectors import person_get_for_user, persons_visible_to
from awda.people.duplicates import find_duplicates_for_user
from awda.people.models import IdentityDocument, Person
from awda.people.selectors import person_search


class DocumentSerializer(serializers.ModelSerializer):
    issuing_country = serializers.CharField(source="issuing_country.code", allow_blank=True)

    class Meta:
        model = IdentityDocument
        fields = ["id", "kind", "number", "issuing_country", "issued_on", "expires_on"]


class PersonSerializer(serializers.ModelSerializer):
    """A person; contact details and documents only for users who may see those sections."""

    nationality = serializers.CharField(source="nationality.code", allow_blank=True)
    documents = DocumentSerializer(many=True, read_only=True, required=False)

    PEOPLE_FIELDS = (
        "id",
        "given_name",
        "family_name",
        "name_other_script",
        "sex",
        "date_of_birth",
        "dob_estimated",
        "nationality",
        "languages",
    )
    CONTACT_FIELDS = ("phone", "residence_city", "residence_region")

    class Meta:
        model = Person
        fields = [
            "id",
            "given_name",
            "family_name",
            "name_other_script",
            "sex",
            "date_of_birth",
            "dob_estimated",
            "nationality",
            "languages",
            "phone",
            "residence_city",
            "residence_region",
            "documents",
        ]
        extra_kwargs = {
            "phone": {"required": False},
            "residence_city": {"required": False},
            "residence_region": {"required": False},
        }

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is None:
            return fields
        user = request.user
        if not can_see_section(user, Section.CONTACT):
            for name in self.CONTACT_FIELDS:
                fields.pop(name, None)
        if not can_see_section(user, Section.DOCUMENTS):
            fields.pop("documents", None)
        return fields


def _with_documents(queryset, user):
    if can_see_section(user, Section.DOCUMENTS):
        return queryset.prefetch_related(
            Prefetch("documents", queryset=IdentityDocument.objects.order_by("-expires_on", "pk"))
        )
    return queryset


@extend_schema(
    parameters=[
        OpenApiParameter(
            "q", str, description="Name (any spelling or script), document number or phone."
        )
    ]
)
class PersonListView(generics.ListAPIView):
    serializer_class = PersonSerializer

    def get_queryset(self):
        user = self.request.user
        q = self.request.query_params.get("q", "").strip()
        if q:
            queryset = person_search(user, q)
        elif can_see_section(user, Section.PEOPLE):
            queryset = persons_visible_to(user).order_by("family_name", "given_name", "pk")
        else:
            queryset = Person.objects.none()
        return _with_documents(queryset, user)


class PersonDetailView(generics.RetrieveAPIView):
    serializer_class = PersonSerializer

    def get_object(self):
        user = self.request.user
        person = person_get_for_user(user, self.kwargs["pk"])
        if not can_see_section(user, Section.PEOPLE):
            # Same answer as for a person out of scope: no hint that the person exists.
            raise Http404("No such person")
        return _with_documents(Person.objects.filter(pk=person.pk), user).get()


class DuplicateQuerySerializer(serializers.Serializer):
    given_name = serializers.CharField(max_length=150, allow_blank=True, required=False, default="")
    family_name = serializers.CharField(
        max_length=150, allow_blank=True, required=False, default=""
    )
    name_other_script = serializers.CharField(
        max_length=300, allow_blank=True, required=False, default=""
    )
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    birth_year = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1900, max_value=2100
    )
    nationality = serializers.CharField(max_length=2, allow_blank=True, required=False, default="")
    document_numbers = serializers.ListField(
        child=serializers.CharField(max_length=64), required=False, default=list, max_length=10
    )
    phone = serializers.CharField(max_length=32, allow_blank=True, required=False, default="")
    limit = serializers.IntegerField(required=False, default=10, min_value=1, max_value=50)
    exclude = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list, max_length=50
    )


class CandidateCaseSerializer(serializers.Serializer):
    reference = serializers.CharField()
    case_type = serializers.CharField()
    office_code = serializers.CharField()
    office_name = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()


class CandidatePersonSerializer(serializers.Serializer):
    """What identifies a candidate and no more: no phone, residence or document details."""

    id = serializers.IntegerField()
    given_name = serializers.CharField()
    family_name = serializers.CharField()
    name_other_script = serializers.CharField()
    sex = serializers.CharField()
    birth_year = serializers.IntegerField(allow_null=True)
    dob_estimated = serializers.BooleanField()
    nationality = serializers.CharField()


class CandidateSerializer(serializers.Serializer):
    person = CandidatePersonSerializer()
    score = serializers.FloatField()
    reasons = serializers.ListField(child=serializers.CharField())
    document_match = serializers.BooleanField()
    cases = CandidateCaseSerializer(many=True)
    # Whether the user may open this person's file (a case of their own office).
    in_scope = serializers.BooleanField()


class DuplicateSearchView(APIView):
    @extend_schema(
        summary="People already registered who may be the one about to be registered",
        description=(
            "Searches the whole registry (all offices), ranked: a shared document number "
            "first, then name (spellings and scripts), birth date and nationality together. "
            "Only roles that register people may call it; the people shown are audited."
        ),
        request=DuplicateQuerySerializer,
        responses=CandidateSerializer(many=True),
    )
    def post(self, request):
        query = DuplicateQuerySerializer(data=request.data)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        if not (
            data["given_name"].strip()
            or data["family_name"].strip()
            or data["name_other_script"].strip()
            or data["document_numbers"]
            or data["phone"].strip()
        ):
            raise ValidationError({"given_name": [_("Give a name, a document number or a phone.")]})
        try:
            candidates = find_duplicates_for_user(request.user, **data)
        except DjangoPermissionDenied as e:
            raise PermissionDenied(str(e))
        except DjangoValidationError as e:
            raise ValidationError(e.message_dict)
        in_scope = set(
            persons_visible_to(request.user)
            .filter(pk__in=[c.person.pk for c in candidates])
            .values_list("pk", flat=True)
        )
        payload = [
            {
                "person": {
                    "id": c.person.pk,
                    "given_name": c.person.given_name,
                    "family_name": c.person.family_name,
                    "name_other_script": c.person.name_other_script,
                    "sex": c.person.sex,
                    "birth_year": c.person.date_of_birth.year if c.person.date_of_birth else None,
                    "dob_estimated": c.person.dob_estimated,
                    "nationality": c.person.nationality.code or "",
                },
                "score": c.score,
                "reasons": list(c.reasons),
                "document_match": c.document_match,
                "cases": [vars(case) for case in c.cases],
                "in_scope": c.person.pk in in_scope,
            }
            for c in candidates
        ]
        return Response(CandidateSerializer(payload, many=True).data, status=status.HTTP_200_OK)


urlpatterns = [
    path("persons/", PersonListView.as_view(), name="person-list"),
    path("persons/duplicates/", DuplicateSearchView.as_view(), name="person-duplicates"),
    path("persons/<int:pk>/", PersonDetailView.as_view(), name="person-detail"),
]
