"""Labels of the stage indicators, in one place for the pages and the CSV."""

from django.utils.translation import gettext_lazy as _

INDICATOR_LABELS = {
    "datasets": _("Datasets published"),
    "downloads": _("Downloads"),
    "dataset_visits": _("Dataset page visits"),
    "three_star_share": _("Share of datasets with three stars or more (%)"),
    "visits": _("Visits to consultation pages"),
    "ideas": _("Ideas submitted"),
    "comments": _("Comments"),
    "comments_per_consultation": _("Comments per published consultation"),
    "voting_rate": _("Voting rate (votes per 100 visits)"),
    "satisfaction": _("Participants' satisfaction (%)"),
    "proposals": _("Citizen proposals published"),
    "proposal_signatures": _("Signatures on citizen proposals"),
    "co_created": _("Co-created items (collaboration consultations)"),
    "stakeholders": _("Stakeholders involved in collaboration"),
    "binding_decisions": _("Decisions by binding vote or co-decision"),
}
