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


def _crud(*models: str, actions=("add", "change", "view", "delete")) -> list[str]:
    return [f"governance.{action}_{model}" for model in models for action in actions]


# Content the federal team keeps for the whole programme.
_FEDERAL_CONTENT = (
    _crud(
        "governancebody",
        "bodymember",
        "risk",
        "kpi",
        "kpivalue",
        "satisfactionsurvey",
        "toolkititem",
        "legalpage",
        "tag",
        "blogpost",
        "newsletterissue",
        "newsletteritem",
        "subscriber",
        "annualreport",
        "coordinatornomination",
        "trainingrecord",
        "advisoryrequest",
        "advisorycomment",
        "advisoryservicelevel",
        "course",
        "coursemodule",
        "question",
        "choice",
        "project",
        "milestone",
        "projectindicator",
        "workshop",
        "exchangematch",
        "successstory",
        "supportratingperiod",
        "socialchannel",
        "socialpost",
        "meeting",
        "agendaitem",
        "decision",
        "followupaction",
        "mediaplanitem",
        "agreement",
        "threadreply",
    )
    + _crud("workshopregistration", actions=("view", "change"))
    + _crud("expertisepost", actions=("view", "change"))
    + [
        "governance.view_workshopfeedback",
        "governance.view_thread",
        "governance.change_thread",
        "governance.view_threadreport",
        "governance.view_supportrating",
        "governance.view_examattempt",
        "governance.view_certificate",
        "governance.view_toolkitversion",
        "governance.view_newsletterdelivery",
        "governance.view_entitystagechange",
        "governance.view_campaignfeedback",
    ]
)

# What an entity's coordinator keeps for their own entity (object scope from the entity grant).
_ENTITY_WORK = (
    _crud(
        "annualplan",
        "plannedcampaign",
        "offlineengagement",
        "newsletteritem",
        "blogpost",
        "trainingrecord",
        "risk",
        "planindicator",
    )
    + _crud("expertisepost", actions=("add", "change", "view"))
    + [
        "governance.add_successstory",
        "governance.change_successstory",
        "governance.view_successstory",
        "governance.view_supportrating",
        "governance.add_coordinatornomination",
        "governance.view_coordinatornomination",
        "governance.add_advisoryrequest",
        "governance.view_advisoryrequest",
        "governance.add_advisorycomment",
        "governance.view_campaignfeedback",
        "governance.view_agreement",
    ]
)

ROLE_PERMISSIONS = {
    Role.CITIZEN: [],
    Role.COORDINATOR: ["governance.view_entity", *_ENTITY_WORK],
    Role.MODERATOR: ["governance.view_entity"],
    Role.FEDERAL_TEAM: [
        "governance.act_for_all_entities",
        "governance.view_entity",
        "governance.add_entity",
        "governance.change_entity",
        "core.view_auditrecord",
        *_FEDERAL_CONTENT,
        "governance.publish_blogpost",
        "governance.publish_successstory",
        "governance.approve_annualplan",
        *_crud(
            "annualplan", "plannedcampaign", "offlineengagement", "planindicator", actions=("view", "change")
        ),
    ],
    # Seed §17-6: sets policy, approves the content and moderation guide and the annual report.
    Role.OVERSIGHT_COMMITTEE: [
        "governance.view_entity",
        "governance.act_for_all_entities",
        "governance.approve_toolkititem",
        "governance.view_toolkititem",
        "governance.view_toolkitversion",
        "governance.approve_annualreport",
        "governance.view_annualreport",
        "governance.view_risk",
        "governance.view_kpi",
        "governance.view_kpivalue",
        "governance.view_annualplan",
        "governance.view_planindicator",
        "governance.view_campaignfeedback",
        "governance.view_project",
        "governance.view_milestone",
        "governance.view_projectindicator",
        "governance.view_workshop",
        "governance.view_workshopfeedback",
        "governance.view_exchangematch",
        # §17-6: the committee's own meetings, decisions and their follow-up; the media plan.
        "governance.view_meeting",
        "governance.view_agendaitem",
        "governance.view_decision",
        "governance.view_followupaction",
        "governance.view_mediaplanitem",
    ],
    # Seed §17-8: reviews content and links, follows up the entities and onboards them.
    Role.COORDINATION_TEAM: [
        "governance.act_for_all_entities",
        "governance.view_entity",
        "governance.change_entity",
        "governance.onboard_entity",
        "governance.view_entitystagechange",
        "governance.view_coordinatornomination",
        "governance.change_coordinatornomination",
        "governance.view_annualplan",
        "governance.change_annualplan",
        "governance.view_planindicator",
        "governance.view_plannedcampaign",
        "governance.view_offlineengagement",
        "governance.view_blogpost",
        "governance.change_blogpost",
        "governance.view_legalpage",
        "governance.view_newsletteritem",
        "governance.change_newsletteritem",
        # Seed §21-1: matches an entity's offer of expertise with another's request.
        "governance.view_expertisepost",
        "governance.view_exchangematch",
        "governance.add_exchangematch",
        "governance.change_exchangematch",
        # Seed §20: the coordination team reviews the entities' success stories.
        "governance.view_successstory",
        "governance.change_successstory",
        "governance.publish_successstory",
        "governance.view_supportrating",
    ],
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
