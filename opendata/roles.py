"""The model permissions each role holds on open data (object scope comes from the entity)."""

from governance.models import Role

_PUBLISH = [
    f"opendata.{action}_{model}"
    for model in ("dataset", "resource", "harvestsource")
    for action in ("add", "change", "view")
] + [
    "opendata.view_datasetrequest",
    "opendata.change_datasetrequest",
    "opendata.answer_datasetrequest",
    "opendata.view_reuse",
    "opendata.change_reuse",
    "opendata.view_harvestrun",
    "opendata.view_linkcheck",
    "opendata.view_datasetversion",
    "opendata.view_datastoretable",
    "opendata.change_datastoretable",
]

ROLE_PERMISSIONS = {
    Role.COORDINATOR: _PUBLISH,
    Role.MODERATOR: ["opendata.view_dataset", "opendata.view_reuse", "opendata.change_reuse"],
    Role.FEDERAL_TEAM: [
        *_PUBLISH,
        "opendata.delete_dataset",
        "opendata.delete_resource",
        "opendata.add_licence",
        "opendata.change_licence",
        "opendata.view_licence",
    ],
    Role.OVERSIGHT_COMMITTEE: ["opendata.view_dataset", "opendata.view_datasetrequest"],
}
