"""Admin of each entity's annual plan and offline engagements (coordinators: own entity only)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from sharik.core.admin import EntityScopedAdminMixin

from ..models import AnnualPlan, OfflineEngagement, PlanIndicator, PlannedCampaign
from ..selectors import entities_for_user
from ..services import plans as plan_services
from ._helpers import run_service


class PlannedCampaignInline(admin.TabularInline):
    model = PlannedCampaign
    extra = 1
    fields = ("quarter", "title", "consultation", "happened")
    readonly_fields = ("happened",)

    @admin.display(boolean=True, description=_("happened"))
    def happened(self, obj):
        return obj.happened

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Only the consultations of the entities this person acts for: no other entity's titles.
        if db_field.name == "consultation":
            from consultations.models import Consultation

            kwargs["queryset"] = Consultation.objects.filter(entity__in=entities_for_user(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PlanIndicatorInline(TranslationTabularInline):
    model = PlanIndicator
    extra = 1
    fields = ("name", "measure", "target", "value")


@admin.register(AnnualPlan)
class AnnualPlanAdmin(EntityScopedAdminMixin, admin.ModelAdmin):
    list_display = ("entity", "year", "status", "progress_display")
    list_filter = ("year", "status")
    inlines = [PlanIndicatorInline, PlannedCampaignInline]
    readonly_fields = ("status",)  # moved only by the submit and approve actions (services)
    actions = ["submit", "approve"]

    def save_model(self, request, obj, form, change):
        plan_services.annual_plan_save(plan=obj, user=request.user)

    def has_approve_permission(self, request):
        return request.user.has_perm(plan_services.APPROVE_PLAN_PERM)

    @admin.action(description=_("Submit for approval"), permissions=["change"])
    def submit(self, request, queryset):
        for plan in queryset:
            run_service(self, request, plan_services.annual_plan_submit, plan=plan, user=request.user)

    @admin.action(description=_("Approve"), permissions=["approve"])
    def approve(self, request, queryset):
        for plan in queryset:
            run_service(self, request, plan_services.annual_plan_approve, plan=plan, user=request.user)

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
