"""Admin registrations, one module per concern."""

from . import (
    archive,  # noqa: F401
    contributions,  # noqa: F401
    lifecycle,  # noqa: F401  (after contributions: it extends the consultation admin)
)
