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

# The campaign lifecycle (issue 3): the phase records, and "add a phase transition" = may advance.
_LIFECYCLE = [
    f"consultations.{action}_{model}"
    for model in (
        "readiness",
        "plan",
        "targetgroup",
        "offlinecontribution",
        "decision",
        "evaluation",
        "communicationactivity",
    )
    for action in ("add", "change", "view")
] + [
    "consultations.add_phasetransition",
    "consultations.view_phasetransition",
    "consultations.view_extension",
]
_COORDINATE = _COORDINATE + _LIFECYCLE

# Engagement instruments (issue 8b): surveys, budgets, the opinion map's moderation.
_INSTRUMENTS = [
    f"consultations.{action}_{model}"
    for model in ("survey", "surveyquestion", "surveychoice", "participatorybudget", "budgetproject")
    for action in ("add", "change", "view", "delete")
] + [
    "consultations.view_surveyresponse",
    "consultations.view_opinionstatement",
    "consultations.change_opinionstatement",
]
_COORDINATE = _COORDINATE + _INSTRUMENTS

# Draft documents, co-drafting and "you said, we did" (issue 8).
_DRAFTS = [
    f"consultations.{action}_{model}"
    for model in ("draft", "draftversion", "draftparagraph", "draftinvitation", "amendment", "followup")
    for action in ("add", "change", "view")
] + [
    "consultations.view_paragraphcomment",
    "consultations.change_paragraphcomment",
    "consultations.view_paragraphcommentflag",
    "consultations.view_followupchange",
]
_COORDINATE = _COORDINATE + _DRAFTS

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

# Citizens set the agenda (issue 14): proposals, their thresholds (data), answers and writing blocks.
_AGENDA_DATA = [
    f"consultations.{action}_{model}"
    for model in ("proposalkind", "proposalthreshold", "sdgtag", "publicholiday")
    for action in ("add", "change", "view", "delete")
]
_PROPOSAL_MODERATION = [
    "consultations.view_proposal",
    "consultations.change_proposal",
    "consultations.moderate_proposal",
    "consultations.view_proposalmilestone",
]
_PROPOSAL_ANSWER = [
    "consultations.view_proposal",
    "consultations.view_proposalmilestone",
    "consultations.change_proposalmilestone",
]
_WRITING_BLOCKS = [
    "consultations.add_writingblock",
    "consultations.change_writingblock",
    "consultations.view_writingblock",
]

# Reach (issue 15): the web origins of the entity's own site that may frame its participation corner.
_EMBED_ORIGINS = [f"consultations.{action}_embedorigin" for action in ("add", "change", "view", "delete")]

# Debates and moderation tools (issue 14): the federal team keeps the word lists and the forums'
# pre-moderation; the coordination team reviews debates and their comments (the review queue);
# a coordinator takes a debate up into one of their entity's consultations.
_MODERATION_DATA = [
    f"consultations.{action}_{model}"
    for model in ("moderationwordlist", "debateforum")
    for action in ("add", "change", "view", "delete")
]
_DEBATE_REVIEW = [
    "consultations.view_debate",
    "consultations.change_debate",
    "consultations.view_comment",
    "consultations.change_comment",
]
_DEBATE_TAKE_UP = ["consultations.view_debate", "consultations.take_up_debate"]

ROLE_PERMISSIONS = {
    Role.COORDINATOR: [
        *_COORDINATE,
        *_ARCHIVE_COORDINATOR,
        *_PROPOSAL_ANSWER,
        *_EMBED_ORIGINS,
        *_DEBATE_TAKE_UP,
    ],
    Role.MODERATOR: [
        "consultations.view_consultation",
        "consultations.view_comment",
        "consultations.change_comment",
        "consultations.view_idea",
        "consultations.change_idea",
        "consultations.view_commentflag",
        "consultations.view_opinionstatement",
        "consultations.change_opinionstatement",
        # Paragraph comments are comments; amendments stay with the coordinator (changing one decides it).
        "consultations.view_paragraphcomment",
        "consultations.change_paragraphcomment",
        "consultations.view_paragraphcommentflag",
    ],
    Role.FEDERAL_TEAM: [
        *_COORDINATE,
        *_ARCHIVE_FEDERAL,
        "consultations.delete_consultation",
        "consultations.approve_plan",
        *_AGENDA_DATA,
        *_PROPOSAL_MODERATION,
        *_PROPOSAL_ANSWER,
        *_WRITING_BLOCKS,
        *_EMBED_ORIGINS,
        *_MODERATION_DATA,
        *_DEBATE_REVIEW,
        *_DEBATE_TAKE_UP,
    ],
    # Seed §17-8: the coordination team moderates citizen proposals and hears of overdue answers.
    Role.COORDINATION_TEAM: [*_PROPOSAL_MODERATION, *_WRITING_BLOCKS, *_DEBATE_REVIEW],
    Role.OVERSIGHT_COMMITTEE: [
        "consultations.view_consultation",
        *(perm for perm in _LIFECYCLE if perm.split(".")[1].startswith("view_")),
        "consultations.view_proposal",
        "consultations.view_proposalmilestone",
    ],
}

# Suggestions and complaints (issue 14): the entity's coordinators work their own entity's cases
# (object scope from the entity grant). The federal team keeps the service levels and reads the
# dashboards (counts only); it does not read the cases: they are between the person and the entity.
_CASES_WORK = [
    "consultations.view_case",
    "consultations.change_case",
    "consultations.view_caseevent",
    "consultations.view_casenote",
    "consultations.add_casenote",
    "consultations.view_caseservicelevel",
]
_CASES_FEDERAL = [
    f"consultations.{action}_caseservicelevel" for action in ("add", "change", "view", "delete")
]
ROLE_PERMISSIONS[Role.COORDINATOR] = [*ROLE_PERMISSIONS[Role.COORDINATOR], *_CASES_WORK]
ROLE_PERMISSIONS[Role.FEDERAL_TEAM] = [*ROLE_PERMISSIONS[Role.FEDERAL_TEAM], *_CASES_FEDERAL]
