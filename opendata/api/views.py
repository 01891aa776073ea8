"""The project's own read API for datasets (`/api/v1/datasets/`), documented in the OpenAPI schema."""

import django_filters
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import viewsets
from rest_framework.filters import OrderingFilter
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.settings import api_settings

from consultations.api import examples as api_examples
from consultations.api.serializers import ErrorBodySerializer

from .. import selectors
from ..models import Dataset
from .serializers import DatasetSerializer


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
