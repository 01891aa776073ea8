"""Writes in governance: entities, their onboarding and ESCWA stage, and role grants.

Grants happen here and nowhere else.
"""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from sharik.core.audit import audit_record

from ..models import Entity, EntityStageChange, Role
from ..onboarding import NEEDS_CHECKLIST, ONBOARDING_TRANSITIONS, STATE_IS_ACTIVE

STAFF_ROLES = (
    Role.COORDINATOR,
    Role.MODERATOR,
    Role.FEDERAL_TEAM,
    Role.OVERSIGHT_COMMITTEE,
    Role.COORDINATION_TEAM,
)


@transaction.atomic
def entity_create(
    *, name_ar: str, name_en: str = "", slug: str, sectors: list[str] | None = None, **fields
) -> Entity:
    entity = Entity(name_ar=name_ar, name_en=name_en or name_ar, slug=slug, sectors=sectors or [], **fields)
    entity.full_clean()
    entity.save()
    # The stage history starts with the stage the entity joined at.
    EntityStageChange.objects.create(entity=entity, from_stage="", to_stage=entity.escwa_stage)
    return entity


@transaction.atomic
def role_assign(*, user, role: str) -> None:
    user.groups.add(Group.objects.get(name=role))
    if role in STAFF_ROLES and not user.is_staff:
        user.is_staff = True  # staff roles work in the admin
        user.save(update_fields=["is_staff"])


@transaction.atomic
def entity_coordinator_assign(*, entity: Entity, user) -> None:
    """Make `user` a coordinator of `entity` (and of no other entity by this call)."""
    role_assign(user=user, role=Role.COORDINATOR)
    assign_perm("governance.coordinate_entity", user, entity)


@transaction.atomic
def entity_coordinator_revoke(*, entity: Entity, user) -> None:
    remove_perm("governance.coordinate_entity", user, entity)


@transaction.atomic
def entity_moderator_assign(*, entity: Entity, user) -> None:
    role_assign(user=user, role=Role.MODERATOR)
    assign_perm("governance.moderate_entity", user, entity)


def _require(user, perm: str) -> None:
    if user is None or not user.has_perm(perm):
        raise PermissionDenied(_("Your role does not allow this."))


@transaction.atomic
def entity_onboarding_transition(*, entity: Entity, to_state: str, user) -> Entity:
    """Move an entity along invited → onboarding → active (→ suspended). Coordination team only."""
    _require(user, "governance.onboard_entity")
    entity = Entity.objects.select_for_update().get(pk=entity.pk)
    if to_state not in ONBOARDING_TRANSITIONS.get(entity.onboarding_state, ()):
        raise ValidationError(
            _("An entity cannot move from %(from)s to %(to)s.")
            % {"from": entity.onboarding_state, "to": to_state}
        )
    if to_state in NEEDS_CHECKLIST and not entity.checklist_complete:
        missing = ", ".join(label for label, done in entity.checklist() if not done)
        raise ValidationError(
            _("The onboarding checklist is not complete: %(missing)s.") % {"missing": missing}
        )
    before = entity.onboarding_state
    entity.onboarding_state = to_state
    entity.is_active = STATE_IS_ACTIVE[to_state]
    entity.full_clean()
    entity.save(update_fields=["onboarding_state", "is_active", "updated_at"])
    audit_record(
        action="entity.onboarding",
        obj=entity,
        actor=user,
        entity=entity,
        changes={"onboarding_state": [before, to_state]},
    )
    return entity


@transaction.atomic
def entity_checklist_update(*, entity: Entity, user, **items: bool) -> Entity:
    """Tick or untick onboarding checklist items (coordinator_nominated, api_key_issued, first_campaign_planned)."""
    _require(user, "governance.onboard_entity")
    allowed = {"coordinator_nominated", "api_key_issued", "first_campaign_planned"}
    unknown = set(items) - allowed
    if unknown:
        raise ValueError(f"unknown checklist items: {sorted(unknown)}")
    for name, value in items.items():
        setattr(entity, name, bool(value))
    entity.save(update_fields=[*items, "updated_at"])
    return entity


@transaction.atomic
def entity_stage_set(*, entity: Entity, stage: str, user=None, note: str = "") -> EntityStageChange | None:
    """Set the entity's current ESCWA stage and keep the move in its history. No-op if unchanged."""
    entity = Entity.objects.select_for_update().get(pk=entity.pk)
    if entity.escwa_stage == stage:
        return None
    change = EntityStageChange(
        entity=entity, from_stage=entity.escwa_stage, to_stage=stage, changed_by=user, note=note
    )
    change.full_clean()
    entity.escwa_stage = stage
    entity.full_clean()
    entity.save(update_fields=["escwa_stage", "updated_at"])
    change.save()
    return change
