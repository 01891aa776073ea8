"""Admin registrations, one module per concern."""

from . import (
    archive,  # noqa: F401
    cases,  # noqa: F401  (issue 14: suggestions and complaints)
    contributions,  # noqa: F401
    debates,  # noqa: F401  (issue 14: debates, word lists, the review queue; after contributions)
    drafts,  # noqa: F401, E402  (issue 8: draft documents, co-drafting, follow-ups)
    instruments,  # noqa: F401  (engagement instruments, issue 8b)
    lifecycle,  # noqa: F401  (after contributions: it extends the consultation admin)
    proposals,  # noqa: F401  (issue 14: citizen proposals, writing blocks)
    reach,  # noqa: F401  (issue 15: embedding origins, digests)
)
