"""Admin pieces shared by the apps: entity scoping for coordinators, and the audit log."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import AuditRecord


class EntityScopedAdminMixin:
    """A coordinator sees and changes only their own entities' objects, on every admin path.

    `entity_lookup` is the ORM path from the model to its entity (e.g. "consultation__entity").
    List and add are checked against the role's model permission; detail, change and delete
    against the object itself (`user.has_perm(perm, obj)`), which the entity backend resolves.
    """

    entity_lookup = "entity"

    def get_queryset(self, request):
        from governance.selectors import entities_for_user

        qs = super().get_queryset(request)
        if request.user.is_superuser or request.user.has_perm("governance.act_for_all_entities"):
            return qs
        return qs.filter(**{f"{self.entity_lookup}__in": entities_for_user(request.user)})

    def _object_perm(self, request, action, obj):
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.{action}_{opts.model_name}", obj)

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return super().has_view_permission(request)
        return self._object_perm(request, "view", obj) or self._object_perm(request, "change", obj)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return self._object_perm(request, "change", obj)

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return super().has_delete_permission(request)
        return self._object_perm(request, "delete", obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        from governance.models import Entity
        from governance.selectors import entities_for_user

        related = db_field.related_model
        if related is Entity:
            kwargs["queryset"] = entities_for_user(request.user)
        elif "queryset" not in kwargs and any(
            f.name == "entity" and f.is_relation for f in related._meta.fields
        ):
            # Any other entity-owned choice (a data set, a consultation…) is limited to this person's
            # entities: no other entity's titles in the widget, no link to them.
            kwargs["queryset"] = related._default_manager.filter(entity__in=entities_for_user(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin):
    list_display = ("created_at", "source", "action", "object_type", "object_repr", "actor_label", "entity")
    list_filter = ("source", "action", "object_type")
    search_fields = ("object_repr", "object_id", "actor_label")
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in AuditRecord._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.site_header = _("Sharik administration")
admin.site.site_title = _("Sharik")
admin.site.index_title = _("E-participation management")
