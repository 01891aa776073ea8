from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from consultations.api.serializers import LocalizedTextSerializer, RequiredArabicTitleSerializer
from sharik.core.choices import Sector

from ..models import Dataset, Licence, Resource, UpdateFrequency


class LicenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Licence
        fields = ["slug", "title", "url", "is_open"]


class ResourceSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    id = serializers.UUIDField(source="uuid")

    class Meta:
        model = Resource
        fields = [
            "id",
            "name",
            "description",
            "url",
            "format",
            "media_type",
            "size",
            "checksum",
            "last_checked_at",
            "last_status",
            "broken_since",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(serializers.URLField())
    def get_url(self, obj) -> str:
        return obj.access_url()


class DatasetSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="uuid")
    publisher = serializers.SlugRelatedField(source="entity", slug_field="slug", read_only=True)
    licence = LicenceSerializer(read_only=True, allow_null=True)
    tags = serializers.SlugRelatedField(many=True, slug_field="name", read_only=True)
    resources = ResourceSerializer(many=True, read_only=True)
    stars_reason = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Dataset
        fields = [
            "id",
            "name",
            "url",
            "title_ar",
            "title_en",
            "description_ar",
            "description_en",
            "publisher",
            "sector",
            "tags",
            "licence",
            "temporal_start",
            "temporal_end",
            "spatial",
            "update_frequency",
            "contact_name",
            "contact_email",
            "version",
            "stars",
            "stars_reason",
            "quality_score",
            "is_stale",
            "is_published",
            "created_at",
            "updated_at",
            "data_modified_at",
            "resources",
        ]

    def get_stars_reason(self, obj) -> str:
        return obj.rating().reason

    @extend_schema_field(serializers.URLField())
    def get_url(self, obj) -> str:
        from django.conf import settings

        return settings.SITE_URL.rstrip("/") + obj.get_absolute_url()


class DatasetPushResourceSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=300)
    url = serializers.URLField(max_length=1000)
    format = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="")

    def validate_url(self, value: str) -> str:
        if not value.startswith(("https://", "http://")):
            raise serializers.ValidationError(_("Give an http or https address."))
        return value


class DatasetPushSerializer(serializers.Serializer):
    """The body of `PUT /api/v1/entities/{entity_slug}/datasets/{name}`: the whole dataset."""

    title = RequiredArabicTitleSerializer()
    description = LocalizedTextSerializer(required=False)
    sector = serializers.ChoiceField(choices=Sector.choices)
    tags = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, default=list, max_length=50
    )
    licence = serializers.SlugRelatedField(
        slug_field="slug", queryset=Licence.objects.all(), required=False, allow_null=True, default=None
    )
    temporal_start = serializers.DateField(required=False, allow_null=True, default=None)
    temporal_end = serializers.DateField(required=False, allow_null=True, default=None)
    spatial = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    update_frequency = serializers.ChoiceField(
        choices=UpdateFrequency.choices, required=False, default=UpdateFrequency.ANNUAL
    )
    contact_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    contact_email = serializers.EmailField(required=False, allow_blank=True)
    is_published = serializers.BooleanField(required=False, default=True)
    resources = DatasetPushResourceSerializer(many=True, required=False, default=list, max_length=100)

    def validate(self, attrs):
        start, end = attrs.get("temporal_start"), attrs.get("temporal_end")
        if start and end and end < start:
            raise serializers.ValidationError({"temporal_end": [_("Must not be before temporal_start.")]})
        urls = [r["url"] for r in attrs.get("resources", [])]
        if len(urls) != len(set(urls)):
            raise serializers.ValidationError({"resources": [_("Each resource address may appear once.")]})
        return attrs


def dataset_push_values(data: dict) -> dict:
    """The validated push body as the service's values (bilingual fields flattened)."""
    description = data.get("description") or {}
    return {
        "title_ar": data["title"]["ar"],
        "title_en": data["title"].get("en", ""),
        "description_ar": description.get("ar", ""),
        "description_en": description.get("en", ""),
        **{
            key: data[key]
            for key in (
                "sector",
                "licence",
                "temporal_start",
                "temporal_end",
                "spatial",
                "update_frequency",
                "contact_name",
                "is_published",
            )
        },
        "contact_email": data.get("contact_email", ""),
        "tags": data.get("tags", []),
        "resources": [dict(r) for r in data.get("resources", [])],
    }
