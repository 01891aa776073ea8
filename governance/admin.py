from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from sharik.core.admin import EntityScopedAdminMixin

from .models import Entity


@admin.register(Entity)
class EntityAdmin(EntityScopedAdminMixin, TranslationAdmin):
    entity_lookup = "pk"
    list_display = ("name", "slug", "escwa_stage", "is_active")
    list_filter = ("escwa_stage", "is_active")
    search_fields = ("name_ar", "name_en", "slug")
    prepopulated_fields = {"slug": ("name_en",)}
