"""Celery tasks of consultations, one module per concern; imported here so Celery finds them."""

from . import lifecycle  # noqa: F401, E402
