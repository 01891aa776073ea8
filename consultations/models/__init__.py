"""Consultation models, one module per concern; everything is importable from here."""

from .archive import ArchiveExport, EntityApiKey, HarvestRun, HarvestSource  # noqa: F401
from .contributions import (
    FOLLOW_TARGETS,
    Comment,
    CommentFlag,
    CommentReaction,
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
    "FOLLOW_TARGETS",
    "Comment",
    "CommentFlag",
    "CommentReaction",
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
# Debates (the forums of seed 003 §15-2) and moderation word lists (issue 14).
# Suggestions and complaints (issue 14): private cases with service levels.
from .cases import *  # noqa: E402, F403
from .debates import *  # noqa: E402, F403
from .drafts import *  # noqa: E402, F403
from .followups import *  # noqa: E402, F403
from .instruments import *  # noqa: E402, F401, F403
from .moderation import *  # noqa: E402, F403

# Citizens set the agenda (issue 14): proposals with signature thresholds.
from .proposals import *  # noqa: E402, F403

# Reach (issue 15): follow preferences, digests, where the participation corner may be framed.
from .reach import *  # noqa: E402, F403
