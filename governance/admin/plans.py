"""Admin of each entity's annual plan and offline engagements (coordinators: own entity only)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from sharik.core.admin import EntityScopedAdminMixin

from ..models import AnnualPlan, OfflineEngagement, PlannedCampaign


class PlannedCampaignInline(admin.TabularInline):
    model = PlannedCampaign
    extra = 1
    raw_id_fields = ("consultation",)
    fields = ("quarter", "title", "consultation", "happened")
    readonly_fields = ("happened",)

    @admin.display(boolean=True, description=_("happened"))
    def happened(self, obj):
        return obj.happened


@admin.register(AnnualPlan)
class AnnualPlanAdmin(EntityScopedAdminMixin, admin.ModelAdmin):
    list_display = ("entity", "year", "status", "progress_display")
    list_filter = ("year", "status")
    inlines = [PlannedCampaignInline]

    @admin.display(description=_("campaigns held / planned"))
    def progress_display(self, obj):
        done, total = obj.progress()
        return f"{done} / {total}"

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("entity").prefetch_related("campaigns__consultation")
        )


@admin.register(OfflineEngagement)
class OfflineEngagementAdmin(EntityScopedAdminMixin, TranslationAdmin):
    list_display = ("title", "entity", "kind", "held_on", "participants", "is_published")
    list_filter = ("kind", "is_published")
