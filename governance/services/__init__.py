"""Writes in governance, one module per topic. The entity and role services are re-exported here."""

from .entities import (
    STAFF_ROLES,
    entity_checklist_update,
    entity_coordinator_assign,
    entity_coordinator_revoke,
    entity_create,
    entity_moderator_assign,
    entity_onboarding_transition,
    entity_stage_set,
    role_assign,
)

__all__ = [
    "STAFF_ROLES",
    "entity_checklist_update",
    "entity_coordinator_assign",
    "entity_coordinator_revoke",
    "entity_create",
    "entity_moderator_assign",
    "entity_onboarding_transition",
    "entity_stage_set",
    "role_assign",
]
