"""The admin of the campaign lifecycle: a coordinator runs the seven phases from here.

The consultation admin is extended (re-registered) so that its phase is read-only: the phase moves
only through the buttons of the lifecycle page, which call `consultation_advance`. Every page and
action is scoped to the entities the person acts for (`EntityScopedAdminMixin`).

Forms of the phase records (readiness, plan, decision…) validate by running their service in a
savepoint that is rolled back, so a rule that says no shows as a form error and writes nothing; the
save itself then calls the same service for real.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from modeltranslation.admin import TranslationAdmin

from sharik.core.admin import EntityScopedAdminMixin

from .. import lifecycle_rules, selectors_instruments, selectors_lifecycle
from ..models import (
    Amendment,
    Comment,
    CommunicationActivity,
    Consultation,
    Decision,
    Evaluation,
    Extension,
    Idea,
    OfflineContribution,
    OpinionStatement,
    ParagraphComment,
    PhaseTransition,
    Plan,
    PollOption,
    Readiness,
    TargetGroup,
)
from ..phases import Phase
from ..services import lifecycle as services
from .contributions import ConsultationAdmin

# --- The consultation, with its lifecycle pages -----------------------------------------------------


class _DryRun(Exception):
    pass


def _scoped_consultations(request):
    from governance.selectors import entities_for_user

    qs = Consultation.objects.all()
    if request.user.is_superuser or request.user.has_perm("governance.act_for_all_entities"):
        return qs
    return qs.filter(entity__in=entities_for_user(request.user))


def _flash(request, error: Exception) -> None:
    if isinstance(error, ValidationError):
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.error(request, str(error) or _("You may not do this."))


admin.site.unregister(Consultation)


@admin.register(Consultation)
class LifecycleConsultationAdmin(ConsultationAdmin):
    change_form_template = "admin/consultations/consultation/lifecycle_change_form.html"
    change_list_template = "admin/consultations/consultation/lifecycle_change_list.html"
    # Five columns fit a 1366 px screen with the title on one or two lines; the rest are filters.
    list_display = ("title", "entity", "phase", "closes_at", "lifecycle_link")
    # Published by the decision's approval, moved by the lifecycle: never typed in here.
    lifecycle_readonly = (
        "phase",
        "decided_at",
        "decision_ar",
        "decision_en",
        "decision_rationale_ar",
        "decision_rationale_en",
    )

    actions = ["advance_selected"]

    @admin.action(description=gettext_lazy("Move the selected consultations to their next phase"))
    def advance_selected(self, request, queryset):
        """The same move as the lifecycle page's button, for several at once; each guard still applies."""
        moved = 0
        for consultation in queryset:
            following = lifecycle_rules.next_phases(consultation.phase)
            if not following:
                continue
            try:
                services.consultation_advance(
                    consultation=consultation, to_phase=following[0], user=request.user
                )
            except (ValidationError, PermissionDenied) as error:
                messages.error(
                    request, f"{consultation}: {' '.join(getattr(error, 'messages', [str(error)]))}"
                )
            else:
                moved += 1
        if moved:
            messages.success(
                request,
                ngettext(
                    "%(n)d consultation moved to its next phase.",
                    "%(n)d consultations moved to their next phase.",
                    moved,
                )
                % {"n": moved},
            )

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), *self.lifecycle_readonly]
        if obj is not None and obj.phase not in (Phase.PREPARATION, Phase.PLANNING):
            fields += ["opens_at", "closes_at"]  # moved only by an extension, which is logged
        return fields

    @admin.display(description=gettext_lazy("lifecycle"))
    def lifecycle_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:consultations_consultation_lifecycle", args=[obj.pk]),
            _("Lifecycle"),
        )

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("moderation/", wrap(self.moderation_view), name="consultations_consultation_moderation"),
            path(
                "<int:pk>/lifecycle/", wrap(self.lifecycle_view), name="consultations_consultation_lifecycle"
            ),
            path("<int:pk>/analysis/", wrap(self.analysis_view), name="consultations_consultation_analysis"),
            *super().get_urls(),
        ]

    def _get_scoped(self, request, pk):
        consultation = get_object_or_404(self.get_queryset(request), pk=pk)
        if not self.has_view_permission(request, consultation):
            raise PermissionDenied
        return consultation

    def _context(self, request, consultation, title):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": consultation,
            "consultation": consultation,
            "title": title,
        }

    # The lifecycle page: where the phase is, what the next move needs, and the buttons.
    def lifecycle_view(self, request, pk):
        consultation = self._get_scoped(request, pk)
        if request.method == "POST":
            return self._lifecycle_post(request, consultation)
        nxt = [
            {"phase": to, "label": Phase(to).label, "refusals": lifecycle_rules.refusals(consultation, to)}
            for to in lifecycle_rules.next_phases(consultation.phase)
        ]
        records = {
            "readiness": getattr(consultation, "readiness", None),
            "plan": getattr(consultation, "plan", None),
            "decision": getattr(consultation, "decision_record", None),
            "evaluation": getattr(consultation, "evaluation", None),
        }
        context = {
            **self._context(request, consultation, _("Lifecycle: %s") % consultation.title),
            "timeline": selectors_lifecycle.phase_timeline(consultation),
            "next": nxt,
            "transitions": consultation.transitions.select_related("user"),
            "extensions": consultation.extensions.select_related("user"),
            "communications": consultation.communications.all()[:20],
            "offline": consultation.offline_contributions.all()[:20],
            "outcome_sent": services.outcome_sent_count(consultation),
            "can_advance": request.user.has_perm(services.ADVANCE_PERM, consultation),
            "can_review_plan": records["plan"] is not None
            and request.user.has_perm("consultations.approve_plan", records["plan"]),
            "Phase": {p.name: p.value for p in Phase},
            **records,
        }
        return TemplateResponse(request, "admin/consultations/consultation/lifecycle.html", context)

    def _lifecycle_post(self, request, consultation):
        action = request.POST.get("action", "")
        post = request.POST
        done = {
            "advance": _("The consultation moved to the next phase."),
            "green_light": _("The management green light is recorded."),
            "plan_submit": _("The plan is submitted for review."),
            "plan_approve": _("The plan is approved."),
            "plan_return": _("The plan is returned with your comments."),
            "extend": _("The close date is extended; the public page says so."),
            "decision_approve": _("The decision is approved and published."),
        }
        try:
            if action == "advance":
                services.consultation_advance(
                    consultation=consultation,
                    to_phase=post.get("to_phase", ""),
                    user=request.user,
                    note=post.get("note", ""),
                )
            elif action == "green_light":
                readiness = get_object_or_404(Readiness, consultation=consultation)
                services.readiness_green_light(
                    readiness=readiness, user=request.user, given_by=post.get("given_by")
                )
            elif action in ("plan_submit", "plan_approve", "plan_return"):
                plan = get_object_or_404(Plan, consultation=consultation)
                if action == "plan_submit":
                    services.plan_submit(plan=plan, user=request.user)
                else:
                    services.plan_review(
                        plan=plan,
                        user=request.user,
                        approve=action == "plan_approve",
                        comments=post.get("comments", ""),
                    )
            elif action == "extend":
                closes_at = parse_datetime(post.get("closes_at", ""))
                if closes_at is not None and timezone.is_naive(closes_at):
                    closes_at = timezone.make_aware(closes_at)
                services.consultation_extend(
                    consultation=consultation,
                    user=request.user,
                    closes_at=closes_at,
                    reason=post.get("reason", ""),
                )
            elif action == "decision_approve":
                decision = get_object_or_404(Decision, consultation=consultation)
                services.decision_approve(
                    decision=decision, user=request.user, approved_from=post.get("approved_from")
                )
            else:
                raise ValidationError(_("Unknown action."))
        except (ValidationError, PermissionDenied) as error:
            _flash(request, error)
        else:
            messages.success(request, done[action])
        return HttpResponseRedirect(
            reverse("admin:consultations_consultation_lifecycle", args=[consultation.pk])
        )

    # The analysis page: tallies, participation over time, reach, top ideas, the comments to read.
    def analysis_view(self, request, pk):
        consultation = self._get_scoped(request, pk)
        context = {
            **self._context(request, consultation, _("Analysis: %s") % consultation.title),
            "figures": selectors_lifecycle.participation_figures(consultation),
            "tallies": selectors_lifecycle.poll_tallies(consultation),
            "over_time": selectors_lifecycle.participation_over_time(consultation),
            "reach": selectors_lifecycle.reach_by_target_groups(consultation),
            "top_ideas": selectors_lifecycle.top_ideas(consultation),
            "comments": consultation.comments.filter(is_hidden=False).order_by("-created_at")[:100],
            "offline": consultation.offline_contributions.select_related("poll_option"),
            "plan": getattr(consultation, "plan", None),
            "decision": getattr(consultation, "decision_record", None),
            "instruments": selectors_instruments.instruments_analysis(consultation),
        }
        return TemplateResponse(request, "admin/consultations/consultation/analysis.html", context)

    # The moderation queue: flagged items first, then recent contributions, then what was hidden,
    # for the person's entities. Every kind of public text shares `Moderated` and one hide service.
    MODERATED = {
        "comment": (Comment, "consultation", gettext_lazy("Comment")),
        "idea": (Idea, "consultation", gettext_lazy("Idea")),
        "paragraph_comment": (
            ParagraphComment,
            "paragraph__version__draft__consultation",
            gettext_lazy("Comment on a draft paragraph"),
        ),
        "amendment": (Amendment, "paragraph__version__draft__consultation", gettext_lazy("Amendment")),
        "opinion_statement": (OpinionStatement, "consultation", gettext_lazy("Opinion map statement")),
    }
    QUEUE_SIZE = 50

    def _moderated(self, kind: str, scoped):
        model, lookup, _label = self.MODERATED[kind]
        related = "paragraph__version__draft__consultation" if lookup != "consultation" else "consultation"
        return model.objects.filter(**{f"{lookup}__in": scoped}).select_related(related, "author")

    def moderation_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        scoped = self.get_queryset(request)
        # The kinds this person may hide (a moderator: not amendments, whose change permission decides them).
        kinds = [
            kind
            for kind, (model, _lookup, _label) in self.MODERATED.items()
            if request.user.has_perm(f"consultations.change_{model._meta.model_name}")
        ]
        if request.method == "POST":
            kind = request.POST.get("kind")
            if kind not in kinds:
                raise PermissionDenied
            item = get_object_or_404(self._moderated(kind, scoped), pk=request.POST.get("pk"))
            try:
                if request.POST.get("action") == "hide":
                    services.contribution_hide(
                        item=item, user=request.user, reason=request.POST.get("reason", "")
                    )
                    messages.success(request, _("Hidden; its author is told why."))
                else:
                    services.contribution_restore(item=item, user=request.user)
                    messages.success(request, _("Restored: it is visible again."))
            except (ValidationError, PermissionDenied) as error:
                _flash(request, error)
            return HttpResponseRedirect(reverse("admin:consultations_consultation_moderation"))
        flagged = [
            (kind, item)
            for kind in ("comment", "paragraph_comment")
            if kind in kinds
            for item in self._moderated(kind, scoped)
            .filter(is_hidden=False)
            .annotate(flag_count=Count("flags"))
            .filter(flag_count__gt=0)
            .order_by("-flag_count", "-created_at")[: self.QUEUE_SIZE]
        ]
        flagged.sort(key=lambda pair: (-pair[1].flag_count, -pair[1].created_at.timestamp()))
        hidden = [
            (kind, item)
            for kind in kinds
            for item in self._moderated(kind, scoped)
            .filter(is_hidden=True)
            .order_by("-hidden_at")[: self.QUEUE_SIZE]
        ]
        recent = [
            (
                kind,
                self.MODERATED[kind][2],
                list(
                    self._moderated(kind, scoped)
                    .filter(is_hidden=False)
                    .order_by("-created_at")[: self.QUEUE_SIZE]
                ),
            )
            for kind in ("idea", "paragraph_comment", "amendment", "opinion_statement")
            if kind in kinds
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Moderation queue"),
            "flagged": flagged,
            "hidden": hidden,
            "recent": recent,
            "labels": {kind: label for kind, (_m, _l, label) in self.MODERATED.items()},
        }
        return TemplateResponse(request, "admin/consultations/consultation/moderation.html", context)


# --- The phase records ------------------------------------------------------------------------------


class ServiceForm(forms.ModelForm):
    """Runs the admin's service in a rolled-back savepoint during clean(): its refusals become errors."""

    service = None  # set by LifecycleRecordAdmin.get_form
    request = None

    def _post_clean(self):
        super()._post_clean()
        if self.errors or self.service is None:
            return
        instance = self.instance
        was_adding, old_pk = instance._state.adding, instance.pk
        try:
            with transaction.atomic():
                type(self).service(instance, self.request.user)
                raise _DryRun
        except _DryRun:
            pass
        except PermissionDenied as error:
            self.add_error(None, str(error))
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    self.add_error(field if field in self.fields else None, errors)
            else:
                self.add_error(None, error)
        finally:
            instance.pk, instance._state.adding = old_pk, was_adding


class LifecycleRecordAdmin(EntityScopedAdminMixin, admin.ModelAdmin):
    entity_lookup = "consultation__entity"
    form = ServiceForm
    editable_phases: tuple[str, ...] = ()

    @staticmethod
    def service(instance, user):  # pragma: no cover - each admin sets its own
        raise NotImplementedError

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form = type(form.__name__, (form,), {"service": staticmethod(self.service), "request": request})
        self._narrow_choices(form, self._record_consultation(request, obj))
        return form

    def _record_consultation(self, request, obj):
        """The campaign the form is about: the record's own, or the one the lifecycle page linked to."""
        if obj is not None:
            return obj.consultation
        pk = request.POST.get("consultation") or request.GET.get("consultation")
        if not pk or not str(pk).isdigit():
            return None
        return _scoped_consultations(request).filter(pk=pk).first()

    @staticmethod
    def _narrow_choices(form, consultation) -> None:
        """Drop-downs offer only the campaign's own poll options and its own entity's campaigns."""
        if consultation is None:
            return
        for name, field in form.base_fields.items():
            model = getattr(getattr(field, "queryset", None), "model", None)
            if model is PollOption:
                field.queryset = field.queryset.filter(poll__consultation=consultation)
            elif model is Consultation and name != "consultation":
                field.queryset = field.queryset.filter(entity_id=consultation.entity_id)

    def save_model(self, request, obj, form, change):
        self.service(obj, request.user)

    def _lifecycle_redirect(self, request, obj):
        if (
            IS_POPUP_VAR in request.POST
            or "_continue" in request.POST
            or "_addanother" in request.POST
            or "_saveasnew" in request.POST
        ):
            return None
        return HttpResponseRedirect(
            reverse("admin:consultations_consultation_lifecycle", args=[obj.consultation_id])
        )

    def response_add(self, request, obj, post_url_continue=None):
        """Saving a phase form returns to its campaign's lifecycle page, where the next step is."""
        response = super().response_add(request, obj, post_url_continue)
        return self._lifecycle_redirect(request, obj) or response

    def response_change(self, request, obj):
        response = super().response_change(request, obj)
        return self._lifecycle_redirect(request, obj) or response

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and "consultation" not in fields:
            fields.append("consultation")
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "consultation":
            qs = _scoped_consultations(request)
            if self.editable_phases:
                qs = qs.filter(phase__in=self.editable_phases)
            kwargs["queryset"] = qs
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def is_editable(self, obj) -> bool:
        return not self.editable_phases or obj.consultation.phase in self.editable_phases

    def has_change_permission(self, request, obj=None):
        if obj is not None and not self.is_editable(obj):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("lifecycle"))
    def lifecycle_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:consultations_consultation_lifecycle", args=[obj.consultation_id]),
            obj.consultation,
        )


@admin.register(Readiness)
class ReadinessAdmin(LifecycleRecordAdmin):
    list_display = ("lifecycle_link", "goal_type", "green_light_at")
    readonly_fields = ("green_light_from", "green_light_by", "green_light_at")
    editable_phases = (Phase.PREPARATION,)

    @staticmethod
    def service(instance, user):
        return services.readiness_save(readiness=instance, user=user)


class TargetGroupInline(admin.TabularInline):
    model = TargetGroup
    extra = 1


@admin.register(Plan)
class PlanAdmin(LifecycleRecordAdmin):
    list_display = (
        "lifecycle_link",
        "status",
        "decision_method",
        "participation",
        "submitted_at",
        "reviewed_at",
    )
    list_filter = ("status", "decision_method")
    inlines = [TargetGroupInline]
    readonly_fields = ("status", "author", "submitted_at", "reviewed_by", "reviewed_at", "review_comments")
    editable_phases = (Phase.PREPARATION, Phase.PLANNING)

    def is_editable(self, obj) -> bool:
        return super().is_editable(obj) and obj.status in (Plan.Status.DRAFT, Plan.Status.RETURNED)

    @staticmethod
    def service(instance, user):
        return services.plan_save(plan=instance, user=user)


@admin.register(OfflineContribution)
class OfflineContributionAdmin(LifecycleRecordAdmin):
    list_display = ("lifecycle_link", "channel", "date", "people_count", "poll_option")
    list_filter = ("channel",)
    readonly_fields = ("entered_by", "created_at")
    editable_phases = (Phase.CONDUCT, Phase.ANALYSIS)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "poll_option":
            kwargs["queryset"] = PollOption.objects.filter(
                poll__consultation__in=_scoped_consultations(request)
            ).select_related("poll")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @staticmethod
    def service(instance, user):
        return services.offline_contribution_save(contribution=instance, user=user)


@admin.register(Decision)
class DecisionAdmin(LifecycleRecordAdmin, TranslationAdmin):
    list_display = ("lifecycle_link", "approved_at", "approved_from")
    readonly_fields = ("recorded_by", "approved_from", "approved_by", "approved_at")
    editable_phases = (Phase.ANALYSIS,)

    def is_editable(self, obj) -> bool:
        return super().is_editable(obj) and obj.approved_at is None

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "winning_option":
            kwargs["queryset"] = PollOption.objects.filter(
                poll__consultation__in=_scoped_consultations(request)
            ).select_related("poll")
        if db_field.name == "next_consultation":
            kwargs["queryset"] = _scoped_consultations(request).filter(
                phase__in=[Phase.PREPARATION, Phase.PLANNING, Phase.CONDUCT]
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @staticmethod
    def service(instance, user):
        return services.decision_save(decision=instance, user=user)


@admin.register(Evaluation)
class EvaluationAdmin(LifecycleRecordAdmin):
    list_display = ("lifecycle_link", "evaluated_by", "updated_at")
    readonly_fields = ("figures_table", "evaluated_by", "updated_at")
    exclude = ("figures",)

    @admin.display(description=gettext_lazy("participation figures"))
    def figures_table(self, obj):
        rows = format_html_join(
            "",
            "<tr><th scope='row'>{}</th><td>{}</td></tr>",
            ((selectors_lifecycle.FIGURE_LABELS.get(k, k), v) for k, v in (obj.figures or {}).items()),
        )
        return format_html("<table>{}</table>", rows) if obj.figures else "—"

    editable_phases = (Phase.ANNOUNCEMENT, Phase.EVALUATION)

    @staticmethod
    def service(instance, user):
        return services.evaluation_save(evaluation=instance, user=user)


@admin.register(CommunicationActivity)
class CommunicationActivityAdmin(LifecycleRecordAdmin):
    list_display = ("lifecycle_link", "phase", "channel", "audience", "date", "reach")
    list_filter = ("channel", "phase")
    readonly_fields = ("phase", "created_by")

    def is_editable(self, obj) -> bool:
        return obj.consultation.phase != Phase.ARCHIVED

    @staticmethod
    def service(instance, user):
        return services.communication_log(activity=instance, user=user)


class ReadOnlyLogAdmin(EntityScopedAdminMixin, admin.ModelAdmin):
    entity_lookup = "consultation__entity"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PhaseTransition)
class PhaseTransitionAdmin(ReadOnlyLogAdmin):
    list_display = ("created_at", "consultation", "from_phase", "to_phase", "user", "note")
    list_filter = ("to_phase",)
    date_hierarchy = "created_at"


@admin.register(Extension)
class ExtensionAdmin(ReadOnlyLogAdmin):
    list_display = ("created_at", "consultation", "old_closes_at", "new_closes_at", "user", "reason")
