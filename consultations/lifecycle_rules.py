"""The campaign lifecycle as one table: which moves exist, what each must satisfy, what follows it.

`TRANSITIONS[(from, to)]` lists the guards of a move. A guard takes the consultation and returns the
reasons it refuses (translated sentences a coordinator can act on); an empty list means "go".
`consultations.services.lifecycle.consultation_advance` is the only code that reads this table and
the only code that changes `Consultation.phase`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from .phases import Phase

Guard = Callable[["object"], list[str]]


def readiness_complete(consultation) -> list[str]:
    readiness = getattr(consultation, "readiness", None)
    if readiness is None:
        return [_("Fill in the readiness form of the Preparation phase first.")]
    reasons = []
    missing = readiness.unanswered()
    if missing:
        reasons.append(_("The readiness form still has unanswered questions: %s.") % ", ".join(missing))
    if not readiness.green_light_at:
        reasons.append(_("Record the management green light before moving on."))
    return reasons


def plan_approved(consultation) -> list[str]:
    from .models import Plan

    plan = getattr(consultation, "plan", None)
    if plan is None:
        return [_("Write the campaign plan first.")]
    if plan.status != Plan.Status.APPROVED:
        return [
            _("The plan must be approved before the consultation opens (it is now: %s).")
            % plan.get_status_display()
        ]
    return []


def has_instrument(consultation) -> list[str]:
    """At least one way to take part: a poll with two options, or comments/ideas (always on)."""
    polls = consultation.polls.annotate(n=Count("options"))
    if polls.filter(n__lt=2).exists():
        return [_("Every poll question needs at least two options.")]
    plan = getattr(consultation, "plan", None)
    budgets = consultation.budgets.exists()
    binding = plan is not None and plan.decision_method == plan.DecisionMethod.BINDING_VOTE
    if binding and not polls.exists() and not budgets:
        return [_("A binding public vote needs a poll question with its options, or a participatory budget.")]
    if consultation.budgets.annotate(n=Count("projects")).filter(n=0).exists():
        return [_("Every participatory budget needs at least one project.")]
    others = budgets or consultation.surveys.exists() or consultation.opinion_statements.exists()
    if not polls.exists() and not others and not (consultation.body or consultation.summary):
        return [_("Add at least one participation instrument: a poll, or a text to comment on.")]
    return []


def dates_in_order(consultation) -> list[str]:
    opens, closes = consultation.opens_at, consultation.closes_at
    if not opens or not closes:
        return [_("Set both the opening and the closing date.")]
    reasons = []
    today = timezone.localdate()
    if timezone.localdate(opens) < today:
        reasons.append(_("The opening date is in the past; choose today or a later day."))
    if closes <= timezone.now():
        reasons.append(_("The closing date must be in the future."))
    if closes <= opens:
        reasons.append(_("The closing date must come after the opening date."))
    return reasons


def decision_approved(consultation) -> list[str]:
    decision = getattr(consultation, "decision_record", None)
    if decision is None or not (decision.text and decision.rationale):
        return [_("Record the decision and why it was taken before announcing the results.")]
    if not decision.approved_at:
        return [_("The decision has not been formally approved yet; results cannot be announced before.")]
    return []


def evaluation_complete(consultation) -> list[str]:
    evaluation = getattr(consultation, "evaluation", None)
    if evaluation is None:
        return [_("Answer the evaluation questions before archiving.")]
    missing = evaluation.unanswered()
    if missing:
        return [_("The evaluation still has unanswered questions: %s.") % ", ".join(missing)]
    return []


@dataclass(frozen=True)
class Transition:
    guards: tuple[Guard, ...] = ()
    follow_ups: tuple[str, ...] = field(default=())  # Celery task names, queued after commit
    label: str = ""


# (from, to) -> the move's guards and follow-up jobs. The order of the phases is this table.
TRANSITIONS: dict[tuple[str, str], Transition] = {
    (Phase.PREPARATION, Phase.PLANNING): Transition(guards=(readiness_complete,)),
    (Phase.PLANNING, Phase.CONDUCT): Transition(
        guards=(plan_approved, has_instrument, dates_in_order), follow_ups=("consultations.follow_opened",)
    ),
    (Phase.CONDUCT, Phase.ANALYSIS): Transition(follow_ups=("analytics.insight_compute",)),
    (Phase.ANALYSIS, Phase.ANNOUNCEMENT): Transition(
        guards=(decision_approved,),
        follow_ups=("consultations.announce_outcome", "consultations.follow_decided"),
    ),
    (Phase.ANNOUNCEMENT, Phase.EVALUATION): Transition(),
    (Phase.EVALUATION, Phase.ARCHIVED): Transition(guards=(evaluation_complete,)),
}


def next_phases(phase: str) -> list[str]:
    return [to for (frm, to) in TRANSITIONS if frm == phase]


def refusals(consultation, to_phase: str) -> list[str]:
    """Why the move is refused now (empty: allowed)."""
    rule = TRANSITIONS.get((consultation.phase, to_phase))
    if rule is None:
        return [
            _("A consultation in %(from)s cannot move to %(to)s.")
            % {"from": Phase(consultation.phase).label, "to": Phase(to_phase).label}
        ]
    reasons: list[str] = []
    for guard in rule.guards:
        reasons.extend(guard(consultation))
    return reasons


# Who may take part, as the plan says -> who qualifies. Anonymous participation is not built yet:
# "anyone" lets every logged-in person take part (and anonymous input would never count in a binding vote).
PARTICIPATION_RULES: dict[str, Callable[[object], bool]] = {
    "anyone": lambda user: True,
    "registered": lambda user: True,
    "verified": lambda user: getattr(user, "is_verified_resident", False),
}


def participation_refusal(consultation, user) -> str | None:
    """Why this (logged-in) person may not take part in this consultation, or None."""
    plan = getattr(consultation, "plan", None)
    if plan is None or PARTICIPATION_RULES[plan.participation](user):
        return None
    return _("This consultation is open to verified residents only.")


def participation_note(consultation, user) -> dict | None:
    """What to show before someone acts: who may take part, and for whom it is not yet possible,
    why and how to qualify. None when anyone logged in may take part."""
    plan = getattr(consultation, "plan", None)
    if plan is None or plan.participation != "verified":
        return None
    allowed = bool(getattr(user, "is_authenticated", False)) and PARTICIPATION_RULES["verified"](user)
    return {
        "who": _("Only verified residents may take part in this consultation."),
        "refusal": None if allowed else participation_refusal(consultation, user),
        "how": _(
            "How to qualify: sign in with a verified UAE PASS account (or link it from your profile), or "
            "ask the portal team to verify your residency (at an entity's customer service, with your "
            "Emirates ID). Your profile shows “Verified resident” once it is done."
        ),
    }
