"""Admin of analytics: the criteria catalogue, evidence (recorded and reviewed), the UN survey import."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.admin import TranslationAdmin

from sharik.core.admin import EntityScopedAdminMixin
from sharik.core.uploads import validate_csv_file

from .models import CampaignInsight, Criterion, Evidence, IndexSnapshot, PeerCountry, SurveyRow
from .services.evidence import evidence_review, evidence_save
from .services.un_survey import un_survey_import


@admin.register(Criterion)
class CriterionAdmin(TranslationAdmin):
    list_display = ("title", "un_level", "points", "assessment", "check_name", "parameter", "is_active")
    list_filter = ("un_level", "assessment", "is_active")
    search_fields = ("code", "title")


@admin.register(Evidence)
class EvidenceAdmin(EntityScopedAdminMixin, admin.ModelAdmin):
    entity_lookup = "entity"
    list_display = ("entity", "criterion", "url", "status", "created_at", "reviewed_at")
    list_filter = ("status", "criterion")
    fields = ("entity", "criterion", "url", "note", "status", "review_note")
    readonly_fields = ("status", "review_note")
    actions = ("accept", "reject")

    def save_model(self, request, obj, form, change):
        evidence_save(evidence=obj, user=request.user)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not request.user.has_perm("analytics.review_evidence"):
            actions.pop("accept", None)
            actions.pop("reject", None)
        return actions

    def _review(self, request, queryset, accept: bool):
        for evidence in queryset:
            evidence_review(evidence=evidence, user=request.user, accept=accept)
        self.message_user(request, _("%d evidence records reviewed.") % queryset.count())

    @admin.action(description=gettext_lazy("Accept the selected evidence"))
    def accept(self, request, queryset):
        self._review(request, queryset, True)

    @admin.action(description=gettext_lazy("Reject the selected evidence"))
    def reject(self, request, queryset):
        self._review(request, queryset, False)


@admin.register(IndexSnapshot)
class IndexSnapshotAdmin(admin.ModelAdmin):
    list_display = ("computed_on", "entities", "national_score", "national_epi", "max_points")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PeerCountry)
class PeerCountryAdmin(admin.ModelAdmin):
    list_display = ("country", "is_home")


class SurveyUploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("UN survey CSV export"), validators=[validate_csv_file])


@admin.register(SurveyRow)
class SurveyRowAdmin(admin.ModelAdmin):
    list_display = ("year", "country", "egdi", "epi", "osi", "hci", "tii", "flag")
    list_filter = ("year",)
    search_fields = ("country",)
    change_list_template = "admin/analytics/surveyrow/change_list.html"

    def get_urls(self):
        return [
            path("import/", self.admin_site.admin_view(self.import_view), name="analytics_surveyrow_import"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = SurveyUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                text = form.cleaned_data["file"].read().decode("utf-8-sig")
                result = un_survey_import(text=text)
            except (ValidationError, UnicodeDecodeError) as exc:
                messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
            else:
                messages.success(
                    request,
                    _("Imported %(n)d rows, flagged %(f)d.")
                    % {"n": result.imported, "f": len(result.flagged)},
                )
                for line, country, year, reason in result.flagged:
                    messages.warning(request, f"{line}: {country} {year}: {reason}")
                return redirect("admin:analytics_surveyrow_changelist")
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "opts": self.model._meta,
            "title": _("Import the UN survey"),
        }
        return TemplateResponse(request, "admin/analytics/surveyrow/import.html", context)


@admin.register(CampaignInsight)
class CampaignInsightAdmin(EntityScopedAdminMixin, admin.ModelAdmin):
    entity_lookup = "consultation__entity"
    list_display = ("consultation", "comments", "computed_at")
    readonly_fields = (
        "consultation",
        "comments",
        "sentiment",
        "topics",
        "duplicates",
        "participation",
        "reach",
        "polls",
        "bursts",
    )
    actions = ("recompute",)

    def has_add_permission(self, request):
        return False

    @admin.action(description=gettext_lazy("Compute the analysis again"))
    def recompute(self, request, queryset):
        from .tasks import insight_compute_task

        for item in queryset:
            insight_compute_task.delay(item.consultation_id)
        self.message_user(request, _("The analysis is being computed again."))
