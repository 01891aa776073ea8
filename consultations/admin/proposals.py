"""Admin of citizen proposals: the data tables (kinds, thresholds, SDGs, holidays), moderation by the
coordination team, the entity's answers (scoped to the entity), writing blocks.

Every change goes through the services; the author's own text is never edited by staff.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from sharik.core.admin import EntityScopedAdminMixin

from ..models import (
    Consultation,
    Proposal,
    ProposalKind,
    ProposalMilestone,
    ProposalThreshold,
    PublicHoliday,
    SdgTag,
    WritingBlock,
)
from ..services import moderation as moderation_services
from ..services import proposals as services


def _flash(request, error: Exception) -> None:
    if isinstance(error, ValidationError):
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.error(request, str(error))


class ThresholdInline(admin.TabularInline):
    model = ProposalThreshold
    extra = 1


@admin.register(ProposalKind)
class ProposalKindAdmin(TranslationAdmin):
    list_display = ("name", "slug", "signing_days", "verified_only")
    inlines = [ThresholdInline]


@admin.register(SdgTag)
class SdgTagAdmin(TranslationAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name_ar", "name_en")


@admin.register(PublicHoliday)
class PublicHolidayAdmin(TranslationAdmin):
    list_display = ("day", "name")
    date_hierarchy = "day"


class ProposalModerationForm(forms.ModelForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        required=False,
        choices=[("", "—"), ("publish", _("Publish")), ("refuse", _("Refuse (with the reason below)"))],
    )

    class Meta:
        model = Proposal
        fields = ("refusal_reason",)


@admin.register(Proposal)
class ProposalAdmin(EntityScopedAdminMixin, admin.ModelAdmin):
    form = ProposalModerationForm
    list_display = ("title", "entity", "kind", "state", "submitted_at", "published_at")
    list_filter = ("state", "kind", "sector")
    search_fields = ("title",)
    readonly_fields = (
        "title",
        "body",
        "author_name",
        "entity",
        "kind",
        "sector",
        "sdg_list",
        "state",
        "submitted_at",
        "published_at",
        "signing_ends_at",
        "signature_counts",
    )
    fields = (*readonly_fields, "decision", "refusal_reason")
    actions = ["publish_selected"]

    @admin.display(description=_("author"))
    def author_name(self, obj):
        return obj.author.public_name  # never the e-mail address

    @admin.display(description=_("sustainable development goals"))
    def sdg_list(self, obj):
        return ", ".join(str(tag) for tag in obj.sdgs.all())

    @admin.display(description=_("signatures"))
    def signature_counts(self, obj):
        counts = services.proposal_counts(obj)
        return _("%(total)d (verified residents: %(verified)d)") % counts

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        if not request.user.has_perm("consultations.moderate_proposal"):
            actions.pop("publish_selected", None)
        return actions

    def save_model(self, request, obj, form, change):
        decision = form.cleaned_data.get("decision")
        try:
            if decision == "publish":
                services.proposal_publish(proposal=obj, user=request.user)
            elif decision == "refuse":
                services.proposal_refuse(
                    proposal=obj, user=request.user, reason=form.cleaned_data.get("refusal_reason", "")
                )
        except (ValidationError, PermissionDenied) as error:
            _flash(request, error)

    @admin.action(description=_("Publish the selected proposals"))
    def publish_selected(self, request, queryset):
        done = 0
        for proposal in queryset:
            try:
                services.proposal_publish(proposal=proposal, user=request.user)
                done += 1
            except (ValidationError, PermissionDenied) as error:
                _flash(request, error)
        if done:
            messages.success(request, _("%(n)d proposals published.") % {"n": done})


class MilestoneAnswerForm(forms.ModelForm):
    class Meta:
        model = ProposalMilestone
        fields = ("answer_ar", "answer_en", "consultation")


@admin.register(ProposalMilestone)
class ProposalMilestoneAdmin(EntityScopedAdminMixin, TranslationAdmin):
    entity_lookup = "proposal__entity"
    form = MilestoneAnswerForm
    list_display = ("proposal", "threshold", "reached_at", "due_on", "overdue", "escalation", "answered_at")
    list_filter = ("escalation", ("answered_at", admin.EmptyFieldListFilter))
    readonly_fields = ("proposal", "threshold", "reached_at", "due_on", "escalation", "answered_at")
    fields = (*readonly_fields, "answer", "consultation")

    @admin.display(description=_("overdue"), boolean=True)
    def overdue(self, obj):
        return obj.is_overdue

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None and "consultation" in form.base_fields:
            form.base_fields["consultation"].queryset = Consultation.objects.filter(
                entity_id=obj.proposal.entity_id
            )
        return form

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        try:
            services.proposal_answer(
                milestone=obj,
                user=request.user,
                answer_ar=data.get("answer_ar", ""),
                answer_en=data.get("answer_en", ""),
                consultation=data.get("consultation"),
            )
        except (ValidationError, PermissionDenied) as error:
            _flash(request, error)


@admin.register(WritingBlock)
class WritingBlockAdmin(admin.ModelAdmin):
    list_display = ("user", "reason", "starts_at", "ends_at", "appealed_at", "lifted_at")
    list_filter = (("lifted_at", admin.EmptyFieldListFilter), ("appealed_at", admin.EmptyFieldListFilter))
    raw_id_fields = ("user",)
    actions = ["lift_selected"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("user", "reason", "ends_at")
        return ("user", "reason", "starts_at", "ends_at", "appeal", "appealed_at", "lifted_at")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return self.get_fields(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # lifted, never deleted: the trail stays

    def save_model(self, request, obj, form, change):
        if change:
            return
        try:
            block = moderation_services.writing_block_create(
                user=obj.user, by=request.user, reason=obj.reason, ends_at=obj.ends_at
            )
            obj.pk = block.pk
        except (ValidationError, PermissionDenied) as error:
            _flash(request, error)

    @admin.action(description=_("Lift the selected blocks"))
    def lift_selected(self, request, queryset):
        for block in queryset:
            try:
                moderation_services.writing_block_lift(block=block, by=request.user)
            except PermissionDenied as error:
                _flash(request, error)
