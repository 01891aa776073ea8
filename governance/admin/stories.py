"""Admin of the success stories (entities write, the coordination team reviews) and of the support ratings."""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from sharik.core.admin import EntityScopedAdminMixin

from ..models import SuccessStory, SupportRating, SupportRatingPeriod
from ..services import stories as story_services
from ._helpers import run_service


class ReturnReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the story returned?"),
        help_text=_("The entity reads this and edits its story; the edit comes back to review."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )


@admin.register(SuccessStory)
class SuccessStoryAdmin(EntityScopedAdminMixin, TranslationAdmin):
    """A coordinator writes their own entity's stories; the coordination team publishes or returns them."""

    list_display = ("title", "entity", "consultation", "status", "submitted_by", "published_at")
    list_filter = ("status", "entity")
    search_fields = ("title_ar", "title_en")
    fields = (
        "consultation",
        "title_ar",
        "title_en",
        "body_ar",
        "body_en",
        "image",
        "status",
        "return_reason",
        "submitted_by",
        "reviewed_by",
        "published_at",
    )
    readonly_fields = ("status", "return_reason", "submitted_by", "reviewed_by", "published_at")
    actions = ["publish", "return_to_entity"]

    def save_model(self, request, obj, form, change):
        # An edit by the entity of a returned or published story sends it back to review (the service).
        story_services.story_save(story=obj, user=request.user, created=not change)

    def has_publish_permission(self, request):
        return request.user.has_perm(story_services.PUBLISH_STORY_PERM)

    @admin.action(description=_("Publish"), permissions=["publish"])
    def publish(self, request, queryset):
        for story in queryset:
            run_service(self, request, story_services.story_publish, story=story, user=request.user)

    @admin.action(description=_("Return to the entity with a reason"), permissions=["publish"])
    def return_to_entity(self, request, queryset):
        form = ReturnReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            done = 0
            for story in queryset:
                if run_service(
                    self,
                    request,
                    story_services.story_return,
                    story=story,
                    user=request.user,
                    reason=form.cleaned_data["reason"],
                ):
                    done += 1
            if done:
                self.message_user(request, _("Returned to the entity."), level=messages.SUCCESS)
            return None
        return TemplateResponse(
            request,
            "admin/governance/successstory/return_reason.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Return to the entity with a reason"),
                "opts": self.opts,
                "stories": queryset,
                "form": form,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


@admin.register(SupportRatingPeriod)
class SupportRatingPeriodAdmin(admin.ModelAdmin):
    list_display = ("year", "opens_on", "closes_on")


@admin.register(SupportRating)
class SupportRatingAdmin(EntityScopedAdminMixin, admin.ModelAdmin):
    """Ratings are given on the coordinators' page (one per entity and period); here they are read."""

    list_display = ("entity", "period", "rating", "rated_by", "created_at")
    list_filter = ("period", "rating")
    readonly_fields = ("period", "entity", "rating", "comment", "rated_by", "created_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
