"""The admin for coordinators: every page scoped to the entities they act for."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline

from sharik.core.admin import EntityScopedAdminMixin
from sharik.core.audit import model_snapshot

from ..models import Comment, CommentFlag, Consultation, ConsultationDocument, Idea, Poll, PollOption
from ..services import consultation_body_clean
from ..services.archive import consultation_admin_change_record
from ..services.lifecycle import contribution_hide, contribution_restore


class DocumentInline(TranslationTabularInline):
    model = ConsultationDocument
    extra = 0


class PollInline(TranslationStackedInline):
    model = Poll
    extra = 0
    show_change_link = True


@admin.register(Consultation)
class ConsultationAdmin(EntityScopedAdminMixin, TranslationAdmin):
    list_display = ("title", "entity", "phase", "sector", "un_level", "opens_at", "closes_at", "source")
    list_filter = ("phase", "sector", "un_level", "escwa_stage", "source", "entity")
    search_fields = ("title_ar", "title_en", "external_id")
    date_hierarchy = "opens_at"
    inlines = [PollInline, DocumentInline]
    readonly_fields = ("source", "external_id", "created_at", "updated_at")

    def save_model(self, request, obj, form, change):
        consultation_body_clean(obj)
        obj.full_clean()
        before = model_snapshot(Consultation.objects.get(pk=obj.pk)) if change else {}
        super().save_model(request, obj, form, change)
        consultation_admin_change_record(consultation=obj, before=before, user=request.user)


class OptionInline(TranslationTabularInline):
    model = PollOption
    extra = 2


@admin.register(Poll)
class PollAdmin(EntityScopedAdminMixin, TranslationAdmin):
    entity_lookup = "consultation__entity"
    list_display = ("question", "consultation", "kind", "show_results")
    inlines = [OptionInline]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "consultation":
            kwargs["queryset"] = ConsultationAdmin(Consultation, self.admin_site).get_queryset(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ContributionModerationForm(forms.ModelForm):
    """Hiding from the change form needs the reason its author will read, as the service does."""

    def clean(self):
        data = super().clean()
        hiding = data.get("is_hidden") and not self.instance.is_hidden
        if hiding and not (data.get("hidden_reason") or "").strip():
            self.add_error("hidden_reason", _("Give the reason for hiding; its author will see it."))
        return data


class ContributionAdmin(EntityScopedAdminMixin, admin.ModelAdmin):
    entity_lookup = "consultation__entity"
    list_filter = ("is_hidden",)
    readonly_fields = ("consultation", "author", "created_at")
    form = ContributionModerationForm

    def save_model(self, request, obj, form, change):
        """Hiding and showing again go through the moderation services: the reason, the audit record
        and the author's notice. Nothing else of a contribution is edited here."""
        current = type(obj).objects.get(pk=obj.pk)
        try:
            if obj.is_hidden and not current.is_hidden:
                contribution_hide(item=current, user=request.user, reason=obj.hidden_reason)
            elif current.is_hidden and not obj.is_hidden:
                contribution_restore(item=current, user=request.user)
        except (ValidationError, PermissionDenied) as error:
            self.message_user(request, "; ".join(getattr(error, "messages", [str(error)])), level="error")

    def has_add_permission(self, request):
        return False


@admin.register(Comment)
class CommentAdmin(ContributionAdmin):
    list_display = ("short_body", "consultation", "blog_post", "created_at", "is_hidden", "flag_count")
    search_fields = ("body",)
    fields = (
        "consultation",
        "blog_post",
        "author",
        "parent",
        "body",
        "is_hidden",
        "hidden_reason",
        "created_at",
    )
    readonly_fields = ("consultation", "blog_post", "author", "parent", "body", "created_at")

    def get_queryset(self, request):
        """Comments on the entity's consultations and on the entity's blog articles."""
        from governance.selectors import entities_for_user

        qs = admin.ModelAdmin.get_queryset(self, request)
        if request.user.is_superuser or request.user.has_perm("governance.act_for_all_entities"):
            return qs
        entities = entities_for_user(request.user)
        return qs.filter(Q(consultation__entity__in=entities) | Q(blog_post__entity__in=entities))

    @admin.display(description=_("comment"))
    def short_body(self, obj):
        return obj.body[:80]

    @admin.display(description=_("flags"))
    def flag_count(self, obj):
        return obj.flags.count()


@admin.register(Idea)
class IdeaAdmin(ContributionAdmin):
    list_display = ("title", "consultation", "state", "created_at", "is_hidden")
    list_filter = ("state",)
    search_fields = ("title", "body")
    fields = (
        "consultation",
        "author",
        "title",
        "body",
        "is_hidden",
        "hidden_reason",
        "created_at",
        # The official answer (issue 14), saved through services.idea_answer.
        "state",
        "answer_ar",
        "answer_en",
        "answer_consultation",
    )
    readonly_fields = ("consultation", "author", "title", "body", "created_at")

    def save_model(self, request, obj, form, change):
        answer_fields = {"state", "answer_ar", "answer_en", "answer_consultation"}
        if change and answer_fields & set(form.changed_data):
            from django.core.exceptions import PermissionDenied, ValidationError

            from ..services import idea_answer

            try:
                idea_answer(
                    idea=obj,
                    user=request.user,
                    state=form.cleaned_data["state"],
                    answer_ar=form.cleaned_data.get("answer_ar", ""),
                    answer_en=form.cleaned_data.get("answer_en", ""),
                    consultation=form.cleaned_data.get("answer_consultation"),
                )
            except (ValidationError, PermissionDenied) as error:
                for message in getattr(error, "messages", [str(error)]):
                    messages.error(request, message)
                return
            obj.refresh_from_db(
                fields=["state", "answer_ar", "answer_en", "answer_consultation", "answered_at"]
            )
            if form.changed_data and set(form.changed_data) <= answer_fields:
                return
        super().save_model(request, obj, form, change)


@admin.register(CommentFlag)
class CommentFlagAdmin(EntityScopedAdminMixin, admin.ModelAdmin):
    entity_lookup = "comment__consultation__entity"
    list_display = ("comment", "reason", "created_at")
    list_filter = ("reason",)
    readonly_fields = ("comment", "user", "reason", "created_at")

    def has_add_permission(self, request):
        return False
