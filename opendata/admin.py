"""Open data in the admin: coordinators manage their own entity's datasets; writes go through services."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from sharik.core.admin import EntityScopedAdminMixin
from sharik.core.audit import audit_record

from . import services
from .models import (
    Dataset,
    DatasetRequest,
    DatastoreTable,
    HarvestRun,
    HarvestSource,
    Licence,
    LinkCheck,
    Resource,
    Reuse,
)
from .services.catalogue import dataset_refresh, dataset_version_record, format_guess


@admin.register(Licence)
class LicenceAdmin(TranslationAdmin):
    list_display = ["slug", "title", "is_open", "url"]
    list_filter = ["is_open"]


class ResourceInline(TranslationTabularInline):
    model = Resource
    extra = 0
    fields = ["name", "file", "url", "format", "size", "checksum", "last_status", "broken_since"]
    readonly_fields = ["size", "checksum", "last_status", "broken_since"]


@admin.register(Dataset)
class DatasetAdmin(EntityScopedAdminMixin, TranslationAdmin):
    list_display = ["title", "entity", "stars", "quality_score", "is_stale", "is_published", "version"]
    list_filter = ["is_published", "stars", "sector", "licence", "is_stale", "source"]
    search_fields = ["title_ar", "title_en", "name"]
    readonly_fields = ["stars", "quality_score", "quality_notes", "version", "data_modified_at", "source"]
    filter_horizontal = ["tags"]
    inlines = [ResourceInline]
    prepopulated_fields = {"name": ("title_en",)}

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        self._sweep_datastore()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        self._sweep_datastore()

    @staticmethod
    def _sweep_datastore():
        """The database removes the resources with their dataset, not their datastore tables: drop those."""
        from .tasks import datastore_sweep_task

        transaction.on_commit(datastore_sweep_task.delay)

    def save_related(self, request, form, formsets, change):
        """Inline resources are saved by the admin; then stars, checksums and quality are recomputed."""
        super().save_related(request, form, formsets, change)
        if any(formset.deleted_objects for formset in formsets):  # a resource removed in the inline
            self._sweep_datastore()
        import hashlib

        for resource in form.instance.resources.all():
            updates = {}
            if not resource.format:
                updates["format"] = format_guess(resource.file.name if resource.file else resource.url)
            if resource.file:
                with resource.file.open("rb") as fh:
                    content = fh.read()
                updates["size"] = len(content)
                updates["checksum"] = hashlib.sha256(content).hexdigest()
            if updates:
                Resource.objects.filter(pk=resource.pk).update(**updates)
        dataset_refresh(dataset=form.instance)
        if not change or form.changed_data or any(fs.has_changed() for fs in formsets):
            dataset_version_record(dataset=form.instance, note="edited in the admin" if change else "created")
            audit_record(
                action="dataset.update" if change else "dataset.create",
                obj=form.instance,
                actor=request.user,
                source="admin",
                changes={"fields": form.changed_data},
            )


class DatasetRequestAnswerForm(forms.ModelForm):
    """Checks the answer against the lifecycle rules, so a wrong answer is shown on the form."""

    class Meta:
        model = DatasetRequest
        fields = ["status", "response", "dataset"]

    def clean(self):
        data = super().clean()
        if self.instance.pk and "status" in self.changed_data:
            old = DatasetRequest.objects.get(pk=self.instance.pk)
            services.requests.dataset_request_answer_check(
                request=old,
                status=data.get("status"),
                response=data.get("response", ""),
                dataset=data.get("dataset"),
            )
        return data


@admin.register(DatasetRequest)
class DatasetRequestAdmin(EntityScopedAdminMixin, admin.ModelAdmin):
    form = DatasetRequestAnswerForm
    list_display = ["title", "entity", "status", "created_at", "answered_at"]
    list_filter = ["status", "entity"]
    fields = ["entity", "title", "reason", "requester", "status", "response", "dataset", "answered_at"]
    readonly_fields = ["entity", "title", "reason", "requester", "answered_at"]

    def has_add_permission(self, request):
        return False  # requests come from the public site

    def save_model(self, request, obj, form, change):
        """The answer goes through the service: lifecycle checks and notifications to people."""
        old = DatasetRequest.objects.get(pk=obj.pk)
        if old.status == obj.status:
            return  # the answer is given by changing the status
        try:
            services.dataset_request_answer(
                request=old, actor=request.user, status=obj.status, response=obj.response, dataset=obj.dataset
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, "; ".join(getattr(error, "messages", [str(error)])))


@admin.register(Reuse)
class ReuseAdmin(EntityScopedAdminMixin, admin.ModelAdmin):
    entity_lookup = "dataset__entity"
    list_display = ["title", "dataset", "kind", "status", "created_at"]
    list_filter = ["status", "kind"]
    readonly_fields = ["dataset", "kind", "title", "url", "description", "submitted_by", "status"]
    actions = ["approve", "reject"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Show the selected re-uses"))
    def approve(self, request, queryset):
        for reuse in queryset:
            services.reuse_moderate(reuse=reuse, actor=request.user, approve=True)

    @admin.action(description=_("Do not show the selected re-uses"))
    def reject(self, request, queryset):
        for reuse in queryset:
            services.reuse_moderate(reuse=reuse, actor=request.user, approve=False)


class HarvestRunInline(admin.TabularInline):
    model = HarvestRun
    extra = 0
    can_delete = False
    fields = ["started_at", "finished_at", "status", "created", "updated", "unchanged", "errors"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(HarvestSource)
class HarvestSourceAdmin(EntityScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "entity", "kind", "url", "is_active"]
    inlines = [HarvestRunInline]
    actions = ["harvest_now"]

    @admin.action(description=_("Harvest the selected sources now"))
    def harvest_now(self, request, queryset):
        from .tasks import harvest_source

        for source in queryset:
            harvest_source.delay(source.pk)
        messages.success(request, _("Harvest started."))


@admin.register(LinkCheck)
class LinkCheckAdmin(EntityScopedAdminMixin, admin.ModelAdmin):
    entity_lookup = "resource__dataset__entity"
    list_display = ["resource", "checked_at", "status_code", "ok", "error", "elapsed_ms"]
    list_filter = ["ok"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class DatastoreTableForm(forms.ModelForm):
    class Meta:
        model = DatastoreTable
        fields = ["type_overrides"]

    def clean_type_overrides(self):
        value = self.cleaned_data["type_overrides"] or {}
        if not isinstance(value, dict):
            raise ValidationError(_('Give an object: {"column": "type"}.'))
        known = {f["id"] for f in self.instance.fields}
        for column, kind in value.items():
            if column not in known:
                raise ValidationError(_("Unknown column: %(c)s.") % {"c": column})
            if kind not in DatastoreTable.TYPES:
                raise ValidationError(
                    _("Unknown type %(t)s; use one of: %(all)s.")
                    % {"t": kind, "all": ", ".join(DatastoreTable.TYPES)}
                )
        return value


@admin.register(DatastoreTable)
class DatastoreTableAdmin(EntityScopedAdminMixin, admin.ModelAdmin):
    """The load of each tabular resource: progress, the data dictionary (types can be corrected), the
    rows left out and why. Saving corrected types loads the table again (a Celery job)."""

    entity_lookup = "resource__dataset__entity"
    form = DatastoreTableForm
    list_display = ["resource", "status", "progress_bar", "rows_loaded", "rows_total", "error_count"]
    list_filter = ["status"]
    search_fields = ["resource__name", "resource__dataset__name"]
    readonly_fields = [
        "resource",
        "status",
        "progress_bar",
        "rows_loaded",
        "rows_total",
        "dictionary",
        "error",
        "error_report",
        "started_at",
        "finished_at",
    ]
    fields = [*readonly_fields[:5], "dictionary", "type_overrides", *readonly_fields[6:]]
    actions = ["load_again"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("progress"))
    def progress_bar(self, obj):
        return format_html(
            '<progress max="100" value="{}" aria-label="{}">{}%</progress> {}%',
            obj.progress,
            _("progress"),
            obj.progress,
            obj.progress,
        )

    @admin.display(description=_("rows not loaded"))
    def error_count(self, obj):
        return len(obj.errors)

    @admin.display(description=_("data dictionary"))
    def dictionary(self, obj):
        return format_html(
            "<table><tr><th>{}</th><th>{}</th><th>{}</th></tr>{}</table>",
            _("column"),
            _("type"),
            _("guessed type"),
            format_html_join(
                "",
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                ((f["id"], f["type"], f["guessed"]) for f in obj.fields),
            ),
        )

    @admin.display(description=_("rows not loaded (row, column, reason)"))
    def error_report(self, obj):
        if not obj.errors:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "", "<li>{}: {} — {}</li>", ((e["row"], e["column"], e["reason"]) for e in obj.errors)
            ),
        )

    def save_model(self, request, obj, form, change):
        from .services.datastore import datastore_dictionary_set

        datastore_dictionary_set(table=obj, types=form.cleaned_data["type_overrides"])
        messages.info(request, _("The table will be loaded again with these types."))

    @admin.action(description=_("Load again"))
    def load_again(self, request, queryset):
        from .services.datastore import datastore_enqueue

        for table in queryset.select_related("resource"):
            if self._object_perm(request, "change", table):
                datastore_enqueue(resource=table.resource, force=True)
        messages.info(request, _("The tables will be loaded again."))
