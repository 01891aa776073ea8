"""Admin of the network's discussions: the federal team reads threads, reported replies and hides with a reason."""

from django import forms
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import Count
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from ..models import Thread, ThreadReply, ThreadReport
from ..services import threads as services
from ._helpers import run_service


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ("title", "author", "created_at", "last_reply_at")
    search_fields = ("title",)
    readonly_fields = ("title", "body", "author", "created_at", "last_reply_at")

    def has_add_permission(self, request):
        return False  # members start threads on the network's page


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Reason (its author will see it)"), max_length=300)


@admin.register(ThreadReply)
class ThreadReplyAdmin(admin.ModelAdmin):
    list_display = ("__str__", "author", "created_at", "report_count", "is_hidden", "hidden_reason")
    list_filter = ("is_hidden",)
    readonly_fields = [f.name for f in ThreadReply._meta.fields]
    actions = ["hide"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("thread", "author")
            .annotate(n_reports=Count("reports"))
        )

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("reports"), ordering="n_reports")
    def report_count(self, obj):
        return obj.n_reports

    @admin.action(description=_("Hide with a reason"), permissions=["change"])
    def hide(self, request, queryset):
        form = HideForm(request.POST if "reason" in request.POST else None)
        if form.is_valid():
            for reply in queryset.filter(is_hidden=False):
                run_service(
                    self,
                    request,
                    services.thread_reply_hide,
                    user=request.user,
                    reply=reply,
                    reason=form.cleaned_data["reason"],
                )
            return None
        return render(
            request,
            "admin/governance/threadreply/hide.html",
            {
                **self.admin_site.each_context(request),
                "form": form,
                "replies": queryset,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
                "opts": self.model._meta,
                "title": _("Hide with a reason"),
            },
        )


@admin.register(ThreadReport)
class ThreadReportAdmin(admin.ModelAdmin):
    list_display = ("reply", "reporter", "reason", "created_at")
    readonly_fields = ("reply", "reporter", "reason", "created_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
