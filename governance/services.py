"""Writes in governance: entities and role grants. Grants happen here and nowhere else."""

from django.contrib.auth.models import Group
from django.db import transaction
from guardian.shortcuts import assign_perm, remove_perm

from .models import Entity, Role


@transaction.atomic
def entity_create(
    *, name_ar: str, name_en: str = "", slug: str, sectors: list[str] | None = None, **fields
) -> Entity:
    entity = Entity(name_ar=name_ar, name_en=name_en or name_ar, slug=slug, sectors=sectors or [], **fields)
    entity.full_clean()
    entity.save()
    return entity


@transaction.atomic
def role_assign(*, user, role: str) -> None:
    user.groups.add(Group.objects.get(name=role))
    if (
        role in (Role.COORDINATOR, Role.MODERATOR, Role.FEDERAL_TEAM, Role.OVERSIGHT_COMMITTEE)
        and not user.is_staff
    ):
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
