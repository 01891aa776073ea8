"""Admin of debates and of the moderation tools: the debate forums (pre-moderation per sector), the word
lists, and the review queue — contributions held for review, approved or rejected with a reason the
author is told (`services.moderation.contribution_review`). An entity takes a debate up into one of its
consultations with an action."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from ..models import Comment, Consultation, Debate, DebateForum, Idea, ModerationWordList
from ..services import debates as debate_services
from ..services.moderation import contribution_review
from .contributions import CommentAdmin, IdeaAdmin


def _flash(request, error: Exception) -> None:
    for message in getattr(error, "messages", [str(error)]):
        messages.error(request, message)


class ReviewActionForm(ActionForm):
    """The action bar of a review queue: the reason a rejection gives, the consultation a debate goes to."""

    reason = forms.CharField(label=_("Reason (for a rejection)"), required=False, max_length=300)
    consultation = forms.IntegerField(label=_("Consultation number (to take a debate up)"), required=False)


class ReviewQueueMixin:
    """Approve or reject held contributions from the list; the held ones come first."""

    action_form = ReviewActionForm

    def get_ordering(self, request):
        return ["-held_for_review", "-created_at"]

    def save_model(self, request, obj, form, change):
        """Unticking "hidden" on a held contribution approves it (the service tells the author)."""
        current = type(obj).objects.get(pk=obj.pk)
        if current.held_for_review and not obj.is_hidden:
            try:
                contribution_review(obj=current, by=request.user, approve=True)
            except (ValidationError, PermissionDenied) as error:
                _flash(request, error)
            return
        super().save_model(request, obj, form, change)

    def _review(self, request, queryset, *, approve: bool):
        done = 0
        reason = request.POST.get("reason", "")
        for obj in queryset.filter(held_for_review=True):
            try:
                contribution_review(obj=obj, by=request.user, approve=approve, reason=reason)
                done += 1
            except (ValidationError, PermissionDenied) as error:
                _flash(request, error)
                if not approve:
                    break  # the same missing reason would be said once per row
        if done:
            messages.success(
                request, _("%(n)d contributions reviewed; their authors are told.") % {"n": done}
            )

    @admin.action(description=_("Approve and publish the selected held contributions"))
    def approve_held(self, request, queryset):
        self._review(request, queryset, approve=True)

    @admin.action(description=_("Reject the selected held contributions (give the reason)"))
    def reject_held(self, request, queryset):
        self._review(request, queryset, approve=False)


# The review queue on the existing comment and idea lists: filter "awaiting review", approve or reject.
for model, base in ((Comment, CommentAdmin), (Idea, IdeaAdmin)):
    admin.site.unregister(model)
    queue_admin = type(
        f"Review{base.__name__}",
        (ReviewQueueMixin, base),
        {
            "__module__": __name__,
            "list_filter": ("held_for_review", *base.list_filter),
            "list_display": (*base.list_display, "held_for_review"),
            "actions": ["approve_held", "reject_held"],
        },
    )
    admin.site.register(model, queue_admin)


@admin.register(Debate)
class DebateAdmin(ReviewQueueMixin, admin.ModelAdmin):
    list_display = ("title", "sector", "author", "created_at", "held_for_review", "is_hidden", "consultation")
    list_filter = ("held_for_review", "is_hidden", "sector", ("consultation", admin.EmptyFieldListFilter))
    search_fields = ("title", "body")
    fields = (
        "title",
        "body",
        "sector",
        "author",
        "created_at",
        "held_for_review",
        "is_hidden",
        "hidden_reason",
        "consultation",
        "taken_up_at",
        "taken_up_by",
    )
    readonly_fields = fields
    actions = ["approve_held", "reject_held", "take_up"]

    def get_queryset(self, request):
        """Coordinators see the published debates not yet taken up (to take one up) and those their own
        entities took up; what waits for review or was hidden stays with the moderators."""
        from governance.selectors import entities_for_user

        qs = super().get_queryset(request).select_related("author", "consultation")
        if request.user.is_superuser or request.user.has_perm("governance.act_for_all_entities"):
            return qs
        return qs.filter(
            Q(consultation__isnull=True, is_hidden=False)
            | Q(consultation__entity__in=entities_for_user(request.user))
        )

    def has_add_permission(self, request):
        return False  # citizens start debates on the portal

    def has_delete_permission(self, request, obj=None):
        return False  # hidden or rejected, never deleted

    @admin.action(description=_("Take the selected debate up into a consultation (give its number)"))
    def take_up(self, request, queryset):
        consultation = Consultation.objects.filter(pk=request.POST.get("consultation") or 0).first()
        if consultation is None:
            messages.error(request, _("Give the number of the consultation that takes the debate up."))
            return
        for debate in queryset:
            try:
                debate_services.debate_take_up(debate=debate, consultation=consultation, by=request.user)
            except (ValidationError, PermissionDenied) as error:
                _flash(request, error)
            else:
                messages.success(
                    request, _("“%(debate)s” is taken up; its author is told.") % {"debate": debate.title}
                )


@admin.register(DebateForum)
class DebateForumAdmin(TranslationAdmin):
    list_display = ("sector", "pre_moderated")
    list_editable = ("pre_moderated",)


@admin.register(ModerationWordList)
class ModerationWordListAdmin(admin.ModelAdmin):
    list_display = ("name", "language", "is_active", "updated_at")
    list_filter = ("language", "is_active")
