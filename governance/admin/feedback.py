"""Participants' feedback after campaigns: read-only, scoped to the coordinator's entities, without names."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from sharik.core.admin import EntityScopedAdminMixin

from ..models import CampaignFeedback


@admin.register(CampaignFeedback)
class CampaignFeedbackAdmin(EntityScopedAdminMixin, admin.ModelAdmin):
    """Answers come only from the participants' form; nobody types or edits them here."""

    entity_lookup = "consultation__entity"
    list_display = ("consultation", "entity", "satisfaction", "communication", "created_at")
    list_filter = ("satisfaction", "communication", "consultation__entity")
    fields = ("consultation", "satisfaction", "communication", "comment", "created_at")
    readonly_fields = fields
    list_select_related = ("consultation__entity",)

    @admin.display(description=_("entity"))
    def entity(self, obj):
        return obj.consultation.entity

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
