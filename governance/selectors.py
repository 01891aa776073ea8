"""What a given person may see or act on, in governance terms."""

from django.db.models import QuerySet
from guardian.shortcuts import get_objects_for_user

from sharik.core.permissions import ALL_ENTITIES_PERM, ENTITY_GRANTS

from .models import Entity


def entities_for_user(user) -> QuerySet[Entity]:
    """The entities a person acts for: all of them for the federal team, else their own grants."""
    if not user.is_authenticated:
        return Entity.objects.none()
    if user.is_superuser or user.has_perm(ALL_ENTITIES_PERM):
        return Entity.objects.all()
    return get_objects_for_user(
        user,
        list(ENTITY_GRANTS),
        klass=Entity,
        any_perm=True,
        accept_global_perms=False,
        with_superuser=False,
    )
