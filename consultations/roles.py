"""The model permissions each role holds on consultations (object scope comes from the entity)."""

from governance.models import Role

_COORDINATE = [
    f"consultations.{action}_{model}"
    for model in ("consultation", "consultationdocument", "poll", "polloption")
    for action in ("add", "change", "view")
] + [
    "consultations.view_comment",
    "consultations.change_comment",
    "consultations.view_idea",
    "consultations.change_idea",
    "consultations.view_commentflag",
]

# The central archive: the federal team issues and revokes entity API keys; coordinators register
# their entity's feeds and read its harvest runs.
_ARCHIVE_FEDERAL = [
    "consultations.add_entityapikey",
    "consultations.change_entityapikey",
    "consultations.view_entityapikey",
    "consultations.add_harvestsource",
    "consultations.change_harvestsource",
    "consultations.view_harvestsource",
    "consultations.view_harvestrun",
    "consultations.view_archiveexport",
]
_ARCHIVE_COORDINATOR = [
    "consultations.add_harvestsource",
    "consultations.change_harvestsource",
    "consultations.view_harvestsource",
    "consultations.view_harvestrun",
]

ROLE_PERMISSIONS = {
    Role.COORDINATOR: [*_COORDINATE, *_ARCHIVE_COORDINATOR],
    Role.MODERATOR: [
        "consultations.view_consultation",
        "consultations.view_comment",
        "consultations.change_comment",
        "consultations.view_idea",
        "consultations.change_idea",
        "consultations.view_commentflag",
    ],
    Role.FEDERAL_TEAM: [*_COORDINATE, "consultations.delete_consultation", *_ARCHIVE_FEDERAL],
    Role.OVERSIGHT_COMMITTEE: ["consultations.view_consultation"],
}
