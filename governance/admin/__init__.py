"""Governance admin, one module per topic (imported here so the admin site registers them)."""

from . import (  # noqa: F401
    advisory,
    content,
    courses,
    entities,
    exchange,
    feedback,
    network,
    newsletter,
    plans,
    programme,
    projects,
    workshops,
    social,
    stories,
)
