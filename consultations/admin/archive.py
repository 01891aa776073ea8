"""Admin of the central archive: entity API keys (issued by the federal team), feeds and their runs."""

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from sharik.core.admin import EntityScopedAdminMixin

from ..models import ArchiveExport, EntityApiKey, HarvestRun, HarvestSource
from ..services.archive import api_key_issue, api_key_revoke
from ..tasks.archive import harvest_source


@admin.register(EntityApiKey)
class EntityApiKeyAdmin(EntityScopedAdminMixin, admin.ModelAdmin):
    list_display = ("name", "entity", "prefix", "created_at", "created_by", "last_used_at", "is_active")
    list_filter = ("entity", ("revoked_at", admin.EmptyFieldListFilter))
    search_fields = ("name", "prefix", "entity__slug")
    actions = ["revoke"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("entity", "name")
        return ("entity", "name", "prefix", "created_at", "created_by", "last_used_at", "revoked_at")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return ("entity", "prefix", "created_at", "created_by", "last_used_at", "revoked_at")

    @admin.display(boolean=True, description=_("active"))
    def is_active(self, obj):
        return obj.is_active

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        key, raw_key = api_key_issue(entity=obj.entity, name=obj.name, issued_by=request.user)
        obj.pk = key.pk
        obj._raw_key = raw_key

    def response_add(self, request, obj, post_url_continue=None):
        """Show the new key once, on this page only: it is stored nowhere but as a hash."""
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "key": EntityApiKey.objects.get(pk=obj.pk),
            "raw_key": obj._raw_key,
            "title": _("The new API key"),
        }
        response = TemplateResponse(request, "consultations/admin/api_key_issued.html", context)
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description=_("Revoke the selected keys"), permissions=["change"])
    def revoke(self, request, queryset):
        count = 0
        for key in queryset.filter(revoked_at__isnull=True):
            api_key_revoke(key=key, revoked_by=request.user)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d key revoked.", "%(count)d keys revoked.", count) % {"count": count},
            messages.SUCCESS,
        )


class HarvestRunInline(admin.TabularInline):
    model = HarvestRun
    extra = 0
    max_num = 0
    can_delete = False
    fields = (
        "started_at",
        "finished_at",
        "status",
        "pages",
        "created",
        "updated",
        "unchanged",
        "failed",
        "errors",
    )
    readonly_fields = fields
    ordering = ["-started_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("-started_at")


@admin.register(HarvestSource)
class HarvestSourceAdmin(EntityScopedAdminMixin, admin.ModelAdmin):
    list_display = (
        "url",
        "entity",
        "is_active",
        "interval_minutes",
        "next_run_at",
        "consecutive_failures",
        "last_success_at",
    )
    list_filter = ("is_active", "entity")
    search_fields = ("url", "entity__slug")
    readonly_fields = ("consecutive_failures", "last_success_at", "created_at")
    inlines = [HarvestRunInline]
    actions = ["harvest_now"]

    @admin.action(description=_("Harvest the selected feeds now"), permissions=["change"])
    def harvest_now(self, request, queryset):
        count = 0
        for source in queryset.filter(is_active=True):
            harvest_source.delay(source.pk)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d feed queued for harvest.", "%(count)d feeds queued for harvest.", count)
            % {"count": count},
            messages.SUCCESS,
        )


@admin.register(HarvestRun)
class HarvestRunAdmin(EntityScopedAdminMixin, admin.ModelAdmin):
    entity_lookup = "source__entity"
    list_display = (
        "source",
        "started_at",
        "finished_at",
        "status",
        "created",
        "updated",
        "unchanged",
        "failed",
    )
    list_filter = ("status", "source__entity")
    readonly_fields = [f.name for f in HarvestRun._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ArchiveExport)
class ArchiveExportAdmin(admin.ModelAdmin):
    list_display = ("format", "rows", "size", "generated_at")
    readonly_fields = ("format", "file", "rows", "size", "generated_at")

    def has_add_permission(self, request):
        return False
