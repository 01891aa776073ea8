"""Admin of the annual social-media plan (federal team): channels as data, posts per month and channel."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from modeltranslation.admin import TranslationAdmin

from ..models import Role, SocialChannel, SocialPost
from ..services import social as social_services


@admin.register(SocialChannel)
class SocialChannelAdmin(TranslationAdmin):
    list_display = ("name", "code", "order")
    prepopulated_fields = {"code": ("name_en",)}


@admin.register(SocialPost)
class SocialPostAdmin(admin.ModelAdmin):
    list_display = ("planned_for", "channel", "kind", "status", "owner", "published_on", "reach")
    list_filter = ("status", "channel", "kind", "owner")
    search_fields = ("text",)
    date_hierarchy = "planned_for"
    fields = ("planned_for", "channel", "kind", "text", "owner", "status", "published_on", "reach")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "owner":  # a member of the federal team owns each post
            kwargs["queryset"] = (
                get_user_model().objects.filter(groups__name=Role.FEDERAL_TEAM, is_active=True).distinct()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        social_services.social_post_save(post=obj, user=request.user)
