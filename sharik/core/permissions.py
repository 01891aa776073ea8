"""Object-level permissions on entity-owned objects.

Guardian holds one grant per person and entity (`governance.coordinate_entity` for coordinators,
`governance.moderate_entity` for moderators). Every object that belongs to an entity (a consultation,
a comment on it, a dataset…) derives its object permissions from that grant, so
`user.has_perm("consultations.change_consultation", consultation)` is true exactly when the user's
role grants the model permission and the user acts for the consultation's entity (or for all
entities, as the federal team does).
"""

from django.apps import apps

ENTITY_GRANTS = ("governance.coordinate_entity", "governance.moderate_entity")
ALL_ENTITIES_PERM = "governance.act_for_all_entities"


def entity_of(obj):
    """The entity an object belongs to, or None."""
    entity_model = apps.get_model("governance", "Entity")
    if isinstance(obj, entity_model):
        return obj
    getter = getattr(obj, "get_permission_entity", None)
    if getter is not None:
        return getter()
    return getattr(obj, "entity", None)


class EntityScopedBackend:
    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None):
        if obj is None or perm in ENTITY_GRANTS or perm == ALL_ENTITIES_PERM:
            return False
        if not user_obj.is_active or user_obj.is_anonymous:
            return False
        if not user_obj.has_perm(perm):
            return False
        entity = entity_of(obj)
        if user_obj.has_perm(ALL_ENTITIES_PERM):
            return True  # the federal team acts for every entity, and for federal-level objects
        if entity is None:
            return False
        return any(user_obj.has_perm(grant, entity) for grant in ENTITY_GRANTS)

    def has_module_perms(self, user_obj, app_label):
        return False
