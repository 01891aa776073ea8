"""Admin of the committee's meetings (agenda, decisions, follow-up actions) and the media plan: the federal team."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline

from ..models import AgendaItem, Decision, FollowUpAction, MediaPlanItem, Meeting


class AgendaItemInline(TranslationTabularInline):
    model = AgendaItem
    fields = ("position", "title")
    extra = 0


class DecisionInline(TranslationStackedInline):
    model = Decision
    fields = ("position", "text")
    extra = 0
    show_change_link = True


class FollowUpActionInline(TranslationTabularInline):
    model = FollowUpAction
    fields = ("title", "owner", "due_on", "status")
    raw_id_fields = ("owner",)
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(TranslationAdmin):
    list_display = ("title", "body", "held_on", "decision_count", "members_page")
    list_filter = ("body",)
    date_hierarchy = "held_on"
    search_fields = ("title_ar", "title_en")
    inlines = [AgendaItemInline, DecisionInline]

    @admin.display(description=_("decisions"))
    def decision_count(self, obj):
        return obj.decisions.count()

    @admin.display(description=_("members' page"))
    def members_page(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("governance:meeting", args=[obj.pk]), pgettext("link", "Open")
        )


@admin.register(Decision)
class DecisionAdmin(TranslationAdmin):
    list_display = ("__str__", "meeting")
    list_filter = ("meeting__body",)
    inlines = [FollowUpActionInline]


@admin.register(FollowUpAction)
class FollowUpActionAdmin(TranslationAdmin):
    list_display = ("title", "owner", "due_on", "status", "overdue", "reminded_at")
    list_filter = ("status", "decision__meeting__body")
    list_editable = ("status",)
    raw_id_fields = ("owner",)
    readonly_fields = ("reminded_at",)

    @admin.display(description=_("overdue"), boolean=True)
    def overdue(self, obj):
        return obj.is_overdue()


@admin.register(MediaPlanItem)
class MediaPlanItemAdmin(TranslationAdmin):
    list_display = ("planned_on", "title", "channel", "owner", "status")
    list_filter = ("channel", "status")
    list_editable = ("status",)
    date_hierarchy = "planned_on"
