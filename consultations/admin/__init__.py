"""Admin registrations, one module per concern."""

from . import (
    archive,  # noqa: F401
    contributions,  # noqa: F401
    instruments,  # noqa: F401  (engagement instruments, issue 8b)
    lifecycle,  # noqa: F401  (after contributions: it extends the consultation admin)
)
