"""The project's own read API for datasets (`/api/v1/datasets/`), documented in the OpenAPI schema."""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from consultations.api import examples as api_examples
from consultations.api.serializers import ErrorBodySerializer
from consultations.api.throttles import ArchiveRateThrottle
from consultations.api.views import (
    COMMON_ERRORS,
    ENTITY_SLUG,
    EntityKeyMixin,
    contract_errors,
    error_response,
    last_modified,
)

from .. import selectors
from ..models import Dataset
from ..services import DatasetNotOwned, PushOutcome, dataset_push
from .serializers import DatasetPushSerializer, DatasetSerializer, dataset_push_values


class DatasetFilter(django_filters.FilterSet):
    publisher = django_filters.CharFilter(field_name="entity__slug")
    tag = django_filters.CharFilter(field_name="tags__name")
    licence = django_filters.CharFilter(field_name="licence__slug")
    format = django_filters.CharFilter(method="filter_format")
    min_stars = django_filters.NumberFilter(field_name="stars", lookup_expr="gte")
    q = django_filters.CharFilter(method="filter_q")

    class Meta:
        model = Dataset
        fields = ["publisher", "sector", "tag", "licence", "format", "stars", "min_stars", "q"]

    def filter_format(self, queryset, name, value):
        return queryset.filter(resources__format__iexact=value).distinct()

    def filter_q(self, queryset, name, value):
        return selectors.dataset_search(queryset, value)


class _FormatIsAFilter:
    """DRF's settings, except that `?format=` is not read as a choice of renderer."""

    URL_FORMAT_OVERRIDE = None

    def __getattr__(self, name):
        return getattr(api_settings, name)


class FormatFilterNegotiation(DefaultContentNegotiation):
    """Here `?format=CSV` filters data sets by resource format; DRF would take it for a renderer
    name and answer 404 (found by the schemathesis run, tests/core/test_api_fuzz.py)."""

    settings = _FormatIsAFilter()


def _error(description, *examples_):
    return OpenApiResponse(ErrorBodySerializer, description=description, examples=list(examples_))


@extend_schema_view(
    list=extend_schema(
        summary="List and search datasets",
        responses={
            200: DatasetSerializer(many=True),
            400: _error("A filter value is not valid.", api_examples.INVALID_FILTER),
            404: _error("The page is past the last page.", api_examples.INVALID_PAGE),
        },
        parameters=[
            OpenApiParameter(
                "q",
                str,
                description="Full-text search (Arabic normalised)",
                examples=[OpenApiExample("Arabic search", value="المدارس")],
            )
        ],
        examples=[
            OpenApiExample(
                "A dataset",
                response_only=True,
                value={
                    "count": 1,
                    "next": None,
                    "previous": None,
                    "results": [{"name": "school-enrolment", "stars": 3}],
                },
            )
        ],
    ),
    retrieve=extend_schema(
        summary="One dataset by its short name",
        responses={
            200: DatasetSerializer,
            404: _error("No published dataset with this name.", api_examples.NOT_FOUND),
        },
        parameters=[
            OpenApiParameter(
                "name",
                str,
                OpenApiParameter.PATH,
                description="The dataset's short name",
                examples=[OpenApiExample("A short name", value="school-enrolment")],
            )
        ],
        examples=[
            OpenApiExample(
                "A dataset",
                response_only=True,
                value={
                    "name": "school-enrolment",
                    "title": {"ar": "القيد المدرسي", "en": "School enrolment"},
                    "stars": 3,
                },
            )
        ],
    ),
)
class DatasetViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = DatasetSerializer
    throttle_classes = [ArchiveRateThrottle]  # per key, person, or client address (TRUSTED_PROXIES)
    lookup_field = "name"
    filterset_class = DatasetFilter
    content_negotiation_class = FormatFilterNegotiation
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["created_at", "updated_at", "stars", "name", "quality_score"]
    ordering = ["-created_at"]

    def get_queryset(self):
        return (
            Dataset.objects.published()
            .select_related("entity", "licence")
            .prefetch_related("tags", "resources")
            .order_by("-created_at", "pk")
        )


DATASET_NAME = OpenApiParameter(
    "name",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="The dataset's short name (lower-case letters, digits and hyphens; at most 100 characters).",
    pattern=r"^[-a-zA-Z0-9_]+$",
    examples=[OpenApiExample("short name", value="air-quality-daily")],
)
PUSH_BODY = OpenApiExample(
    "A dataset with two resources",
    request_only=True,
    value={
        "title": {"ar": "جودة الهواء اليومية", "en": "Daily air quality"},
        "description": {"ar": "قراءات محطات الرصد.", "en": "Readings of the monitoring stations."},
        "sector": "environment",
        "tags": ["air", "environment"],
        "licence": "cc-by-4.0",
        "temporal_start": "2025-01-01",
        "temporal_end": None,
        "spatial": "UAE",
        "update_frequency": "daily",
        "contact_name": "Open data team",
        "contact_email": "opendata@entity.example",
        "is_published": True,
        "resources": [
            {"name": "Readings (CSV)", "url": "https://entity.example/air.csv", "format": "CSV"},
            {"name": "Readings (JSON-LD)", "url": "https://entity.example/air.jsonld", "format": "JSON-LD"},
        ],
    },
)
STORED = OpenApiExample(
    "The stored dataset",
    response_only=True,
    value={
        "id": "4f6d1c1e-8a51-4c3e-9a7e-2b0c5d9e1f00",
        "name": "air-quality-daily",
        "url": "https://sharik.example/opendata/datasets/air-quality-daily/",
        "title_ar": "جودة الهواء اليومية",
        "title_en": "Daily air quality",
        "publisher": "moccae",
        "stars": 4,
        "stars_reason": "JSON-LD: uses URIs → 4 stars; link to other data for 5",
        "is_published": True,
        "version": 1,
        "resources": [{"name": "Readings (CSV)", "url": "https://entity.example/air.csv", "format": "CSV"}],
    },
)
NAME_TAKEN = api_examples.error_example(
    409, "name_taken", "Invalid input.", {"name": ["This short name belongs to a dataset of another entity."]}
)
DATASET_INVALID = api_examples.error_example(
    400, "invalid", "Invalid input.", {"licence": ["Object with slug=cc-xx does not exist."]}
)
DATASET_NOT_FOUND = api_examples.error_example(404, "not_found", "No Dataset matches the given query.")


class DatasetNameTaken(ValidationError):
    status_code = status.HTTP_409_CONFLICT
    default_code = "name_taken"


class DatasetPushView(EntityKeyMixin, APIView):
    """An entity publishes its datasets with its key, idempotently (like the consultation push)."""

    @extend_schema(
        operation_id="dataset_push",
        summary="Publish a dataset (idempotent upsert)",
        description=(
            "Creates (201) or updates (200) the entity's dataset with this short name. The body is the "
            "whole dataset: resources left out are removed, fields left out take their defaults. The same "
            "body twice changes nothing the second time (`Sharik-Outcome: unchanged`, no new version). "
            "Stars and quality are computed by the portal, never sent. Resources are given by address; "
            "the link checker watches them like any other."
        ),
        parameters=[ENTITY_SLUG, DATASET_NAME],
        request=DatasetPushSerializer,
        responses={
            200: OpenApiResponse(DatasetSerializer, description="Updated, or unchanged.", examples=[STORED]),
            201: OpenApiResponse(DatasetSerializer, description="Created.", examples=[STORED]),
            400: error_response("The body is not valid; `fields` names each field and why.", DATASET_INVALID),
            404: error_response(
                "No such address: the short name has other characters than letters, digits, - and _.",
                DATASET_NOT_FOUND,
            ),
            409: error_response(
                "The short name belongs to another entity's dataset, or to one the portal harvests.",
                NAME_TAKEN,
            ),
            **COMMON_ERRORS,
        },
        examples=[PUSH_BODY],
        tags=["push"],
    )
    def put(self, request, entity_slug: str, name: str):
        entity = self.entity_for_key(request, entity_slug, f"PUT dataset {name}")
        if len(name) > 100:
            raise ValidationError({"name": [_("At most 100 characters.")]})
        serializer = DatasetPushSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            result = dataset_push(
                entity=entity,
                name=name,
                values=dataset_push_values(serializer.validated_data),
                actor_label=request.auth.label,
            )
        except DatasetNotOwned as error:
            raise DatasetNameTaken(error.message_dict) from error
        except DjangoValidationError as error:
            raise ValidationError(contract_errors(error)) from error
        code = status.HTTP_201_CREATED if result.outcome == PushOutcome.CREATED else status.HTTP_200_OK
        response = Response(DatasetSerializer(result.dataset).data, status=code)
        response["Sharik-Outcome"] = str(result.outcome)  # a plain str: WSGI servers refuse str subclasses
        return last_modified(response, result.dataset)

    @extend_schema(
        operation_id="dataset_pushed_read",
        summary="Read back a dataset of the entity (published or not)",
        parameters=[ENTITY_SLUG, DATASET_NAME],
        responses={
            200: OpenApiResponse(DatasetSerializer, description="The stored dataset.", examples=[STORED]),
            404: error_response("The entity has no dataset with this short name.", DATASET_NOT_FOUND),
            **COMMON_ERRORS,
        },
        tags=["push"],
    )
    def get(self, request, entity_slug: str, name: str):
        entity = self.entity_for_key(request, entity_slug, f"GET dataset {name}")
        dataset = get_object_or_404(
            Dataset.objects.select_related("entity", "licence").prefetch_related("tags", "resources"),
            entity=entity,
            name=name,
        )
        return last_modified(Response(DatasetSerializer(dataset).data), dataset)
