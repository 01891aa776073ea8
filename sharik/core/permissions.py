"""Object-level permissions on entity-owned objects.

Guardian holds one grant per person and entity (`governance.coordinate_entity` for coordinators,
`governance.moderate_entity` for moderators). Every object that belongs to an entity (a consultation,
a comment on it, a dataset…) derives its object permissions from that grant, so
`user.has_perm("consultations.change_consultation", consultation)` is true exactly when one of the
user's roles carries the model permission AND that same role is granted on the consultation's entity
(or the role acts for all entities, as the federal team does). Being moderator of B gives moderator
powers on B, never the coordinator powers the person holds for A.

With `OTP_REQUIRED_FOR_STAFF`, a staff member's session that has not verified a second factor holds
no staff power at all (see `second_factor_missing`), on every path and not only under /admin/.
"""

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission

ENTITY_GRANTS = ("governance.coordinate_entity", "governance.moderate_entity")
ALL_ENTITIES_PERM = "governance.act_for_all_entities"
# The role group each entity grant belongs to (Role.COORDINATOR, Role.MODERATOR).
ROLE_OF_GRANT = {
    "governance.coordinate_entity": "entity_coordinator",
    "governance.moderate_entity": "moderator",
}


def second_factor_missing(user) -> bool:
    """True for a staff member signed in through a session that has not verified a second factor
    while one is required. Users not bound to a request (tasks, shell) carry no `is_verified`."""
    if not settings.OTP_REQUIRED_FOR_STAFF or not getattr(user, "is_staff", False):
        return False
    is_verified = getattr(user, "is_verified", None)
    return is_verified is not None and not is_verified()


def entity_of(obj):
    """The entity an object belongs to, or None."""
    entity_model = apps.get_model("governance", "Entity")
    if isinstance(obj, entity_model):
        return obj
    getter = getattr(obj, "get_permission_entity", None)
    if getter is not None:
        return getter()
    return getattr(obj, "entity", None)


def role_permissions(user) -> dict[str, set[str]]:
    """{role group name: its model permissions} for the user's groups, cached on the user object."""
    cached = getattr(user, "_sharik_role_perms", None)
    if cached is None:
        cached = {}
        rows = Permission.objects.filter(group__user=user).values_list(
            "group__name", "content_type__app_label", "codename"
        )
        for group, app_label, codename in rows:
            cached.setdefault(group, set()).add(f"{app_label}.{codename}")
        user._sharik_role_perms = cached
    return cached


class EntityScopedBackend:
    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None):
        if obj is None or perm in ENTITY_GRANTS or perm == ALL_ENTITIES_PERM:
            return False
        if not user_obj.is_active or user_obj.is_anonymous:
            return False
        roles = role_permissions(user_obj)
        entity = entity_of(obj)
        for role, perms in roles.items():
            if perm not in perms:
                continue
            if ALL_ENTITIES_PERM in perms:
                return True  # the federal team acts for every entity, and for federal-level objects
            grant = next((g for g, r in ROLE_OF_GRANT.items() if r == role), None)
            if grant is not None and entity is not None and user_obj.has_perm(grant, entity):
                return True  # this role carries the permission and is granted on this entity
        return False

    def has_module_perms(self, user_obj, app_label):
        return False
