"""Celery jobs of open data. Each takes ids (or nothing), calls a service and is safe to re-run."""

from celery import shared_task
from django.core.cache import cache

from . import services
from .models import HarvestSource, Resource

LOCK_SECONDS = 60 * 60


def _locked(name: str):
    """A cache lock so that two runs of the same job never overlap (readthedocs' pattern)."""
    return cache.add(f"opendata-lock:{name}", "1", LOCK_SECONDS)


@shared_task(name="opendata.link_check_all", acks_late=True)
def link_check_all() -> int:
    if not _locked("link_check"):
        return 0
    try:
        return len(services.link_check_all())
    finally:
        cache.delete("opendata-lock:link_check")


@shared_task(name="opendata.staleness_check_all", acks_late=True)
def staleness_check_all() -> int:
    return services.staleness_check_all()


@shared_task(name="opendata.harvest_source", acks_late=True)
def harvest_source(source_id: int) -> int | None:
    source = HarvestSource.objects.filter(pk=source_id, is_active=True).select_related("entity").first()
    if source is None or not _locked(f"harvest:{source_id}"):
        return None
    try:
        return services.harvest_run(source=source).pk
    finally:
        cache.delete(f"opendata-lock:harvest:{source_id}")


@shared_task(name="opendata.harvest_all", acks_late=True)
def harvest_all() -> int:
    ids = list(HarvestSource.objects.filter(is_active=True).values_list("pk", flat=True))
    for source_id in ids:
        harvest_source.delay(source_id)
    return len(ids)


@shared_task(name="opendata.dataset_request_notify", acks_late=True)
def dataset_request_notify(request_id: int) -> None:
    from .services.requests import dataset_request_notify as notify

    notify(request_id=request_id)


@shared_task(name="opendata.publish_portal_datasets", acks_late=True)
def publish_portal_datasets() -> list[int]:
    from .exports import portal_datasets_publish

    return [r.pk for r in portal_datasets_publish()]


@shared_task(name="opendata.datastore_load", acks_late=True)
def datastore_load_task(resource_id: int, force: bool = False) -> str:
    """Load one resource into the datastore (idempotent: the same file and types load once)."""
    from .services.datastore import datastore_load

    resource = Resource.objects.filter(pk=resource_id).first()
    if resource is None:
        return "gone"
    table = datastore_load(resource=resource, force=force)
    return table.status if table else "not tabular"


@shared_task(name="opendata.datastore_sweep")
def datastore_sweep_task() -> list[str]:
    """Drop datastore tables whose resource is gone (hourly, and after a dataset is deleted in the admin)."""
    from .services.datastore import datastore_sweep

    return datastore_sweep()
