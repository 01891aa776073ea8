import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from governance.models import EntityStageChange
from governance.onboarding import OnboardingState
from governance.services import (
    entity_checklist_update,
    entity_create,
    entity_onboarding_transition,
    entity_stage_set,
)


def test_an_entity_moves_invited_onboarding_active_only_with_its_checklist_done(entity, coordination_user):
    with pytest.raises(ValidationError):  # cannot skip onboarding
        entity_onboarding_transition(entity=entity, to_state=OnboardingState.ACTIVE, user=coordination_user)
    entity = entity_onboarding_transition(
        entity=entity, to_state=OnboardingState.ONBOARDING, user=coordination_user
    )
    entity_checklist_update(
        entity=entity, user=coordination_user, api_key_issued=True, first_campaign_planned=True
    )
    with pytest.raises(ValidationError, match="Coordinator nominated"), translation.override("en"):
        entity_onboarding_transition(entity=entity, to_state=OnboardingState.ACTIVE, user=coordination_user)
    entity_checklist_update(entity=entity, user=coordination_user, coordinator_nominated=True)
    entity = entity_onboarding_transition(
        entity=entity, to_state=OnboardingState.ACTIVE, user=coordination_user
    )
    assert entity.onboarding_state == OnboardingState.ACTIVE and entity.is_active


def test_suspending_an_entity_makes_it_inactive_and_it_can_come_back(entity, coordination_user):
    entity = entity_onboarding_transition(
        entity=entity, to_state=OnboardingState.SUSPENDED, user=coordination_user
    )
    assert not entity.is_active
    entity = entity_onboarding_transition(
        entity=entity, to_state=OnboardingState.ONBOARDING, user=coordination_user
    )
    assert entity.is_active


def test_the_escwa_stage_keeps_its_history(db, federal_user):
    entity = entity_create(name_ar="جهة", slug="j", escwa_stage="openness")
    entity_stage_set(entity=entity, stage="participation", user=federal_user, note="first consultation")
    assert entity_stage_set(entity=entity, stage="participation") is None  # unchanged: nothing recorded
    entity_stage_set(entity=entity, stage="collaboration")
    entity.refresh_from_db()
    assert entity.escwa_stage == "collaboration"
    history = list(
        EntityStageChange.objects.filter(entity=entity).order_by("pk").values_list("from_stage", "to_stage")
    )
    assert history == [("", "openness"), ("openness", "participation"), ("participation", "collaboration")]


def test_onboarding_from_the_admin_is_refused_to_the_federal_team_but_works_for_the_coordination_team(
    client, entity, federal_user, coordination_user
):
    url = "/admin/governance/entity/"
    data = {"action": "move_to_onboarding", "_selected_action": [entity.pk]}
    client.force_login(federal_user)
    client.post(url, data)
    entity.refresh_from_db()
    assert entity.onboarding_state == OnboardingState.INVITED
    client.force_login(coordination_user)
    client.post(url, data)
    entity.refresh_from_db()
    assert entity.onboarding_state == OnboardingState.ONBOARDING
