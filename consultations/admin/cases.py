"""Admin of suggestions and complaints: the entity's staff work their own entity's cases (assign, answer,
internal notes), the federal team keeps the service levels, and a dashboard counts each entity's cases
within and past their service level (with a CSV report that carries no personal data).

Every change goes through the services; the person's own text is never edited by staff.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from sharik.core import csvsafe
from sharik.core.admin import EntityScopedAdminMixin

from .. import selectors_cases as selectors
from ..models import Case, CaseNote, CaseServiceLevel
from ..services import cases as services
from .proposals import _flash


@admin.register(CaseServiceLevel)
class CaseServiceLevelAdmin(EntityScopedAdminMixin, admin.ModelAdmin):
    change_list_template = "admin/consultations/case/change_list.html"  # the dashboard's link
    list_display = (
        "entity",
        "acknowledge_working_days",
        "answer_working_days",
        "escalate_after_working_days",
    )


class CaseNoteInline(admin.TabularInline):
    """Internal notes: added through the service, never changed or deleted, never shown to the person."""

    model = CaseNote
    extra = 1
    fields = ("body", "staff", "created_at")
    readonly_fields = ("staff", "created_at")
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        return obj is not None and request.user.has_perm("consultations.add_casenote", obj)


class CaseWorkForm(forms.ModelForm):
    class Meta:
        model = Case
        fields = ("assignee", "answer")
        widgets = {"answer": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.state in Case.OPEN_STATES:
            # A reopened case holds its previous answer: the field starts empty, so that saving a note
            # never sends the old answer again.
            self.initial["answer"] = ""


@admin.register(Case)
class CaseAdmin(EntityScopedAdminMixin, admin.ModelAdmin):
    form = CaseWorkForm
    change_list_template = "admin/consultations/case/change_list.html"
    view_on_site = False  # the case page is the person's own (404 for staff)
    list_display = (
        "reference",
        "kind",
        "entity",
        "state",
        "assignee",
        "acknowledge_due_on",
        "answer_due_on",
        "past_service_level",
        "created_at",
    )
    list_filter = ("state", "kind", ("escalated_at", admin.EmptyFieldListFilter))
    search_fields = ("reference",)
    readonly_fields = (
        "reference",
        "kind",
        "entity",
        "author_name",
        "consultation",
        "service",
        "subject",
        "body",
        "attachment_link",
        "state",
        "acknowledge_due_on",
        "answer_due_on",
        "reopen_count",
        "history",
        "rating",
        "rating_comment",
    )
    fields = (*readonly_fields, "assignee", "answer")
    inlines = [CaseNoteInline]
    actions = ["assign_to_me"]

    @admin.display(description=_("filed by"))
    def author_name(self, obj):
        return obj.author.public_name  # the person's name as they show it, never their e-mail

    @admin.display(description=_("attachment"))
    def attachment_link(self, obj):
        if not obj.attachment:
            return "—"
        url = reverse("admin:consultations_case_attachment", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download the attachment"))

    @admin.display(description=_("history"))
    def history(self, obj):
        return format_html(
            "<ol>{}</ol>",
            format_html_join(
                "",
                "<li>{} · {}<br><span dir='auto'>{}</span></li>",
                (
                    (
                        timezone.localtime(e.created_at).strftime("%Y-%m-%d %H:%M"),
                        e.get_action_display(),
                        e.text,
                    )
                    for e in obj.events.all()
                ),
            ),
        )

    @admin.display(description=_("past its service level"), boolean=True)
    def past_service_level(self, obj):
        today = timezone.localdate()
        return obj.state in Case.OPEN_STATES and (
            today > obj.answer_due_on or (obj.state == Case.State.RECEIVED and today > obj.acknowledge_due_on)
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.state not in Case.OPEN_STATES:
            return (*self.readonly_fields, "assignee", "answer")
        return self.readonly_fields

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None and "assignee" in form.base_fields:
            field = form.base_fields["assignee"]
            field.queryset = services.case_staff(obj.entity).order_by("pk")
            field.label_from_instance = lambda user: user.public_name
            form.base_fields["answer"].help_text = _(
                "Written to the person who filed the case; saving an answer sends it to them."
            )
        return form

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        if not request.user.has_perm("consultations.change_case"):
            actions.pop("assign_to_me", None)
        return actions

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        try:
            if "assignee" in form.changed_data and data.get("assignee") is not None:
                services.case_assign(case=obj, user=request.user, assignee=data["assignee"])
            if "answer" in form.changed_data and (data.get("answer") or "").strip():
                services.case_answer(case=obj, user=request.user, answer=data["answer"])
        except (ValidationError, PermissionDenied) as error:
            _flash(request, error)

    def save_formset(self, request, form, formset, change):
        if formset.model is not CaseNote:
            return super().save_formset(request, form, formset, change)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for note_form in formset.forms:
            body = (note_form.cleaned_data or {}).get("body")
            if note_form.instance.pk is None and body:
                try:
                    services.case_note_add(case=form.instance, user=request.user, body=body)
                except (ValidationError, PermissionDenied) as error:
                    _flash(request, error)

    @admin.action(description=_("Assign the selected cases to me"))
    def assign_to_me(self, request, queryset):
        done = 0
        for case in queryset:
            try:
                services.case_assign(case=case, user=request.user, assignee=request.user)
                done += 1
            except (ValidationError, PermissionDenied) as error:
                _flash(request, error)
        if done:
            messages.success(request, _("%(n)d cases assigned to you.") % {"n": done})

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("dashboard/", wrap(self.dashboard_view), name="consultations_case_dashboard"),
            path("<int:pk>/attachment/", wrap(self.attachment_view), name="consultations_case_attachment"),
            *super().get_urls(),
        ]

    def _entities(self, request):
        from governance.models import Entity
        from governance.selectors import entities_for_user

        if request.user.is_superuser or request.user.has_perm("governance.act_for_all_entities"):
            return Entity.objects.all()
        return entities_for_user(request.user)

    def dashboard_view(self, request):
        """Each entity's cases within and past their service level (the person's own entities only; the
        federal team, which keeps the service levels, sees every entity's counts but no case)."""
        if not (
            self.has_view_permission(request) or request.user.has_perm("consultations.view_caseservicelevel")
        ):
            raise PermissionDenied
        entities = self._entities(request)
        if request.GET.get("format") == "csv":
            response = HttpResponse(content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = 'attachment; filename="cases-service-levels.csv"'
            writer = csvsafe.writer(response)
            writer.writerow(selectors.REPORT_COLUMNS)
            writer.writerows(selectors.cases_report_rows(entities=entities))
            return response
        levels = {level.entity_id: level for level in CaseServiceLevel.objects.filter(entity__in=entities)}
        defaults = CaseServiceLevel()
        rows = selectors.cases_dashboard(entities=entities)
        for row in rows:
            row["level"] = levels.get(row["entity"].pk, defaults)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Suggestions and complaints: service levels"),
            "rows": rows,
            "defaults": defaults,
        }
        return TemplateResponse(request, "admin/consultations/case/dashboard.html", context)

    def attachment_view(self, request, pk):
        case = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_view_permission(request, case) or not case.attachment:
            raise Http404
        return FileResponse(case.attachment.open("rb"), as_attachment=True)
