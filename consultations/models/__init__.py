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
