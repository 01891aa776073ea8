"""Serializers of the archive API: input (the push contract) and output kept apart.

The push body's names are a public contract that entities code against: do not rename them.
"""

from datetime import UTC

from django.conf import settings
from django.core.validators import URLValidator
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sharik.core.choices import EscwaStage, Sector, UNLevel

from ..models import Consultation, HarvestRun, HarvestSource
from ..phases import Phase, status_of

BULK_MAX_ITEMS = 1000


class LocalizedTextSerializer(serializers.Serializer):
    ar = serializers.CharField(allow_blank=True, required=False, default="")
    en = serializers.CharField(allow_blank=True, required=False, default="")


class RequiredArabicTitleSerializer(LocalizedTextSerializer):
    ar = serializers.CharField(max_length=300)
    en = serializers.CharField(max_length=300, allow_blank=True, required=False, default="")


class SummarySerializer(LocalizedTextSerializer):
    ar = serializers.CharField(max_length=2000, allow_blank=True, required=False, default="")
    en = serializers.CharField(max_length=2000, allow_blank=True, required=False, default="")


class PollOptionResultSerializer(serializers.Serializer):
    label = LocalizedTextSerializer()
    votes = serializers.IntegerField(min_value=0)


class PollResultSerializer(serializers.Serializer):
    question = LocalizedTextSerializer()
    options = PollOptionResultSerializer(many=True)


class ResultsSerializer(serializers.Serializer):
    participants = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    comments = serializers.IntegerField(min_value=0, required=False, allow_null=True)
    polls = PollResultSerializer(many=True, required=False)


def _utc_datetime(**kwargs) -> serializers.DateTimeField:
    return serializers.DateTimeField(default_timezone=UTC, **kwargs)


class ConsultationPushSerializer(serializers.Serializer):
    """The body of `PUT /api/v1/entities/{entity_slug}/consultations/{external_id}`."""

    title = RequiredArabicTitleSerializer()
    summary = SummarySerializer(required=False)
    sector = serializers.ChoiceField(choices=Sector.choices)
    un_level = serializers.ChoiceField(choices=UNLevel.choices)
    escwa_stage = serializers.ChoiceField(choices=EscwaStage.choices)
    phase = serializers.ChoiceField(choices=Phase.choices)
    opens_at = _utc_datetime(required=False, allow_null=True, default=None)
    closes_at = _utc_datetime(required=False, allow_null=True, default=None)
    url = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")
    results = ResultsSerializer(required=False, allow_null=True)
    decision = LocalizedTextSerializer(required=False, allow_null=True)
    decided_at = _utc_datetime(required=False, allow_null=True, default=None)

    def validate(self, attrs):
        opens_at, closes_at = attrs.get("opens_at"), attrs.get("closes_at")
        if opens_at and closes_at and closes_at <= opens_at:
            raise serializers.ValidationError({"closes_at": [_("Must be later than opens_at.")]})
        return attrs


class FeedItemSerializer(ConsultationPushSerializer):
    """One item of a harvested feed: the push body plus the entity's own id of the consultation."""

    external_id = serializers.CharField(max_length=200)


class BulkPushSerializer(serializers.Serializer):
    """`POST …/consultations:bulk`: up to 1,000 push bodies, each with its `external_id`.

    Items are validated one by one by the view (an invalid item does not stop the others), so
    here they are only required to be a list of objects.
    """

    items = serializers.ListField(
        child=serializers.DictField(), min_length=1, max_length=BULK_MAX_ITEMS, allow_empty=False
    )


def push_values(data: dict) -> dict:
    """Validated push data → the model fields the archive upsert sets."""
    title = data["title"]
    summary = data.get("summary") or {}
    decision = data.get("decision") or {}
    results = data.get("results") or {}
    return {
        "title_ar": title["ar"],
        "title_en": title.get("en", ""),
        "summary_ar": summary.get("ar", ""),
        "summary_en": summary.get("en", ""),
        "sector": data["sector"],
        "un_level": data["un_level"],
        "escwa_stage": data["escwa_stage"],
        "phase": data["phase"],
        "opens_at": data.get("opens_at"),
        "closes_at": data.get("closes_at"),
        "external_url": data.get("url", ""),
        "reported_results": _plain(results),
        "decision_ar": decision.get("ar", ""),
        "decision_en": decision.get("en", ""),
        "decided_at": data.get("decided_at"),
    }


def _plain(value):
    """Validated nested data as plain dicts and lists (what the JSON field stores and returns)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


# --- Output ----------------------------------------------------------------------------------------


@extend_schema_field(
    {
        "type": "object",
        "properties": {"ar": {"type": "string"}, "en": {"type": "string"}},
        "required": ["ar", "en"],
    }
)
class LocalizedOutputField(serializers.Field):
    """A translated model field as {"ar": …, "en": …}."""

    def __init__(self, name: str, **kwargs):
        self.model_field = name
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return {lang: getattr(value, f"{self.model_field}_{lang}") or "" for lang in ("ar", "en")}


class ConsultationSerializer(serializers.ModelSerializer):
    """A consultation of the archive, whatever its source (native, pushed or harvested)."""

    entity = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    entity_name = serializers.SerializerMethodField()
    title = LocalizedOutputField("title")
    summary = LocalizedOutputField("summary")
    decision = LocalizedOutputField("decision")
    status = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    results = serializers.JSONField(source="reported_results", read_only=True)
    opens_at = _utc_datetime(read_only=True, allow_null=True)
    closes_at = _utc_datetime(read_only=True, allow_null=True)
    decided_at = _utc_datetime(read_only=True, allow_null=True)
    created_at = _utc_datetime(read_only=True)
    updated_at = _utc_datetime(read_only=True)

    class Meta:
        model = Consultation
        fields = [
            "id",
            "external_id",
            "entity",
            "entity_name",
            "source",
            "title",
            "summary",
            "sector",
            "un_level",
            "escwa_stage",
            "phase",
            "status",
            "opens_at",
            "closes_at",
            "url",
            "results",
            "decision",
            "decided_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_entity_name(self, obj) -> dict[str, str]:
        return {lang: getattr(obj.entity, f"name_{lang}", None) or obj.entity.name for lang in ("ar", "en")}

    def get_status(self, obj) -> str:
        return str(status_of(obj.phase))

    def get_url(self, obj) -> str:
        if obj.external_url:
            return obj.external_url
        with translation.override(settings.LANGUAGE_CODE):
            return settings.SITE_URL.rstrip("/") + reverse("consultations:detail", args=[obj.pk])


class BulkItemResultSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    external_id = serializers.CharField(allow_null=True)
    status = serializers.ChoiceField(choices=["created", "updated", "unchanged", "error"])
    id = serializers.IntegerField(allow_null=True)
    errors = serializers.DictField(required=False)


class BulkResultSerializer(serializers.Serializer):
    counts = serializers.DictField(child=serializers.IntegerField())
    results = BulkItemResultSerializer(many=True)


class ErrorBodySerializer(serializers.Serializer):
    """The one error shape of the API (sharik.core.api.exception_handler)."""

    class ErrorSerializer(serializers.Serializer):
        status = serializers.IntegerField()
        code = serializers.CharField()
        message = serializers.CharField()
        fields = serializers.DictField()

    error = ErrorSerializer()


class EntityCountSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.DictField(child=serializers.CharField())
    total = serializers.IntegerField()
    with_decision = serializers.IntegerField()
    by_source = serializers.DictField(child=serializers.IntegerField())


class ArchiveSummarySerializer(serializers.Serializer):
    total = serializers.IntegerField()
    with_decision = serializers.IntegerField()
    by_source = serializers.DictField(child=serializers.IntegerField())
    by_status = serializers.DictField(child=serializers.IntegerField())
    by_sector = serializers.DictField(child=serializers.IntegerField())
    by_year = serializers.DictField(child=serializers.IntegerField())
    entities = EntityCountSerializer(many=True)


@extend_schema_field({"type": "string", "format": "uri", "pattern": "^https?://", "maxLength": 500})
class HttpUrlField(serializers.URLField):
    """An http(s) address; the schema says so, so clients (and the fuzzer) know `mailto:` is refused."""


class FeedRegisterSerializer(serializers.Serializer):
    """`POST /api/v1/entities/{entity_slug}/feeds`: a feed Sharik should harvest."""

    url = HttpUrlField(max_length=500, validators=[URLValidator(schemes=["http", "https"])])
    interval_minutes = serializers.IntegerField(min_value=15, max_value=7 * 24 * 60, default=24 * 60)


class HarvestRunSerializer(serializers.ModelSerializer):
    started_at = _utc_datetime(read_only=True)
    finished_at = _utc_datetime(read_only=True)

    class Meta:
        model = HarvestRun
        fields = [
            "started_at",
            "finished_at",
            "status",
            "pages",
            "created",
            "updated",
            "unchanged",
            "failed",
            "errors",
        ]
        read_only_fields = fields


class HarvestSourceSerializer(serializers.ModelSerializer):
    next_run_at = _utc_datetime(read_only=True)
    last_success_at = _utc_datetime(read_only=True)
    last_runs = serializers.SerializerMethodField()

    class Meta:
        model = HarvestSource
        fields = [
            "id",
            "url",
            "is_active",
            "interval_minutes",
            "next_run_at",
            "consecutive_failures",
            "last_success_at",
            "last_runs",
        ]
        read_only_fields = fields

    @extend_schema_field(HarvestRunSerializer(many=True))
    def get_last_runs(self, obj) -> list:
        return HarvestRunSerializer(obj.runs.order_by("-started_at")[:5], many=True).data


# --- Draft documents, co-drafting and "you said, we did" (issue 8): on the detail only -------------


class FollowUpOutputSerializer(serializers.Serializer):
    action = LocalizedOutputField("action")
    status = serializers.CharField()
    adopted = serializers.CharField(
        source="target_kind", help_text="idea, comment, paragraph_comment, amendment or paragraph"
    )
    starts_on = serializers.DateField(allow_null=True)
    due_on = serializers.DateField(allow_null=True)
    done_on = serializers.DateField(allow_null=True)


class _BothLanguagesSerializer(serializers.Serializer):
    ar = serializers.CharField()
    en = serializers.CharField()


class SurveyOutcomeSerializer(serializers.Serializer):
    title = _BothLanguagesSerializer()
    responses = serializers.IntegerField()
    offline = serializers.IntegerField(help_text="Entered from paper questionnaires")


class FundedProjectSerializer(serializers.Serializer):
    title = _BothLanguagesSerializer()
    cost = serializers.IntegerField()
    votes = serializers.IntegerField()


class BudgetOutcomeSerializer(serializers.Serializer):
    title = _BothLanguagesSerializer()
    total = serializers.IntegerField()
    currency = serializers.CharField()
    allocations = serializers.IntegerField()
    spent = serializers.IntegerField()
    funded = FundedProjectSerializer(
        many=True, help_text="The projects the stated rule funds (greedy by votes within the budget)"
    )


class OpinionOutcomeSerializer(serializers.Serializer):
    statements = serializers.IntegerField()
    votes = serializers.IntegerField()
    groups = serializers.IntegerField(help_text="Opinion groups found (0 until computed)")
    group_sizes = serializers.ListField(child=serializers.IntegerField())
    consensus = serializers.ListField(child=serializers.CharField())
    divisive = serializers.ListField(child=serializers.CharField())
    computed_at = serializers.CharField(allow_null=True)


class InstrumentResultsSerializer(serializers.Serializer):
    surveys = SurveyOutcomeSerializer(many=True)
    budgets = BudgetOutcomeSerializer(many=True)
    opinion_map = OpinionOutcomeSerializer(allow_null=True)


class ConsultationDetailSerializer(ConsultationSerializer):
    """One consultation with what its instruments counted and produced, and its follow-up actions."""

    instruments = serializers.SerializerMethodField()
    instrument_results = serializers.SerializerMethodField()
    follow_ups = serializers.SerializerMethodField()

    class Meta(ConsultationSerializer.Meta):
        fields = [*ConsultationSerializer.Meta.fields, "instruments", "instrument_results", "follow_ups"]
        read_only_fields = fields

    def get_instruments(self, obj) -> dict[str, int]:
        from ..selectors_drafts import draft_figures
        from ..selectors_instruments import instrument_figures

        return {**instrument_figures(obj), **draft_figures(obj)}

    @extend_schema_field(InstrumentResultsSerializer)
    def get_instrument_results(self, obj):
        from ..selectors_instruments import instrument_results

        return instrument_results(obj)

    @extend_schema_field(FollowUpOutputSerializer(many=True))
    def get_follow_ups(self, obj):
        from ..selectors_drafts import follow_ups_of

        return FollowUpOutputSerializer(follow_ups_of(obj), many=True).data
