"""Admin of the engagement instruments, scoped to the coordinator's entities.

Surveys with their questions, paper responses entered through the same questionnaire, budgets with
their projects and "adopt the computed result", and the moderation of opinion statements.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from sharik.core.admin import EntityScopedAdminMixin

from .. import selectors_instruments
from ..models import (
    BudgetProject,
    Consultation,
    OpinionStatement,
    ParticipatoryBudget,
    Survey,
    SurveyChoice,
    SurveyQuestion,
    SurveyResponse,
)
from ..services import instruments as services


class _ConsultationChoiceMixin:
    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "consultation":
            from governance.selectors import entities_for_user

            qs = Consultation.objects.all()
            if not (request.user.is_superuser or request.user.has_perm("governance.act_for_all_entities")):
                qs = qs.filter(entity__in=entities_for_user(request.user))
            kwargs["queryset"] = qs
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class SurveyQuestionInline(TranslationTabularInline):
    model = SurveyQuestion
    extra = 1
    show_change_link = True


@admin.register(Survey)
class SurveyAdmin(EntityScopedAdminMixin, _ConsultationChoiceMixin, TranslationAdmin):
    entity_lookup = "consultation__entity"
    list_display = ("title", "consultation", "response_count")
    inlines = [SurveyQuestionInline]
    readonly_fields = ("offline_link",)

    @admin.display(description=gettext_lazy("paper responses"))
    def offline_link(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:consultations_survey_offline", args=[obj.pk]),
            _("Enter a paper response"),
        )

    @admin.display(description=gettext_lazy("responses"))
    def response_count(self, obj):
        return obj.responses.count()

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/offline/", wrap(self.offline_view), name="consultations_survey_offline"),
            *super().get_urls(),
        ]

    def offline_view(self, request, pk):
        """Enter a paper questionnaire: the same form as online, recorded as offline."""
        survey = get_object_or_404(self.get_queryset(request), pk=pk)
        if not request.user.has_perm("consultations.change_consultation", survey.consultation):
            raise PermissionDenied
        errors = {}
        if request.method == "POST":
            answers = services.survey_answers_from_post(survey, request.POST)
            try:
                services.survey_response_submit(survey=survey, answers=answers, entered_by=request.user)
            except ValidationError as error:
                errors = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
            else:
                messages.success(request, _("The paper response is recorded."))
                return HttpResponseRedirect(reverse("admin:consultations_survey_offline", args=[survey.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Enter a paper response: %s") % survey.title,
            "opts": self.opts,
            "survey": survey,
            "questions": survey.questions.prefetch_related("choices"),
            "errors": errors,
            "scale": range(1, 6),
            "offline_count": survey.responses.filter(is_offline=True).count(),
        }
        return TemplateResponse(request, "admin/consultations/survey/offline.html", context)


class SurveyChoiceInline(TranslationTabularInline):
    model = SurveyChoice
    extra = 3


@admin.register(SurveyQuestion)
class SurveyQuestionAdmin(EntityScopedAdminMixin, TranslationAdmin):
    entity_lookup = "survey__consultation__entity"
    list_display = ("text", "survey", "kind", "required")
    inlines = [SurveyChoiceInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "survey":
            kwargs["queryset"] = SurveyAdmin(Survey, self.admin_site).get_queryset(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(SurveyResponse)
class SurveyResponseAdmin(EntityScopedAdminMixin, admin.ModelAdmin):
    entity_lookup = "survey__consultation__entity"
    list_display = ("survey", "created_at", "is_offline", "entered_by")
    list_filter = ("is_offline",)
    readonly_fields = ("survey", "is_offline", "entered_by", "created_at")
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class BudgetProjectInline(TranslationTabularInline):
    model = BudgetProject
    extra = 2


@admin.register(ParticipatoryBudget)
class ParticipatoryBudgetAdmin(EntityScopedAdminMixin, _ConsultationChoiceMixin, TranslationAdmin):
    entity_lookup = "consultation__entity"
    list_display = ("title", "consultation", "total", "currency")
    inlines = [BudgetProjectInline]
    exclude = ("decided_projects",)
    readonly_fields = ("result_summary",)
    actions = ["adopt_result"]

    @admin.display(description=gettext_lazy("result by the stated rule"))
    def result_summary(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        result = selectors_instruments.budget_result(obj)
        funded = [r["project"].title for r in result["rows"] if r["funded"]]
        decided = list(obj.decided_projects.values_list("title", flat=True))
        return _("Funded: %(funded)s. Participants: %(n)d. In the decision: %(decided)s.") % {
            "funded": ", ".join(funded) or "—",
            "n": result["participants"],
            "decided": ", ".join(decided) or "—",
        }

    @admin.action(description=gettext_lazy("Adopt the computed result as the decision's funded projects"))
    def adopt_result(self, request, queryset):
        for budget in queryset:
            try:
                services.budget_decision_adopt(budget=budget, user=request.user)
            except PermissionDenied as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request, _("“%s”: the decision now funds the computed result.") % budget.title
                )


@admin.register(OpinionStatement)
class OpinionStatementAdmin(EntityScopedAdminMixin, admin.ModelAdmin):
    entity_lookup = "consultation__entity"
    list_display = ("text", "consultation", "created_at", "is_hidden")
    list_filter = ("is_hidden",)
    search_fields = ("text",)
    fields = ("consultation", "text", "is_hidden", "hidden_reason", "created_at")
    readonly_fields = ("consultation", "text", "is_hidden", "created_at")

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        # Hiding goes through the service (reason required, audited): a reason hides, no reason restores.
        try:
            services.opinion_statement_moderate(
                statement=obj, user=request.user, hide=bool(obj.hidden_reason), reason=obj.hidden_reason
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
