"""Jobs of the central archive: harvesting the entities' feeds, and the nightly open-data export."""

import logging

from celery import shared_task
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from ..models import HarvestSource
from ..services.archive import archive_export_publish, harvest_source_claim, harvest_source_run

logger = logging.getLogger(__name__)


@shared_task(name="consultations.harvest_due", ignore_result=True)
def harvest_due() -> int:
    """Every few minutes (beat): start one task per feed whose time has come.

    Each feed runs in its own task with its own timeouts, so a slow or failing feed never holds
    up the others. A source is claimed before its task is queued, so the next tick skips it.
    """
    started = 0
    now = timezone.now()
    for source_id in HarvestSource.objects.due(now).values_list("pk", flat=True):
        if harvest_source_claim(source_id=source_id, now=now):
            transaction.on_commit(lambda pk=source_id: harvest_source.delay(pk))
            started += 1
    return started


@shared_task(
    name="consultations.harvest_source",
    ignore_result=True,
    soft_time_limit=15 * 60,
    time_limit=16 * 60,
)
def harvest_source(source_id: int) -> int | None:
    """Harvest one feed now; returns the HarvestRun id (None when the source is gone or inactive)."""
    source = HarvestSource.objects.select_related("entity").filter(pk=source_id, is_active=True).first()
    if source is None:
        return None
    lock = f"harvest-source-{source_id}"
    if not cache.add(lock, "1", timeout=20 * 60):  # already running (a beat run and a manual one)
        logger.info("harvest of source %s already running", source_id)
        return None
    try:
        return harvest_source_run(source=source).pk
    finally:
        cache.delete(lock)


@shared_task(name="consultations.archive_export_nightly", ignore_result=True, time_limit=60 * 60)
def archive_export_nightly() -> list[int]:
    """Publish the whole public archive as CSV and JSON, the open dataset of the archive."""
    return [archive_export_publish(fmt=fmt).pk for fmt in ("csv", "json")]
