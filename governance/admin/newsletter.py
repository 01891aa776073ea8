"""Admin of the newsletter: compose an issue from recent content, preview it, send it by Celery."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from sharik.core.admin import EntityScopedAdminMixin

from ..models import NewsletterDelivery, NewsletterIssue, NewsletterItem, Subscriber
from ..services import newsletter as newsletter_services
from ._helpers import run_service


@admin.register(NewsletterIssue)
class NewsletterIssueAdmin(TranslationAdmin):
    list_display = ("title", "status", "sent_at", "delivered", "preview_links")
    list_filter = ("status",)
    filter_horizontal = ("blog_posts", "consultations")
    readonly_fields = ("status", "sent_at")
    actions = ["compose", "send"]

    @admin.display(description=_("delivered"))
    def delivered(self, obj):
        return obj.deliveries.filter(status=NewsletterDelivery.Status.SENT).count()

    @admin.display(description=_("preview"))
    def preview_links(self, obj):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:governance_newsletterissue_preview", args=[obj.pk, "ar"]),
            "العربية",
            reverse("admin:governance_newsletterissue_preview", args=[obj.pk, "en"]),
            "English",
        )

    def get_urls(self):
        return [
            path(
                "<int:pk>/preview/<str:language>/",
                self.admin_site.admin_view(self.preview_view),
                name="governance_newsletterissue_preview",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, pk: int, language: str):
        if not self.has_view_permission(request):
            raise PermissionDenied
        issue = get_object_or_404(NewsletterIssue, pk=pk)
        if language not in ("ar", "en"):
            language = "ar"
        _subject, _text, html = newsletter_services.newsletter_render(issue=issue, language=language)
        return HttpResponse(html)

    @admin.action(
        description=_("Compose from recent posts, decisions and entity items"), permissions=["change"]
    )
    def compose(self, request, queryset):
        for issue in queryset:
            run_service(self, request, newsletter_services.newsletter_issue_compose, issue=issue)

    @admin.action(description=_("Send to all confirmed subscribers"), permissions=["change"])
    def send(self, request, queryset):
        for issue in queryset:
            run_service(
                self,
                request,
                newsletter_services.newsletter_issue_send,
                issue=issue,
                success=_("Sending “%(title)s”.") % {"title": issue.title},
            )


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ("email", "language", "status", "confirmed_at", "unsubscribed_at")
    list_filter = ("status", "language")
    search_fields = ("email",)
    readonly_fields = ("status", "confirmed_at", "unsubscribed_at")
    actions = ["mark_bounced"]

    def has_add_permission(self, request):
        return False  # people subscribe themselves (double opt-in)

    @admin.action(description=_("Mark as bounced (no more issues)"), permissions=["change"])
    def mark_bounced(self, request, queryset):
        for subscriber in queryset:
            newsletter_services.subscriber_mark_bounced(subscriber=subscriber)


@admin.register(NewsletterItem)
class NewsletterItemAdmin(EntityScopedAdminMixin, admin.ModelAdmin):
    list_display = ("title", "entity", "status", "issue", "created_at")
    list_filter = ("status",)
    readonly_fields = ("status", "issue")
    actions = ["accept", "decline"]

    def save_model(self, request, obj, form, change):
        if change:  # an edit of an accepted item sends it back to "submitted"
            newsletter_services.newsletter_item_update(item=obj, user=request.user)
            return
        created = run_service(
            self,
            request,
            newsletter_services.newsletter_item_submit,
            entity=obj.entity,
            user=request.user,
            title=obj.title,
            body=obj.body,
            link=obj.link,
        )
        if created is not None:
            obj.pk = created.pk
            obj._state.adding = False

    def has_decide_permission(self, request):
        return request.user.has_perm("governance.change_newsletterissue")

    @admin.action(description=_("Accept for the next issue"), permissions=["decide"])
    def accept(self, request, queryset):
        queryset.update(status=NewsletterItem.Status.ACCEPTED)

    @admin.action(description=_("Decline"), permissions=["decide"])
    def decline(self, request, queryset):
        queryset.update(status=NewsletterItem.Status.DECLINED)


@admin.register(NewsletterDelivery)
class NewsletterDeliveryAdmin(admin.ModelAdmin):
    list_display = ("issue", "subscriber", "status", "sent_at", "error")
    list_filter = ("status", "issue")
    readonly_fields = [f.name for f in NewsletterDelivery._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
