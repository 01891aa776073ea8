"""Writes of the campaign lifecycle. `consultation_advance` is the only code that changes a phase.

Every function refuses with a translated ValidationError and writes nothing when a rule says no;
the rules themselves (which move, which guard) are the table in `consultations.lifecycle_rules`.
"""

from datetime import datetime
from importlib import import_module

from celery import current_app
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sharik.accounts.models import User
from sharik.accounts.services import notification_send, notification_send_many
from sharik.core.audit import audit_record
from sharik.core.models import AuditRecord

from .. import lifecycle_rules, selectors_lifecycle, selectors_reach
from ..models import (
    AnonymousVote,
    CommunicationActivity,
    Consultation,
    Decision,
    Evaluation,
    Extension,
    OfflineContribution,
    PhaseTransition,
    Plan,
    Poll,
    Readiness,
)
from ..models.contributions import Moderated
from ..models.reach import Delivery, FollowEvent
from ..phases import Phase

ADVANCE_PERM = "consultations.add_phasetransition"


def outcome_key(consultation: Consultation) -> str:
    """The notification key of a consultation's outcome: one notification per person, ever."""
    return f"consultation-{consultation.pk}-outcome"


def _require(user, perm: str, obj) -> None:
    if user is not None and not user.has_perm(perm, obj):
        raise PermissionDenied(_("You do not act for this consultation's entity."))


def _require_phase(consultation: Consultation, *phases: str, what: str) -> None:
    if consultation.phase not in phases:
        raise ValidationError(
            _("%(what)s can only be changed in: %(phases)s (the consultation is in %(now)s).")
            % {
                "what": what,
                "phases": ", ".join(str(Phase(p).label) for p in phases),
                "now": Phase(consultation.phase).label,
            },
            code="phase",
        )


def _queue(task_name: str, *args) -> None:
    import_module("consultations.tasks")  # registers the tasks by name
    import_module("analytics.tasks")  # campaign insight when a consultation closes
    task = current_app.tasks[task_name]
    transaction.on_commit(lambda: task.delay(*args))


@transaction.atomic
def consultation_advance(
    *, consultation: Consultation, to_phase: str, user=None, note: str = ""
) -> PhaseTransition:
    """Move a consultation to `to_phase` if the table allows it now; log it; queue the follow-ups.

    `user` is None for a scheduled job. The row is locked and the phase re-read, so two concurrent
    moves (or a late second run of the close job) cannot both happen.
    """
    _require(user, ADVANCE_PERM, consultation)
    locked = Consultation.objects.select_for_update().get(pk=consultation.pk)
    reasons = lifecycle_rules.refusals(locked, to_phase)
    if reasons:
        raise ValidationError(reasons, code="guard")
    from_phase = locked.phase
    now = timezone.now()
    fields = ["phase", "updated_at"]
    closing_early = to_phase == Phase.ANALYSIS and locked.closes_at and locked.closes_at > now
    if closing_early and (locked.opens_at is None or locked.opens_at < now):
        locked.closes_at = now  # closed by hand before the deadline: the record says when
        fields.append("closes_at")
    locked.phase = to_phase
    locked.save(update_fields=fields)
    transition = PhaseTransition.objects.create(
        consultation=locked, from_phase=from_phase, to_phase=to_phase, user=user, note=note[:500]
    )
    if to_phase == Phase.EVALUATION:
        evaluation, _created = Evaluation.objects.get_or_create(consultation=locked)
        evaluation.figures = _figures(locked)
        evaluation.save(update_fields=["figures", "updated_at"])
    audit_record(
        action="advance",
        obj=locked,
        actor=user,
        source=AuditRecord.Source.ADMIN if user else AuditRecord.Source.JOB,
        changes={"phase": [from_phase, to_phase]},
    )
    for task_name in lifecycle_rules.TRANSITIONS[(from_phase, to_phase)].follow_ups:
        _queue(task_name, locked.pk)
    consultation.phase, consultation.closes_at = locked.phase, locked.closes_at
    return transition


def consultations_close_due(*, now: datetime | None = None) -> int:
    """Move every consultation whose close date has passed from Conduct to Analysis; returns how many.

    Safe to run twice or late: each consultation is moved under a row lock after re-reading its phase.
    """
    now = now or timezone.now()
    closed = 0
    due = Consultation.objects.filter(phase=Phase.CONDUCT, closes_at__lte=now).values_list("pk", flat=True)
    for pk in list(due):
        consultation = Consultation.objects.get(pk=pk)
        try:
            consultation_advance(
                consultation=consultation,
                to_phase=Phase.ANALYSIS,
                user=None,
                note=_("Closed at the deadline."),
            )
        except ValidationError:
            continue  # moved meanwhile by someone else: nothing to do
        closed += 1
    return closed


# --- Preparation -------------------------------------------------------------------------------


@transaction.atomic
def readiness_save(*, readiness: Readiness, user) -> Readiness:
    _require(user, "consultations.change_consultation", readiness.consultation)
    _require_phase(readiness.consultation, Phase.PREPARATION, what=_("The readiness form"))
    readiness.full_clean()
    readiness.save()
    return readiness


@transaction.atomic
def readiness_green_light(*, readiness: Readiness, user, given_by: str) -> Readiness:
    """Record management's green light: who gave it (name, title), who recorded it, when."""
    _require(user, "consultations.change_consultation", readiness.consultation)
    _require_phase(readiness.consultation, Phase.PREPARATION, what=_("The green light"))
    given_by = (given_by or "").strip()
    if not given_by:
        raise ValidationError(
            _("Say who in management gave the green light (name and title)."), code="required"
        )
    readiness.green_light_from = given_by[:200]
    readiness.green_light_by = user
    readiness.green_light_at = timezone.now()
    readiness.save(update_fields=["green_light_from", "green_light_by", "green_light_at"])
    return readiness


# --- Planning ------------------------------------------------------------------------------------


@transaction.atomic
def plan_save(*, plan: Plan, user) -> Plan:
    _require(user, "consultations.change_consultation", plan.consultation)
    _require_phase(plan.consultation, Phase.PREPARATION, Phase.PLANNING, what=_("The plan"))
    if plan.pk and Plan.objects.get(pk=plan.pk).status in (Plan.Status.SUBMITTED, Plan.Status.APPROVED):
        raise ValidationError(
            _("A plan under review or approved cannot be changed; ask the reviewer to return it."),
            code="locked",
        )
    if plan.author_id is None:
        plan.author = user
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def plan_submit(*, plan: Plan, user) -> Plan:
    _require(user, "consultations.change_consultation", plan.consultation)
    if plan.status not in (Plan.Status.DRAFT, Plan.Status.RETURNED):
        raise ValidationError(_("Only a draft or returned plan can be submitted for review."), code="status")
    if not plan.objective:
        raise ValidationError(_("Write the detailed objective before submitting the plan."), code="required")
    if not plan.target_groups.exists():
        raise ValidationError(
            _("Describe at least one target group before submitting the plan."), code="required"
        )
    plan.status = Plan.Status.SUBMITTED
    plan.submitted_at = timezone.now()
    if plan.author_id is None:
        plan.author = user
    plan.save(update_fields=["status", "submitted_at", "author"])
    audit_record(action="plan-submit", obj=plan, actor=user, entity=plan.consultation.entity)
    return plan


@transaction.atomic
def plan_review(*, plan: Plan, user, approve: bool, comments: str = "") -> Plan:
    """Approve or return a submitted plan: by the federal team or the entity's manager, never its author."""
    if not user.has_perm("consultations.approve_plan", plan):
        raise PermissionDenied(_("Only the federal team or the entity's management may review a plan."))
    if plan.status != Plan.Status.SUBMITTED:
        raise ValidationError(
            _("Only a plan submitted for review can be approved or returned."), code="status"
        )
    if user.pk == plan.author_id:
        raise ValidationError(_("You wrote this plan: someone else must review it."), code="own")
    comments = (comments or "").strip()
    if not approve and not comments:
        raise ValidationError(_("Say what must change when you return a plan."), code="required")
    plan.status = Plan.Status.APPROVED if approve else Plan.Status.RETURNED
    plan.reviewed_by = user
    plan.reviewed_at = timezone.now()
    plan.review_comments = comments
    plan.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_comments"])
    audit_record(
        action="plan-approve" if approve else "plan-return",
        obj=plan,
        actor=user,
        entity=plan.consultation.entity,
    )
    return plan


# --- Conduct -------------------------------------------------------------------------------------


@transaction.atomic
def consultation_extend(
    *, consultation: Consultation, user, closes_at: datetime, reason: str = ""
) -> Extension:
    _require(user, "consultations.change_consultation", consultation)
    _require_phase(consultation, Phase.CONDUCT, what=_("The close date"))
    if closes_at is None or closes_at <= timezone.now():
        raise ValidationError(_("The new close date must be in the future."), code="past")
    if consultation.closes_at and closes_at <= consultation.closes_at:
        raise ValidationError(_("An extension must move the close date later."), code="earlier")
    extension = Extension.objects.create(
        consultation=consultation,
        old_closes_at=consultation.closes_at,
        new_closes_at=closes_at,
        reason=(reason or "").strip()[:300],
        user=user,
    )
    consultation.closes_at = closes_at
    consultation.save(update_fields=["closes_at", "updated_at"])
    audit_record(
        action="extend",
        obj=consultation,
        actor=user,
        changes={"closes_at": [str(extension.old_closes_at), str(closes_at)]},
    )
    return extension


@transaction.atomic
def offline_contribution_save(*, contribution: OfflineContribution, user) -> OfflineContribution:
    _require(user, "consultations.change_consultation", contribution.consultation)
    _require_phase(contribution.consultation, Phase.CONDUCT, Phase.ANALYSIS, what=_("Offline contributions"))
    option = contribution.poll_option
    if option is not None and option.poll.consultation_id != contribution.consultation_id:
        raise ValidationError(
            {"poll_option": _("That option belongs to another consultation.")}, code="foreign"
        )
    if contribution.entered_by_id is None:
        contribution.entered_by = user
    contribution.full_clean()
    contribution.save()
    return contribution


@transaction.atomic
def contribution_hide(*, item: Moderated, user, reason: str) -> Moderated:
    """Hide a public contribution (comment, idea, paragraph comment, amendment, opinion statement) with a
    reason; its author is told why (in their language)."""
    _require(user, f"consultations.change_{item._meta.model_name}", item)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for hiding; its author will see it."), code="required")
    if item.is_hidden:
        raise ValidationError(_("This is already hidden."), code="hidden")
    item.is_hidden, item.hidden_reason, item.hidden_by, item.hidden_at = (
        True,
        reason[:300],
        user,
        timezone.now(),
    )
    item.save(update_fields=["is_hidden", "hidden_reason", "hidden_by", "hidden_at"])
    audit_record(action="hide", obj=item, actor=user, entity=item.get_permission_entity())
    author = item.author
    with translation.override(author.preferred_language):
        message = {
            "key": f"moderation-{item._meta.model_name}-{item.pk}-{item.hidden_at.timestamp():.0f}",
            "title": _("Your contribution was hidden by a moderator"),
            "body": _("Reason: %(reason)s") % {"reason": item.hidden_reason},
            "url": item.get_absolute_url(),
        }
    transaction.on_commit(lambda: notification_send(user=author, **message))
    return item


@transaction.atomic
def contribution_restore(*, item: Moderated, user) -> Moderated:
    _require(user, f"consultations.change_{item._meta.model_name}", item)
    if not item.is_hidden:
        raise ValidationError(_("This is not hidden."), code="visible")
    item.is_hidden, item.hidden_reason, item.hidden_by, item.hidden_at = False, "", None, None
    item.save(update_fields=["is_hidden", "hidden_reason", "hidden_by", "hidden_at"])
    audit_record(action="restore", obj=item, actor=user, entity=item.get_permission_entity())
    return item


@transaction.atomic
def anonymous_vote_cast(*, poll: Poll, session_key: str, option_ids: list, client_ip: str = "") -> int:
    """A visitor's vote without an account: only where the plan lets anyone take part.

    One ballot per browser session and question (cast again to change it); rate-limited per address;
    counted apart from registered votes and never toward a binding vote. Returns the options recorded.
    """
    consultation = poll.consultation
    if not consultation.accepts_contributions():
        raise ValidationError(
            _("This consultation is closed to contributions; you can still read it and its outcome."),
            code="closed",
        )
    plan = getattr(consultation, "plan", None)
    if plan is None or plan.participation != Plan.Participation.ANYONE or not session_key:
        raise ValidationError(_("Please log in to take part."), code="login")
    chosen = {int(pk) for pk in option_ids if str(pk).isdigit()}
    if not chosen or len(chosen) != len(option_ids):
        raise ValidationError(_("Choose an option before voting."), code="empty")
    if set(poll.options.filter(pk__in=chosen).values_list("pk", flat=True)) != chosen:
        raise ValidationError(_("That option does not belong to this question."), code="foreign_option")
    if poll.kind == Poll.Kind.SINGLE and len(chosen) > 1:
        raise ValidationError(_("This question takes one answer only."), code="single")
    limit = getattr(settings, "ANONYMOUS_VOTES_PER_HOUR", 30)
    key = f"anonymous-votes:{client_ip}"
    cache.add(key, 0, timeout=3600)
    if cache.incr(key) > limit:
        raise ValidationError(
            _("Too many votes from this connection; please try again later or log in."), code="rate"
        )
    AnonymousVote.objects.filter(poll=poll, session_key=session_key).exclude(option_id__in=chosen).delete()
    AnonymousVote.objects.bulk_create(
        [AnonymousVote(poll=poll, option_id=pk, session_key=session_key) for pk in chosen],
        ignore_conflicts=True,
    )
    return len(chosen)


# --- Analysis ------------------------------------------------------------------------------------


def _binding_vote_refusals(decision: Decision) -> list[str]:
    option = decision.winning_option
    if option is not None and option.poll.consultation_id != decision.consultation_id:
        return [_("The winning option must belong to this consultation's vote.")]
    plan = getattr(decision.consultation, "plan", None)
    if plan is None or plan.decision_method != Plan.DecisionMethod.BINDING_VOTE:
        return []
    # A participatory budget under a binding vote: the decided projects must be the computed result.
    from .instruments import budget_binding_refusals

    budget_reasons = budget_binding_refusals(decision.consultation)
    if option is None:
        if decision.consultation.budgets.exists() and not decision.consultation.polls.exists():
            return budget_reasons
        return [_("The plan makes the public vote binding: name the winning option."), *budget_reasons]
    leading = selectors_lifecycle.leading_option_ids(decision.consultation, option.poll_id)
    if option.pk not in leading:
        return [
            _("The vote is binding and “%(option)s” did not win it: the decision must follow the tally.")
            % {"option": option.label},
            *budget_reasons,
        ]
    return budget_reasons


@transaction.atomic
def decision_save(*, decision: Decision, user) -> Decision:
    _require(user, "consultations.change_consultation", decision.consultation)
    _require_phase(decision.consultation, Phase.ANALYSIS, what=_("The decision"))
    if decision.pk and Decision.objects.filter(pk=decision.pk, approved_at__isnull=False).exists():
        raise ValidationError(_("An approved decision cannot be changed."), code="locked")
    reasons = _binding_vote_refusals(decision)
    if reasons:
        raise ValidationError({"winning_option": reasons}, code="binding")
    if decision.recorded_by_id is None:
        decision.recorded_by = user
    decision.full_clean()
    decision.save()
    return decision


@transaction.atomic
def decision_approve(*, decision: Decision, user, approved_from: str) -> Decision:
    """Record management's formal approval and publish the decision on the consultation."""
    _require(user, "consultations.change_consultation", decision.consultation)
    consultation = decision.consultation
    _require_phase(consultation, Phase.ANALYSIS, what=_("The decision"))
    if decision.approved_at:
        raise ValidationError(_("This decision is already approved."), code="approved")
    approved_from = (approved_from or "").strip()
    if not approved_from:
        raise ValidationError(
            _("Say who in management approved the decision (name and title)."), code="required"
        )
    reasons = _binding_vote_refusals(decision)
    if reasons:
        raise ValidationError(reasons, code="binding")
    now = timezone.now()
    decision.approved_from, decision.approved_by, decision.approved_at = approved_from[:200], user, now
    decision.save(update_fields=["approved_from", "approved_by", "approved_at"])
    for lang in ("ar", "en"):
        setattr(consultation, f"decision_{lang}", getattr(decision, f"text_{lang}") or "")
        setattr(consultation, f"decision_rationale_{lang}", getattr(decision, f"rationale_{lang}") or "")
    consultation.decided_at = now
    consultation.save(
        update_fields=[
            "decision_ar",
            "decision_en",
            "decision_rationale_ar",
            "decision_rationale_en",
            "decided_at",
            "updated_at",
        ]
    )
    audit_record(action="decision-approve", obj=consultation, actor=user)
    return decision


# --- Announcing results --------------------------------------------------------------------------


def outcome_notify(*, consultation: Consultation, user_ids: list[int]) -> int:
    """Tell each person the outcome, in their language; returns how many were newly notified.

    One batch of a fan-out: the message is rendered once per language, the notifications are
    inserted in one statement and e-mailed in chunks (`notification_send_many`), idempotent per
    (person, key), so a re-run or an overlapping batch sends nothing twice.
    """
    key = outcome_key(consultation)
    rendered: dict[str, tuple[str, str, str]] = {}

    def message(person) -> tuple[str, str, str]:
        language = person.preferred_language
        if language not in rendered:
            with translation.override(language):
                url = consultation.get_absolute_url()  # /en/… for English readers
                title = _("The outcome of “%(title)s”") % {"title": consultation.title}
                body = render_to_string(
                    "consultations/email/outcome.txt", {"consultation": consultation}
                ).strip()
            rendered[language] = (title, body, url)
        return rendered[language]

    def preferences_url(language: str) -> str:
        with translation.override(language):
            return f"{settings.SITE_URL}{reverse('consultations:follows')}"

    # Each person is told as they chose for decisions (issue 15's preferences): at once by e-mail,
    # in their digest, or on the site only.
    by_delivery: dict[str, list[int]] = {}
    for pk, delivery in selectors_reach.deliveries(user_ids=user_ids, event=FollowEvent.DECIDED).items():
        by_delivery.setdefault(delivery, []).append(pk)
    told = 0
    for delivery, pks in sorted(by_delivery.items()):
        people = (
            User.objects.filter(pk__in=pks, is_active=True, deleted_at__isnull=True)
            .only("pk", "email", "preferred_language", "is_active", "deleted_at")
            .order_by("pk")
        )
        told += notification_send_many(
            users=people,
            key=key,
            message=message,
            email=delivery == Delivery.EMAIL,
            digest=delivery if delivery in (Delivery.DAILY, Delivery.WEEKLY) else "",
            preferences_url=preferences_url,
        )
    return told


def outcome_sent_count(consultation: Consultation) -> int:
    from sharik.accounts.models import Notification

    return Notification.objects.filter(key=outcome_key(consultation)).count()


# --- Evaluation and communication ----------------------------------------------------------------


def _figures(consultation: Consultation) -> dict:
    figures = selectors_lifecycle.participation_figures(consultation)
    figures["outcome_notified"] = outcome_sent_count(consultation)
    return figures


@transaction.atomic
def evaluation_save(*, evaluation: Evaluation, user) -> Evaluation:
    _require(user, "consultations.change_consultation", evaluation.consultation)
    _require_phase(evaluation.consultation, Phase.ANNOUNCEMENT, Phase.EVALUATION, what=_("The evaluation"))
    evaluation.figures = _figures(evaluation.consultation)
    if evaluation.evaluated_by_id is None:
        evaluation.evaluated_by = user
    evaluation.full_clean()
    evaluation.save()
    return evaluation


@transaction.atomic
def communication_log(*, activity: CommunicationActivity, user) -> CommunicationActivity:
    _require(user, "consultations.change_consultation", activity.consultation)
    if not activity.phase:
        activity.phase = activity.consultation.phase
    if activity.created_by_id is None:
        activity.created_by = user
    activity.full_clean()
    activity.save()
    return activity
