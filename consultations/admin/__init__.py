"""Admin registrations, one module per concern."""

from . import contributions  # noqa: F401
