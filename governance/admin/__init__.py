"""Governance admin, one module per topic (imported here so the admin site registers them)."""

from . import advisory, content, courses, entities, feedback, network, newsletter, plans, programme, projects  # noqa: F401
