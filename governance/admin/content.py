"""Admin of legal pages, tags and blog posts."""

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from ..models import BlogPost, LegalPage, Tag
from ..selectors import entities_for_user
from ..services import content as content_services
from ._helpers import run_service


@admin.register(LegalPage)
class LegalPageAdmin(TranslationAdmin):
    list_display = ("kind", "version", "title", "published_on", "is_published")
    list_filter = ("kind", "is_published")
    save_as = True  # "save as new" makes the next version and keeps the old one as history

    def save_model(self, request, obj, form, change):
        content_services.legal_page_clean(obj)
        super().save_model(request, obj, form, change)


@admin.register(Tag)
class TagAdmin(TranslationAdmin):
    list_display = ("name", "slug")
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(BlogPost)
class BlogPostAdmin(TranslationAdmin):
    """Officials and entities write; the federal team reviews and publishes."""

    list_display = ("title", "author", "entity", "status", "published_at")
    list_filter = ("status", "entity", "tags")
    search_fields = ("title_ar", "title_en")
    filter_horizontal = ("tags",)
    readonly_fields = ("status", "published_at", "author")
    actions = ["submit_for_review", "publish", "back_to_draft"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.has_perm("governance.act_for_all_entities"):
            return qs
        return qs.filter(Q(author=request.user) | Q(entity__in=entities_for_user(request.user)))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "entity":
            kwargs["queryset"] = entities_for_user(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:  # an edit of reviewed content sends it back to review
            content_services.blog_post_update(post=obj, user=request.user)
            return
        obj.author = request.user
        content_services.blog_post_clean(obj)
        super().save_model(request, obj, form, change)

    def has_publish_permission(self, request):
        return request.user.has_perm("governance.publish_blogpost")

    def _move(self, request, queryset, status):
        for post in queryset:
            run_service(
                self,
                request,
                content_services.blog_post_transition,
                post=post,
                to_status=status,
                user=request.user,
            )

    @admin.action(description=_("Submit for review"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        self._move(request, queryset, BlogPost.Status.REVIEW)

    @admin.action(description=_("Publish"), permissions=["publish"])
    def publish(self, request, queryset):
        self._move(request, queryset, BlogPost.Status.PUBLISHED)

    @admin.action(description=_("Back to draft"), permissions=["change"])
    def back_to_draft(self, request, queryset):
        self._move(request, queryset, BlogPost.Status.DRAFT)
