"""Admin of the programme's federal pieces: bodies, risk register, KPIs, toolkit, annual reports."""

from django.contrib import admin
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from sharik.core.admin import EntityScopedAdminMixin

from ..models import (
    AnnualReport,
    BodyMember,
    GovernanceBody,
    Kpi,
    KpiValue,
    Risk,
    SatisfactionSurvey,
    ToolkitItem,
    ToolkitVersion,
)
from ..services import kpis as kpi_services
from ..services import reports as report_services
from ..services import risks as risk_services
from ..services import toolkit as toolkit_services
from ._helpers import run_service


class BodyMemberInline(TranslationTabularInline):
    model = BodyMember
    extra = 0
    raw_id_fields = ("user",)


@admin.register(GovernanceBody)
class GovernanceBodyAdmin(TranslationAdmin):
    list_display = ("name", "kind", "entity", "order")
    list_filter = ("kind",)
    inlines = [BodyMemberInline]


# --- Risk register: filterable, exportable ----------------------------------------------------


class ImpactFilter(admin.SimpleListFilter):
    title = _("impact")
    parameter_name = "impact"

    def lookups(self, request, model_admin):
        from ..models import RiskImpact

        return RiskImpact.choices

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        # JSON containment is not on SQLite; the register is small, so filter the ids in Python.
        ids = [r.pk for r in queryset.only("pk", "impact") if self.value() in r.impact]
        return queryset.filter(pk__in=ids)


class RegisterFilter(admin.SimpleListFilter):
    title = _("register")
    parameter_name = "register"

    def lookups(self, request, model_admin):
        return [("federal", _("Federal register")), ("entities", _("Entities' registers"))]

    def queryset(self, request, queryset):
        if self.value() == "federal":
            return queryset.filter(entity__isnull=True)
        if self.value() == "entities":
            return queryset.filter(entity__isnull=False)
        return queryset


@admin.register(Risk)
class RiskAdmin(EntityScopedAdminMixin, TranslationAdmin):
    """The federal team keeps the federal register and sees every entity's; a coordinator keeps only
    their own entity's risks (the mixin scopes the lists, forms and objects)."""

    list_display = (
        "risk", "entity", "type", "importance", "impacts", "owner", "registered_on", "status", "closed_on",
    )  # fmt: skip
    list_filter = (RegisterFilter, "status", "type", "importance", ImpactFilter, "registered_on")
    list_select_related = ("entity",)

    def save_model(self, request, obj, form, change):
        """Only the federal bodies write the federal register; the service checks it once more."""
        risk_services.risk_check_scope(risk=obj, user=request.user)
        super().save_model(request, obj, form, change)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if "entity" in form.base_fields and not request.user.has_perm("governance.act_for_all_entities"):
            form.base_fields["entity"].required = True  # a coordinator's risk always belongs to their entity
            form.base_fields["entity"].empty_label = None
        return form

    search_fields = ("risk_ar", "risk_en", "owner_ar", "owner_en")
    actions = ["export_csv", "close_today"]

    @admin.display(description=_("impact"))
    def impacts(self, obj):
        return ", ".join(obj.impact_labels())

    @admin.action(description=_("Export the selected risks as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        response = HttpResponse(risk_services.risks_csv(queryset), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="risk-register-{timezone.localdate()}.csv"'
        return response

    @admin.action(description=_("Close the selected risks today"), permissions=["change"])
    def close_today(self, request, queryset):
        for risk in queryset.filter(status=Risk.Status.OPEN):
            run_service(self, request, risk_services.risk_close, risk=risk, user=request.user)


# --- KPIs ----------------------------------------------------------------------------------


class KpiValueInline(admin.TabularInline):
    model = KpiValue
    fields = ("measured_on", "value", "source", "evidence", "evidence_url", "entered_by")
    readonly_fields = ("source", "entered_by")
    extra = 0
    ordering = ("-measured_on",)

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Kpi)
class KpiAdmin(TranslationAdmin):
    list_display = ("name", "axis", "track", "target", "unit", "computation", "order")
    list_filter = ("axis", "track")
    inlines = [KpiValueInline]
    actions = ["compute_now"]

    def save_formset(self, request, form, formset, change):
        """New values typed in the inline go through the service (manual values need evidence)."""
        if formset.model is not KpiValue:
            return super().save_formset(request, form, formset, change)
        # save(commit=False) sorts the forms into new, changed and deleted objects, which the admin's
        # change message reads afterwards; nothing is written by it.
        typed = formset.save(commit=False)
        entered = []
        for value in typed:
            if value.pk:
                continue  # existing values are read-only in the inline
            result = run_service(
                self,
                request,
                kpi_services.kpi_value_enter,
                kpi=form.instance,
                value=value.value,
                measured_on=value.measured_on,
                user=request.user,
                evidence=value.evidence or "",
                evidence_url=value.evidence_url or "",
            )
            if result is not None:
                entered.append(result)
        formset.new_objects = entered
        for obj in formset.deleted_objects:
            obj.delete()

    @admin.action(description=_("Compute the computed KPIs now"), permissions=["change"])
    def compute_now(self, request, queryset):
        stored = kpi_services.kpi_values_compute()
        self.message_user(request, _("%(n)d values stored.") % {"n": len(stored)})


@admin.register(SatisfactionSurvey)
class SatisfactionSurveyAdmin(admin.ModelAdmin):
    list_display = ("title", "subject", "entity", "conducted_on", "respondents", "satisfied")
    list_filter = ("subject", "conducted_on")


# --- Toolkit ---------------------------------------------------------------------------------


class ToolkitVersionInline(admin.TabularInline):
    model = ToolkitVersion
    fields = ("number", "title", "note", "file", "created_by", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ToolkitItem)
class ToolkitItemAdmin(TranslationAdmin):
    list_display = ("title", "kind", "owner", "status", "last_reviewed_on", "review_due_on", "consultation")
    list_filter = ("kind", "status", "review_due_on")
    search_fields = ("title_ar", "title_en")
    readonly_fields = ("status", "approved_by", "approved_at", "last_reviewed_on", "review_due_on")
    raw_id_fields = ("owner",)
    prepopulated_fields = {"slug": ("title_en",)}
    inlines = [ToolkitVersionInline]
    actions = ["approve", "mark_reviewed"]

    def save_model(self, request, obj, form, change):
        """Every save through the admin is a new version, and counts as a review."""
        if not change:
            obj.last_reviewed_on = timezone.localdate()
        toolkit_services.toolkit_item_save(item=obj, user=request.user, note=str(_("Edited in the admin")))

    def has_approve_permission(self, request):
        return request.user.has_perm("governance.approve_toolkititem")

    @admin.action(description=_("Approve (oversight committee)"), permissions=["approve"])
    def approve(self, request, queryset):
        for item in queryset:
            run_service(self, request, toolkit_services.toolkit_item_approve, item=item, user=request.user)

    @admin.action(description=_("Record a review (no changes)"), permissions=["change"])
    def mark_reviewed(self, request, queryset):
        for item in queryset:
            toolkit_services.toolkit_item_mark_reviewed(item=item, user=request.user)


# --- Annual report -------------------------------------------------------------------------


@admin.register(AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin):
    list_display = ("year", "status", "generated_at", "approved_by", "approved_at")
    fields = ("year", "status", "generated_at", "pdf_ar", "pdf_en", "approved_by", "approved_at")
    readonly_fields = ("status", "generated_at", "pdf_ar", "pdf_en", "approved_by", "approved_at")
    actions = ["generate", "approve"]

    def save_model(self, request, obj, form, change):
        if not change:
            report_services.annual_report_request(year=obj.year)
            obj.pk = AnnualReport.objects.get(year=obj.year).pk
        else:
            super().save_model(request, obj, form, change)

    def has_approve_permission(self, request):
        return request.user.has_perm("governance.approve_annualreport")

    @admin.action(description=_("Generate again (HTML and PDF)"), permissions=["change"])
    def generate(self, request, queryset):
        for report in queryset:
            run_service(self, request, report_services.annual_report_request, year=report.year)

    @admin.action(description=_("Approve (oversight committee)"), permissions=["approve"])
    def approve(self, request, queryset):
        for report in queryset:
            run_service(
                self, request, report_services.annual_report_approve, report=report, user=request.user
            )
