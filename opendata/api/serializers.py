from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Dataset, Licence, Resource


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
    licence = LicenceSerializer(read_only=True)
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
