"""Admin of reach (issue 15): the origins that may frame an entity's participation corner, with the
one-`<iframe>` snippet to paste; followers and digests to look at (written only by their services)."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from sharik.core.admin import EntityScopedAdminMixin

from ..models import Digest, EmbedOrigin
from ..services.reach import embed_origin_add
from ..views.reach import corner_snippet


@admin.register(EmbedOrigin)
class EmbedOriginAdmin(EntityScopedAdminMixin, admin.ModelAdmin):
    list_display = ("origin", "entity")
    list_filter = ("entity",)
    search_fields = ("origin", "entity__slug")
    readonly_fields = ("snippet",)
    fields = ("entity", "origin", "snippet")

    @admin.display(description=_("Snippet to paste into the entity's site"))
    def snippet(self, obj):
        if obj is None or not obj.entity_id:
            return _("Save first: the snippet appears here.")
        code = corner_snippet(obj.entity)
        return format_html(
            '<textarea readonly rows="4" cols="80" class="vLargeTextField" aria-label="{}">{}</textarea>'
            "<p>{}</p>",
            _("Snippet"),
            code,
            _("Only the origins listed for this entity may show the corner; every other site is refused."),
        )

    def save_model(self, request, obj, form, change):
        if change:
            obj.full_clean()
            obj.save()
        else:
            saved = embed_origin_add(entity=obj.entity, origin=obj.origin)
            obj.pk = saved.pk


@admin.register(Digest)
class DigestAdmin(admin.ModelAdmin):
    list_display = ("user", "frequency", "period_start", "item_count", "sent_at")
    list_filter = ("frequency",)
    readonly_fields = ("user", "frequency", "period_start", "period_end", "item_count", "sent_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
