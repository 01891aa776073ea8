"""Analytics jobs, on the "heavy" queue (the `analytics.*` route in settings)."""

from celery import shared_task
from django.core.cache import cache

from .services.indices import indices_compute

LOCK = "analytics-indices-compute"


@shared_task(name="analytics.indices_compute")
def indices_compute_task() -> int | None:
    """Beat job: score every entity and store today's snapshot. Two runs never overlap (a cache lock);
    a second run on the same day replaces that day's snapshot, so a retry does no harm."""
    if not cache.add(LOCK, 1, timeout=60 * 60):
        return None
    try:
        return indices_compute().pk
    finally:
        cache.delete(LOCK)


@shared_task(name="analytics.insight_compute")
def insight_compute_task(consultation_id: int) -> int:
    """Queued when a consultation moves to Analysis, and on demand; recomputing replaces the result."""
    from .services.insight import insight_compute

    return insight_compute(consultation_id=consultation_id).pk
