"""Governance admin, one module per topic (imported here so the admin site registers them)."""

from . import (  # noqa: F401
    advisory,
    agreements,
    content,
    courses,
    entities,
    exchange,
    feedback,
    meetings,
    network,
    newsletter,
    plans,
    programme,
    projects,
    social,
    stories,
    threads,
    workshops,
)
