"""Views of the archive API. Serializers validate, `services.archive` writes, the views only connect them."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.filters import OrderingFilter
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from governance.models import Entity
from sharik.core.choices import Sector
from sharik.core.models import AuditRecord
from sharik.core.pagination import CappedCountPagination
from sharik.core.parsers import SafeJSONParser

from ..archive_stats import archive_summary
from ..filters import ArchiveFilter
from ..models import Consultation, HarvestSource
from ..services.archive import (
    BulkItem,
    Outcome,
    api_refusal_record,
    consultation_bulk_upsert,
    consultation_upsert,
    harvest_source_register,
)
from . import examples
from .authentication import EntityKeyAuthentication, HasEntityKey
from .serializers import (
    ArchiveSummarySerializer,
    BulkPushSerializer,
    BulkResultSerializer,
    ConsultationDetailSerializer,
    ConsultationPushSerializer,
    ConsultationSerializer,
    ErrorBodySerializer,
    FeedItemSerializer,
    FeedRegisterSerializer,
    HarvestSourceSerializer,
    push_values,
)
from .throttles import ArchiveRateThrottle

# Model field → the push contract's name, so that errors name the field the entity sent.
CONTRACT_NAMES = {
    "title_ar": "title.ar",
    "title_en": "title.en",
    "summary_ar": "summary.ar",
    "summary_en": "summary.en",
    "decision_ar": "decision.ar",
    "decision_en": "decision.en",
    "external_url": "url",
    "reported_results": "results",
    "__all__": "non_field_errors",
}


def contract_errors(error: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {CONTRACT_NAMES.get(name, name): messages for name, messages in error.message_dict.items()}
    return {"non_field_errors": error.messages}


def last_modified(response: Response, *objects) -> Response:
    stamps = [obj.updated_at for obj in objects if obj is not None]
    if stamps:
        response["Last-Modified"] = http_date(max(stamps).timestamp())
    return response


def error_response(description: str, *examples_: OpenApiExample) -> OpenApiResponse:
    return OpenApiResponse(ErrorBodySerializer, description=description, examples=list(examples_))


ENTITY_SLUG = OpenApiParameter(
    "entity_slug",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="The entity's slug.",
    examples=[OpenApiExample("entity", value="moccae")],
)
EXTERNAL_ID = OpenApiParameter(
    "external_id",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="The entity's own id of the consultation (at most 200 characters, no slash).",
    examples=[OpenApiExample("external id", value="42")],
)


class EntityKeyMixin:
    """Write endpoints: an entity key is needed, and it acts for its own entity only."""

    authentication_classes = [EntityKeyAuthentication]
    permission_classes = [HasEntityKey]
    throttle_classes = [ArchiveRateThrottle]
    parser_classes = [SafeJSONParser]  # the push contract is JSON; the schema no longer offers form bodies

    def entity_for_key(self, request, entity_slug: str, action: str) -> Entity:
        key = request.auth
        if key.entity.slug != entity_slug:
            api_refusal_record(key=key, entity_slug=entity_slug, action=action)
            raise PermissionDenied(_("This key acts for another entity."))
        return key.entity

    def upsert(self, request, entity: Entity, external_id: str, data: dict):
        return consultation_upsert(
            entity=entity,
            external_id=external_id,
            values=push_values(data),
            source=Consultation.Source.PUSHED,
            actor_label=request.auth.label,
            audit_source=AuditRecord.Source.API,
        )


COMMON_ERRORS = {
    401: error_response("No key, or a key that is not valid or was revoked.", examples.UNAUTHORIZED),
    403: error_response("The key acts for another entity; the attempt is logged.", examples.FORBIDDEN),
    429: error_response("Too many requests for this key; see the Retry-After header.", examples.THROTTLED),
}


class ConsultationPushView(EntityKeyMixin, APIView):
    @extend_schema(
        operation_id="consultation_push",
        summary="Push a consultation (idempotent upsert)",
        description=(
            "Creates (201) or updates (200) the consultation the entity knows by `external_id`. "
            "The same body twice changes nothing the second time: no new row, no new history entry, "
            "the same `updated_at`. Fields left out are emptied (PUT semantics)."
        ),
        parameters=[ENTITY_SLUG, EXTERNAL_ID],
        request=ConsultationPushSerializer,
        responses={
            200: OpenApiResponse(
                ConsultationSerializer, description="Updated, or unchanged.", examples=[examples.STORED]
            ),
            201: OpenApiResponse(ConsultationSerializer, description="Created.", examples=[examples.STORED]),
            400: error_response(
                "The body is not valid; `fields` names each field and why.", examples.INVALID
            ),
            **COMMON_ERRORS,
        },
        examples=[examples.PUSH_BODY],
        tags=["push"],
    )
    def put(self, request, entity_slug: str, external_id: str):
        entity = self.entity_for_key(request, entity_slug, f"PUT consultation {external_id}")
        if len(external_id) > 200:
            raise ValidationError({"external_id": [_("At most 200 characters.")]})
        serializer = ConsultationPushSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            result = self.upsert(request, entity, external_id, serializer.validated_data)
        except DjangoValidationError as error:
            raise ValidationError(contract_errors(error)) from error
        code = status.HTTP_201_CREATED if result.outcome == Outcome.CREATED else status.HTTP_200_OK
        response = Response(ConsultationSerializer(result.consultation).data, status=code)
        response["Sharik-Outcome"] = str(result.outcome)  # a plain str: WSGI servers refuse str subclasses
        return last_modified(response, result.consultation)

    @extend_schema(
        operation_id="consultation_pushed_read",
        summary="Read back a consultation the entity pushed",
        parameters=[ENTITY_SLUG, EXTERNAL_ID],
        responses={
            200: OpenApiResponse(
                ConsultationSerializer, description="The stored consultation.", examples=[examples.STORED]
            ),
            404: error_response("The entity has no consultation with this external id.", examples.NOT_FOUND),
            **COMMON_ERRORS,
        },
        tags=["push"],
    )
    def get(self, request, entity_slug: str, external_id: str):
        entity = self.entity_for_key(request, entity_slug, f"GET consultation {external_id}")
        consultation = get_object_or_404(
            Consultation.objects.select_related("entity"), entity=entity, external_id=external_id
        )
        return last_modified(Response(ConsultationSerializer(consultation).data), consultation)


class ConsultationBulkPushView(EntityKeyMixin, APIView):
    @extend_schema(
        operation_id="consultation_push_bulk",
        summary="Push up to 1,000 consultations at once",
        description=(
            "Each item is the push body plus its `external_id`. Items are written in one transaction, "
            "each under its own savepoint: an invalid item is reported with its errors and writes "
            "nothing, the others are written. The response reports every item: created, updated, unchanged "
            "or error."
        ),
        parameters=[ENTITY_SLUG],
        request=BulkPushSerializer,
        responses={
            200: OpenApiResponse(
                BulkResultSerializer,
                description="One result per item, in order.",
                examples=[examples.BULK_RESULT],
            ),
            400: error_response("The body is not a list of at most 1,000 items.", examples.BULK_TOO_MANY),
            **COMMON_ERRORS,
        },
        examples=[examples.BULK_BODY],
        tags=["push"],
    )
    def post(self, request, entity_slug: str):
        entity = self.entity_for_key(request, entity_slug, "POST consultations:bulk")
        envelope = BulkPushSerializer(data=request.data)
        envelope.is_valid(raise_exception=True)
        rows, valid = [], []
        validator = FeedItemSerializer()
        for index, item in enumerate(envelope.validated_data["items"]):
            external_id = item.get("external_id")
            row = {
                "index": index,
                "external_id": external_id if isinstance(external_id, str) else None,
                "id": None,
            }
            try:
                # One serializer validates every item: building its nested fields once per request
                # instead of once per item is most of what 1,000 items cost.
                data = validator.run_validation(item)
            except ValidationError as error:
                row.update(status=Outcome.ERROR, errors=error.detail)
            else:
                valid.append((row, BulkItem(external_id=data["external_id"], values=push_values(data))))
            rows.append(row)
        written = consultation_bulk_upsert(
            entity=entity,
            items=[item for _row, item in valid],
            source=Consultation.Source.PUSHED,
            actor_label=request.auth.label,
            audit_source=AuditRecord.Source.API,
        )
        for (row, _item), result in zip(valid, written, strict=True):
            if isinstance(result, DjangoValidationError):
                row.update(status=Outcome.ERROR, errors=contract_errors(result))
            else:
                row.update(status=result.outcome, id=result.consultation.pk)
        counts = {Outcome.CREATED: 0, Outcome.UPDATED: 0, Outcome.UNCHANGED: 0, Outcome.ERROR: 0}
        for row in rows:
            counts[row["status"]] += 1
        results = rows
        return Response({"counts": counts, "results": results})


class EntityFeedsView(EntityKeyMixin, APIView):
    @extend_schema(
        operation_id="entity_feeds",
        summary="The entity's feeds and their last harvest runs",
        parameters=[ENTITY_SLUG],
        responses={
            200: OpenApiResponse(HarvestSourceSerializer(many=True), examples=[examples.FEEDS]),
            **COMMON_ERRORS,
        },
        tags=["harvest"],
    )
    def get(self, request, entity_slug: str):
        entity = self.entity_for_key(request, entity_slug, "GET feeds")
        sources = HarvestSource.objects.filter(entity=entity).order_by("pk")
        return Response(HarvestSourceSerializer(sources, many=True).data)

    @extend_schema(
        operation_id="entity_feed_register",
        summary="Register a feed for Sharik to harvest",
        description=(
            "The feed is JSON in the push body's schema, paginated: "
            '`{"items": [{"external_id": …, …push body…}], "next": URL or null}`. Registering the same '
            "URL again changes its interval (200); a new URL answers 201. The first harvest runs within "
            "minutes."
        ),
        parameters=[ENTITY_SLUG],
        request=FeedRegisterSerializer,
        responses={
            200: OpenApiResponse(
                HarvestSourceSerializer, description="Already registered.", examples=[examples.FEED]
            ),
            201: OpenApiResponse(
                HarvestSourceSerializer, description="Registered.", examples=[examples.FEED]
            ),
            400: error_response("The URL is not valid or not on a public address.", examples.INVALID_FEED),
            **COMMON_ERRORS,
        },
        examples=[examples.FEED_REGISTER],
        tags=["harvest"],
    )
    def post(self, request, entity_slug: str):
        entity = self.entity_for_key(request, entity_slug, "POST feeds")
        serializer = FeedRegisterSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            source, created = harvest_source_register(
                entity=entity, actor_label=request.auth.label, **serializer.validated_data
            )
        except DjangoValidationError as error:
            raise ValidationError(contract_errors(error)) from error
        return Response(
            HarvestSourceSerializer(source).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class ArchiveReadMixin:
    authentication_classes = [EntityKeyAuthentication, SessionAuthentication]
    permission_classes = [AllowAny]
    throttle_classes = [ArchiveRateThrottle]


@extend_schema(tags=["archive"])
class ConsultationViewSet(ArchiveReadMixin, viewsets.ReadOnlyModelViewSet):
    """The central archive: every public consultation, native, pushed or harvested."""

    serializer_class = ConsultationSerializer
    pagination_class = CappedCountPagination
    filterset_class = ArchiveFilter
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["id", "opens_at", "closes_at", "decided_at", "created_at", "updated_at"]
    ordering = ["-id"]

    def get_queryset(self):
        queryset = Consultation.objects.public().select_related("entity")
        if self.action == "list":  # the list shows neither the page body nor the search text
            queryset = queryset.defer(
                "body",
                "body_ar",
                "body_en",
                "decision_rationale",
                "decision_rationale_ar",
                "decision_rationale_en",
                "search_text",
            )
        return queryset

    @extend_schema(
        summary="Search and filter the archive",
        description=(
            "Paginated (`page`, `page_size`, with `next` and `previous` links). `count` is exact up to "
            '1,000 matches; beyond, `count_exact` is false and `count` means "at least" (the next '
            "links keep working to the last page). `q` is a full-text "
            "search in Arabic and English; Arabic spelling variants (alef and hamza forms, taa "
            "marbuta, diacritics, tatweel) are ignored. Responses carry `ETag` and `Last-Modified`; "
            "send `If-None-Match` to get 304 when nothing changed."
        ),
        parameters=[
            OpenApiParameter(
                "q", OpenApiTypes.STR, examples=[OpenApiExample("Arabic search", value="الاستشارة")]
            ),
            OpenApiParameter("year", OpenApiTypes.INT, examples=[OpenApiExample("year", value=2026)]),
        ],
        responses={
            200: OpenApiResponse(ConsultationSerializer(many=True), examples=[examples.PAGE]),
            400: error_response("A filter value is not valid.", examples.INVALID_FILTER),
            404: error_response("The page is past the last page.", examples.INVALID_PAGE),
            429: error_response("Too many requests from this address; see Retry-After.", examples.THROTTLED),
        },
    )
    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        page = getattr(self.paginator, "page", None)
        if page is not None:
            last_modified(response, *page.object_list)
        return response

    @extend_schema(
        summary="One consultation of the archive",
        responses={
            200: OpenApiResponse(ConsultationDetailSerializer, examples=[examples.STORED_DETAIL]),
            404: error_response("No public consultation with this id.", examples.NOT_FOUND),
            429: error_response("Too many requests; see Retry-After.", examples.THROTTLED),
        },
        parameters=[
            OpenApiParameter(
                "id", OpenApiTypes.INT, OpenApiParameter.PATH, examples=[OpenApiExample("id", value=17)]
            )
        ],
    )
    def retrieve(self, request, *args, **kwargs):
        consultation = self.get_object()
        data = ConsultationDetailSerializer(consultation, context=self.get_serializer_context()).data
        return last_modified(Response(data), consultation)


class ArchiveSummaryView(ArchiveReadMixin, APIView):
    @extend_schema(
        operation_id="archive_summary",
        summary="Federal and per-entity counts of the archive",
        description="Accepts the same filters as the archive list.",
        parameters=[
            OpenApiParameter(
                "sector",
                OpenApiTypes.STR,
                enum=Sector.values,
                examples=[OpenApiExample("sector", value="health")],
            )
        ],
        responses={
            200: OpenApiResponse(ArchiveSummarySerializer, examples=[examples.SUMMARY]),
            400: error_response("A filter value is not valid.", examples.INVALID_FILTER),
            429: error_response("Too many requests; see Retry-After.", examples.THROTTLED),
        },
        tags=["archive"],
    )
    def get(self, request):
        filterset = ArchiveFilter(request.GET, queryset=Consultation.objects.public())
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        summary = archive_summary(filterset.qs)
        for row in summary["entities"]:
            row.pop("entity")
        return Response(ArchiveSummarySerializer(summary).data)
