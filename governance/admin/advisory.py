"""Admin of the advisory service: service levels (federal team), requests scoped to the entity, read-mostly."""

from django.contrib import admin

from sharik.core.admin import EntityScopedAdminMixin

from ..models import AdvisoryComment, AdvisoryRequest, AdvisoryServiceLevel


@admin.register(AdvisoryServiceLevel)
class AdvisoryServiceLevelAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "code",
        "triage_hours",
        "answer_hours",
        "remind_before_hours",
        "escalate_after_hours",
    )


class AdvisoryCommentInline(admin.TabularInline):
    model = AdvisoryComment
    extra = 0
    readonly_fields = ("author", "body", "created_at")
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AdvisoryRequest)
class AdvisoryRequestAdmin(EntityScopedAdminMixin, admin.ModelAdmin):
    """Requests move only through the members' pages (the services); the admin lists and reads them."""

    list_display = ("title", "entity", "status", "advisor", "answer_due_at", "escalated_at", "rating")
    list_filter = ("status", "kind", "service_level", "entity")
    search_fields = ("title",)
    readonly_fields = [f.name for f in AdvisoryRequest._meta.fields]
    inlines = [AdvisoryCommentInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
