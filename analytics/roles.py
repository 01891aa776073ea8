"""The model permissions each role holds on analytics (object scope comes from the entity)."""

from governance.models import Role

ROLE_PERMISSIONS = {
    Role.COORDINATOR: [
        "analytics.add_evidence",
        "analytics.change_evidence",
        "analytics.view_evidence",
        "analytics.view_criterion",
        "analytics.view_campaigninsight",
    ],
    Role.FEDERAL_TEAM: [
        *(f"analytics.{a}_criterion" for a in ("add", "change", "view")),
        *(f"analytics.{a}_evidence" for a in ("add", "change", "view")),
        "analytics.review_evidence",
        *(f"analytics.{a}_surveyrow" for a in ("add", "change", "view")),
        *(f"analytics.{a}_peercountry" for a in ("add", "change", "view", "delete")),
        "analytics.view_indexsnapshot",
        "analytics.view_campaigninsight",
    ],
    # Moderators see a campaign's insight with the bursts of contributions flagged for them.
    Role.MODERATOR: ["analytics.view_campaigninsight"],
    Role.OVERSIGHT_COMMITTEE: [
        "analytics.view_criterion",
        "analytics.view_evidence",
        "analytics.view_indexsnapshot",
    ],
}
