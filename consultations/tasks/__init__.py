"""Celery tasks of consultations, one module per concern; imported here so Celery finds them."""

from . import (
    archive,  # noqa: E402,F401
    cases,  # noqa: F401  (suggestions and complaints, issue 14)
    followups,  # noqa: F401
    instruments,  # noqa: F401, E402  (engagement instruments, issue 8b)
    lifecycle,  # noqa: F401, E402
    proposals,  # noqa: F401  (citizen proposals, issue 14)
    reach,  # noqa: F401  (follow, digests, issue 15)
)
