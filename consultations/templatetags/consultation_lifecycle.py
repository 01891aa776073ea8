"""Template helpers for the public page: the phase timeline and the outcome of a consultation."""

from django import template
from django.utils.translation import get_language

from ..selectors_instruments import instrument_results
from ..selectors_lifecycle import participation_figures, phase_timeline

register = template.Library()


@register.simple_tag
def lifecycle_timeline(consultation):
    return phase_timeline(consultation)


def _in_language(value):
    """The archive's {"ar", "en"} titles as the current language's text (Arabic when missing)."""
    if isinstance(value, dict):
        if set(value) == {"ar", "en"}:
            return value.get(get_language()[:2]) or value["ar"]
        return {k: _in_language(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_in_language(v) for v in value]
    return value


@register.simple_tag
def lifecycle_outcome(consultation):
    """The published outcome (after the decision's approval), or None."""
    decision = getattr(consultation, "decision_record", None)
    if decision is None or decision.approved_at is None:
        return None
    next_consultation = decision.next_consultation
    if next_consultation is not None and not next_consultation.is_public:
        next_consultation = None
    return {
        "decision": decision,
        "figures": participation_figures(consultation),
        "instruments": _in_language(instrument_results(consultation)),
        "next": next_consultation,
    }


@register.simple_tag
def lifecycle_anyone_may_vote(consultation) -> bool:
    """The plan lets visitors without an account vote (one ballot per browser session)."""
    plan = getattr(consultation, "plan", None)
    return plan is not None and plan.participation == plan.Participation.ANYONE
