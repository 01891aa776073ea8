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

ROLE_PERMISSIONS = {
    Role.COORDINATOR: _COORDINATE,
    Role.MODERATOR: [
        "consultations.view_consultation",
        "consultations.view_comment",
        "consultations.change_comment",
        "consultations.view_idea",
        "consultations.change_idea",
        "consultations.view_commentflag",
    ],
    Role.FEDERAL_TEAM: [*_COORDINATE, "consultations.delete_consultation"],
    Role.OVERSIGHT_COMMITTEE: ["consultations.view_consultation"],
}
