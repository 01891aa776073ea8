"""Admin of draft documents, co-drafting and "you said, we did", scoped to the coordinator's entities.

Coordinators write a draft as plain text or Markdown (blank lines split paragraphs, `#` lines head
sections); saving a changed text publishes the next version. Answers per paragraph, decisions on
amendments and follow-up statuses all go through the services.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from sharik.core.admin import EntityScopedAdminMixin
from sharik.core.uploads import validate_text_file

from ..models import (
    Amendment,
    Draft,
    DraftInvitation,
    DraftParagraph,
    FollowUp,
    FollowUpChange,
    ParagraphComment,
)
from ..services import drafts as services
from ..services import followups as followup_services
from .lifecycle import LifecycleRecordAdmin, _scoped_consultations


def _as_text(version, language: str) -> str:
    """A version back as Markdown-ish text, so a coordinator edits it and saves the next version."""
    if version is None:
        return ""
    blocks = []
    for p in version.paragraphs.order_by("order"):
        heading = getattr(p, f"heading_{language}") or ""
        if heading:
            blocks.append(f"# {heading}")
        blocks.append(getattr(p, f"text_{language}") or "")
    return "\n\n".join(blocks)


class DraftForm(forms.ModelForm):
    text_ar = forms.CharField(
        label=_("Text (Arabic)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16, "dir": "rtl"}),
        help_text=_("Blank lines separate paragraphs; a line starting with # is a section heading."),
    )
    text_en = forms.CharField(
        label=_("Text (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 16, "dir": "ltr"}),
        help_text=_("Optional; when given, it must have as many paragraphs as the Arabic text."),
    )
    version_note = forms.CharField(label=_("What changed in this version"), required=False, max_length=500)
    upload = forms.FileField(
        label=_("Or upload the Arabic text (.txt or .md)"),
        required=False,
        validators=[validate_text_file],
        help_text=_("Replaces the Arabic text above."),
    )

    class Meta:
        model = Draft
        fields = ("consultation", "title", "order", "co_drafting")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            current = self.instance.current_version
            self.fields["text_ar"].initial = _as_text(current, "ar")
            self.fields["text_en"].initial = _as_text(current, "en")

    def clean(self):
        data = super().clean()
        upload = data.get("upload")
        if upload:
            try:
                data["text_ar"] = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                self.add_error("upload", _("The file must be plain text in UTF-8."))
        if not (data.get("text_ar") or "").strip():
            self.add_error("text_ar", _("The draft needs at least one paragraph in Arabic."))
        else:
            try:
                services._bilingual(data["text_ar"], data.get("text_en", ""))
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
        return data


class InvitationInline(admin.TabularInline):
    model = DraftInvitation
    extra = 1
    raw_id_fields = ("user",)
    verbose_name_plural = _("invited stakeholders (co-drafting)")


@admin.register(Draft)
class DraftAdmin(EntityScopedAdminMixin, TranslationAdmin):
    entity_lookup = "consultation__entity"
    form = DraftForm
    list_display = ("title", "consultation", "co_drafting", "version_count")
    list_filter = ("co_drafting",)
    search_fields = ("title_ar", "title_en")
    inlines = [InvitationInline]

    @admin.display(description=_("versions"))
    def version_count(self, obj):
        return obj.versions.count()

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "consultation":
            kwargs["queryset"] = _scoped_consultations(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        obj.full_clean()
        super().save_model(request, obj, form, change)
        data = form.cleaned_data
        current = obj.current_version
        if current is None or (
            data["text_ar"].strip() != _as_text(current, "ar").strip()
            or (data.get("text_en") or "").strip() != _as_text(current, "en").strip()
        ):
            version = services.draft_version_publish_text(
                draft=obj,
                user=request.user,
                text_ar=data["text_ar"],
                text_en=data.get("text_en", ""),
                note=data.get("version_note", ""),
            )
            messages.success(request, _("Version %(n)d of the draft is published.") % {"n": version.number})


class DraftParagraphAnswerForm(forms.ModelForm):
    """The answer is checked as the service checks it (Arabic required, plain text, its length), so a
    refused answer shows beside its field and nothing is saved."""

    def clean(self):
        from ..services.contributions import COMMENT_MAX, _plain_text

        data = super().clean()
        if "answer_ar" in self.fields:
            try:
                _plain_text(data.get("answer_ar"), field="answer_ar", max_length=COMMENT_MAX)
            except ValidationError as error:
                self.add_error(None, error)
        return data


@admin.register(DraftParagraph)
class DraftParagraphAdmin(EntityScopedAdminMixin, TranslationAdmin):
    """Where the coordinator answers what was said on each paragraph."""

    form = DraftParagraphAnswerForm
    entity_lookup = "version__draft__consultation__entity"
    list_display = ("__str__", "version", "comment_count", "answered_at")
    list_filter = ("version__draft",)
    fields = ("version", "order", "heading", "text", "answer", "answered_by", "answered_at")
    readonly_fields = ("version", "order", "heading", "text", "answered_by", "answered_at")

    @admin.display(description=_("comments"))
    def comment_count(self, obj):
        return obj.comments.filter(is_hidden=False).count()

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        # modeltranslation shows heading_ar/text_ar…: keep every language of them read-only
        return [*self.readonly_fields, "heading_ar", "heading_en", "text_ar", "text_en"]

    def save_model(self, request, obj, form, change):
        services.paragraph_answer(
            paragraph=obj, user=request.user, answer_ar=obj.answer_ar or "", answer_en=obj.answer_en or ""
        )


@admin.register(ParagraphComment)
class ParagraphCommentAdmin(EntityScopedAdminMixin, admin.ModelAdmin):
    entity_lookup = "paragraph__version__draft__consultation__entity"
    list_display = ("__str__", "paragraph", "author", "created_at", "is_hidden")
    list_filter = ("is_hidden",)
    fields = ("paragraph", "author", "body", "is_hidden", "hidden_reason", "hidden_by", "hidden_at")
    readonly_fields = ("paragraph", "author", "body", "is_hidden", "hidden_by", "hidden_at")

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        # Through the moderation service (audited, the author told why): a reason hides, none restores.
        from ..services.lifecycle import contribution_hide, contribution_restore

        current = ParagraphComment.objects.get(pk=obj.pk)
        reason = (obj.hidden_reason or "").strip()
        try:
            if reason and not current.is_hidden:
                contribution_hide(item=current, user=request.user, reason=reason)
            elif not reason and current.is_hidden:
                contribution_restore(item=current, user=request.user)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))


class AmendmentForm(forms.ModelForm):
    class Meta:
        model = Amendment
        fields = ("status", "decision_reason")

    def clean(self):
        data = super().clean()
        if self.instance.pk and self.instance.status != Amendment.Status.PENDING:
            raise ValidationError(_("This amendment has already been decided."))
        if data.get("status") != Amendment.Status.PENDING and not (data.get("decision_reason") or "").strip():
            self.add_error("decision_reason", _("Give the reason for the decision."))
        return data


@admin.register(Amendment)
class AmendmentAdmin(EntityScopedAdminMixin, admin.ModelAdmin):
    """Accept (which publishes the next version) or reject each amendment, with a reason."""

    entity_lookup = "paragraph__version__draft__consultation__entity"
    form = AmendmentForm
    list_display = ("__str__", "paragraph", "author", "status", "decided_at", "is_hidden")
    list_filter = ("status", "is_hidden")
    readonly_fields = (
        "paragraph",
        "author",
        "language",
        "proposed_text",
        "rationale",
        "decided_by",
        "decided_at",
        "applied_in",
    )
    fields = (*readonly_fields[:5], "status", "decision_reason", *readonly_fields[5:])

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if obj.status == Amendment.Status.PENDING:
            return
        reason, accept = obj.decision_reason, obj.status == Amendment.Status.ACCEPTED
        obj.status = Amendment.Status.PENDING  # the service makes the decision
        try:
            decided = services.amendment_decide(
                amendment=obj, user=request.user, accept=accept, reason=reason
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
            return
        if decided.applied_in:
            messages.success(
                request,
                _("Accepted: version %(n)d of the draft is published.") % {"n": decided.applied_in.number},
            )


class FollowUpChangeInline(admin.TabularInline):
    model = FollowUpChange
    extra = 0
    fields = ("from_status", "to_status", "note", "changed_by", "created_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(FollowUp)
class FollowUpAdmin(LifecycleRecordAdmin, TranslationAdmin):
    """ "You said, we did": one action per adopted contribution; each status change is announced once."""

    list_display = ("action", "lifecycle_link", "status", "starts_on", "due_on", "done_on")
    list_filter = ("status",)
    raw_id_fields = ("idea", "comment", "paragraph_comment", "amendment", "paragraph")
    readonly_fields = ("done_on",)
    inlines = [FollowUpChangeInline]

    def has_delete_permission(self, request, obj=None):
        return False

    @staticmethod
    def service(instance, user):
        return followup_services.followup_save(follow_up=instance, user=user)
