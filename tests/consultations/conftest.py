"""Fixtures of the lifecycle tests: a campaign walked by the services to any phase."""

from datetime import timedelta

import pytest
from django.utils import timezone

from consultations.models import Decision, Evaluation, Plan, Readiness, TargetGroup
from consultations.phases import Phase
from consultations.services import lifecycle as services
from tests.factories import ConsultationFactory, PollFactory

READINESS = {
    "goal_type": Readiness.GoalType.VOTE,
    "goal": "Choose the best option",
    "management_support": "The director general sponsors it",
    "readiness_people": "Two staff",
    "readiness_budget": "Within the communication budget",
    "readiness_procedures": "No legal obstacle",
    "audience": "Parents",
    "audience_readiness": "Used to online services",
}

EVALUATION = {
    "plan_complete": "Yes",
    "participation_level": "High, thanks to SMS",
    "channels_effective": "SMS worked best",
    "contributions_useful": "Yes",
    "improvements": "Start earlier",
}


def walk(consultation, to_phase, *, coordinator, reviewer, binding=False, winning=None):
    """Move `consultation` (in Preparation) to `to_phase` through the real services."""
    order = list(Phase.values)
    target = order.index(to_phase)
    if target >= 1:
        readiness = Readiness(consultation=consultation, **READINESS)
        services.readiness_save(readiness=readiness, user=coordinator)
        services.readiness_green_light(readiness=readiness, user=coordinator, given_by="Director general")
        services.consultation_advance(consultation=consultation, to_phase=Phase.PLANNING, user=coordinator)
    if target >= 2:
        plan = Plan(
            consultation=consultation,
            objective="Decide the option",
            decision_method=Plan.DecisionMethod.BINDING_VOTE
            if binding
            else Plan.DecisionMethod.ENTITY_DECIDES,
        )
        services.plan_save(plan=plan, user=coordinator)
        TargetGroup.objects.create(plan=plan, name="Parents in Dubai", language="ar", place="dubai")
        services.plan_submit(plan=plan, user=coordinator)
        services.plan_review(plan=plan, user=reviewer, approve=True)
        now = timezone.now()
        consultation.opens_at, consultation.closes_at = now, now + timedelta(days=10)
        consultation.save()
        services.consultation_advance(consultation=consultation, to_phase=Phase.CONDUCT, user=coordinator)
    if target >= 3:
        services.consultation_advance(consultation=consultation, to_phase=Phase.ANALYSIS, user=coordinator)
    if target >= 4:
        decision = Decision(
            consultation=consultation,
            text_ar="قرار",
            text_en="Decision",
            rationale_ar="لأن",
            rationale_en="Because",
            winning_option=winning,
        )
        services.decision_save(decision=decision, user=coordinator)
        services.decision_approve(decision=decision, user=coordinator, approved_from="Director general")
        services.consultation_advance(
            consultation=consultation, to_phase=Phase.ANNOUNCEMENT, user=coordinator
        )
    if target >= 5:
        services.consultation_advance(consultation=consultation, to_phase=Phase.EVALUATION, user=coordinator)
    if target >= 6:
        evaluation = Evaluation.objects.get(consultation=consultation)
        for name, value in EVALUATION.items():
            setattr(evaluation, name, value)
        services.evaluation_save(evaluation=evaluation, user=coordinator)
        services.consultation_advance(consultation=consultation, to_phase=Phase.ARCHIVED, user=coordinator)
    consultation.refresh_from_db()
    return consultation


@pytest.fixture
def campaign(db, entity, coordinator, federal_user):
    """A factory: `campaign("analysis")` is a consultation of `entity` walked to Analysis."""

    def make(phase=Phase.PREPARATION, *, entity_=None, binding=False, with_poll=True, **kwargs):
        consultation = ConsultationFactory(
            entity=entity_ or entity, phase=Phase.PREPARATION, opens_at=None, closes_at=None
        )
        if with_poll:
            PollFactory(consultation=consultation, options=["A", "B"])
        walker = coordinator
        if entity_ is not None and entity_ != entity:
            from governance.services import entity_coordinator_assign
            from tests.factories import UserFactory

            walker = UserFactory()
            entity_coordinator_assign(entity=entity_, user=walker)
        return walk(consultation, phase, coordinator=walker, reviewer=federal_user, binding=binding, **kwargs)

    return make


@pytest.fixture
def english():
    """Run a test in English: reverse() and get_absolute_url() give /en/ addresses."""
    from django.utils import translation

    with translation.override("en"):
        yield
