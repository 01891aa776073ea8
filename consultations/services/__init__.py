"""Writes on consultations, one module per concern: `from consultations import services` gives them all."""

from . import (  # noqa: F401, E402  (issue 8: draft documents, "you said, we did")
    cases,  # noqa: F401  (issue 14: suggestions and complaints)
    debates,  # noqa: F401  (issue 14: debates)
    drafts,
    followups,
    instruments,  # noqa: F401, E402  (engagement instruments, issue 8b)
    moderation,  # noqa: F401  (issue 14)
    proposals,  # noqa: F401  (issue 14)
    reach,  # noqa: F401  (issue 15)
)
from .archive import consultation_upsert  # noqa: F401
from .contributions import (  # noqa: F401
    blog_comment_create,
    comment_create,
    comment_edit,
    comment_flag,
    comment_react,
    consultation_body_clean,
    consultation_follow,
    idea_answer,
    idea_create,
    idea_support,
    vote_cast,
)
from .lifecycle import consultation_advance, consultations_close_due  # noqa: F401, E402
