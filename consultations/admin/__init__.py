"""Admin registrations, one module per concern."""

from . import (
    archive,  # noqa: F401,E402
    contributions,  # noqa: F401
)
