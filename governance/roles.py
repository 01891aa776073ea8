"""Role groups and the model permissions each one holds, as one table per app.

Every installed app may define `ROLE_PERMISSIONS = {role: ["app.codename", ...]}` in its own
`roles.py`; `roles_sync()` (run after every migrate) creates the groups and gives each exactly the
permissions listed across the apps. Object scope (which entity) comes from guardian grants, not
from these model permissions.
"""

from importlib import import_module

from django.apps import apps
from django.contrib.auth.models import Group, Permission

from .models import Role

ROLE_PERMISSIONS = {
    Role.CITIZEN: [],
    Role.COORDINATOR: ["governance.view_entity"],
    Role.MODERATOR: ["governance.view_entity"],
    Role.FEDERAL_TEAM: [
        "governance.act_for_all_entities",
        "governance.view_entity",
        "governance.add_entity",
        "governance.change_entity",
        "core.view_auditrecord",
    ],
    Role.OVERSIGHT_COMMITTEE: ["governance.view_entity", "governance.act_for_all_entities"],
}


def collected_role_permissions() -> dict[str, set[str]]:
    table: dict[str, set[str]] = {role: set() for role in Role.ALL}
    for config in apps.get_app_configs():
        try:
            module = import_module(f"{config.name}.roles")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.roles":
                raise
            continue
        for role, perms in getattr(module, "ROLE_PERMISSIONS", {}).items():
            table.setdefault(role, set()).update(perms)
    return table


def roles_sync(app_config=None, **kwargs) -> None:
    # post_migrate is sent once per app; permissions of later apps exist only after their turn.
    if app_config is not None and app_config is not list(apps.get_app_configs())[-1]:
        return
    for role, perms in collected_role_permissions().items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for perm in sorted(perms):
            app_label, codename = perm.split(".", 1)
            found = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if found is not None:
                wanted.append(found)
        group.permissions.set(wanted)
