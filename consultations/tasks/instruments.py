"""Jobs of the engagement instruments: the opinion map is recomputed on a schedule.

Idempotent: the computation is skipped when the votes have not changed since the last run (a digest),
and a cache lock keeps two runs from overlapping.
"""

from celery import shared_task
from django.core.cache import cache

from ..models import Consultation
from ..services import instruments as services


@shared_task(name="consultations.opinion_maps_compute")
def opinion_maps_compute() -> int:
    """Beat job: recompute the opinion groups of every consultation with statements in Conduct or Analysis."""
    if not cache.add("consultations:opinion-maps-lock", 1, timeout=600):
        return 0
    try:
        return services.opinion_maps_compute_due()
    finally:
        cache.delete("consultations:opinion-maps-lock")


@shared_task(name="consultations.opinion_map_compute")
def opinion_map_compute(consultation_id: int) -> bool:
    consultation = Consultation.objects.filter(pk=consultation_id).first()
    if consultation is None:
        return False
    services.opinion_map_compute(consultation=consultation)
    return True
