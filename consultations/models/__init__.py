"""Consultation models, one module per concern; everything is importable from here."""

from .archive import ArchiveExport, EntityApiKey, HarvestRun, HarvestSource  # noqa: F401
from .contributions import (
    Comment,
    CommentFlag,
    Consultation,
    ConsultationDocument,
    ConsultationQuerySet,
    Follow,
    Idea,
    IdeaSupport,
    Poll,
    PollOption,
    Vote,
    VoteChoice,
)

__all__ = [
    "Comment",
    "CommentFlag",
    "Consultation",
    "ConsultationDocument",
    "ConsultationQuerySet",
    "Follow",
    "Idea",
    "IdeaSupport",
    "Poll",
    "PollOption",
    "Vote",
    "VoteChoice",
]

# The campaign lifecycle (issue 3).
from .lifecycle import (  # noqa: E402
    AnonymousVote,
    CommunicationActivity,
    Decision,
    Evaluation,
    Extension,
    OfflineContribution,
    PhaseTransition,
    Plan,
    Readiness,
    TargetGroup,
)

__all__ += [
    "AnonymousVote",
    "CommunicationActivity",
    "Decision",
    "Evaluation",
    "Extension",
    "OfflineContribution",
    "PhaseTransition",
    "Plan",
    "Readiness",
    "TargetGroup",
]

# Engagement instruments (issue 8b): surveys, participatory budgets, opinion maps.
# Draft documents and co-drafting (issue 8).
# Suggestions and complaints (issue 14): private cases with service levels.
from .cases import *  # noqa: E402, F403
from .drafts import *  # noqa: E402, F403
from .followups import *  # noqa: E402, F403
from .instruments import *  # noqa: E402, F401, F403
from .moderation import *  # noqa: E402, F403

# Citizens set the agenda (issue 14): proposals with signature thresholds.
from .proposals import *  # noqa: E402, F403
