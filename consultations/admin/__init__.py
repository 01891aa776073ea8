"""Admin registrations, one module per concern."""

from . import (
    contributions,  # noqa: F401
    lifecycle,  # noqa: F401, I001  (after contributions: it extends the consultation admin)
)
