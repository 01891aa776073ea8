"""Admin of the §20 projects (federal team): milestones are completed by an action, through the service."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from ..models import Milestone, Project, ProjectIndicator
from ..selectors_projects import project_progress
from ..services import projects as services
from ._helpers import run_service


class MilestoneInline(TranslationTabularInline):
    model = Milestone
    fields = ("title", "due_on", "weight", "completed_on", "completed_by")
    readonly_fields = ("completed_on", "completed_by")
    extra = 0


class ProjectIndicatorInline(TranslationTabularInline):
    model = ProjectIndicator
    fields = ("name", "unit", "target", "value", "measured_on", "evidence")
    extra = 0


@admin.register(Project)
class ProjectAdmin(TranslationAdmin):
    list_display = ("name", "owner", "starts_on", "ends_on", "budget", "spent", "completion", "planned")
    list_filter = ("axis", "track")
    inlines = [MilestoneInline, ProjectIndicatorInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("milestones")

    @admin.display(description=_("completion"))
    def completion(self, obj):
        value = project_progress(obj)["completion"]
        return "—" if value is None else f"{value}%"

    @admin.display(description=_("plan"))
    def planned(self, obj):
        value = project_progress(obj)["planned"]
        return "—" if value is None else f"{value}%"


@admin.register(Milestone)
class MilestoneAdmin(TranslationAdmin):
    list_display = ("title", "project", "due_on", "weight", "completed_on", "completed_by")
    list_filter = ("project", "completed_on")
    readonly_fields = ("completed_on", "completed_by")
    actions = ["complete_today"]

    @admin.action(description=_("Mark as completed today"), permissions=["change"])
    def complete_today(self, request, queryset):
        for milestone in queryset.filter(completed_on__isnull=True):
            run_service(self, request, services.milestone_complete, milestone=milestone, user=request.user)
