"""Jobs of suggestions and complaints: tell the person and the staff, take the service-level steps."""

from celery import shared_task
from django.core.cache import cache

from ..models import Case, CaseEvent
from ..services import cases as services


@shared_task(
    name="consultations.case_event_notify",
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
)
def case_event_notify_task(event_id: int) -> bool:
    event = CaseEvent.objects.select_related("case__author", "case__entity").filter(pk=event_id).first()
    if event is None:
        return False
    return services.case_event_notify(event=event)


@shared_task(
    name="consultations.case_staff_notify",
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
)
def case_staff_notify_task(case_id: int, what: str) -> int:
    case = Case.objects.select_related("entity").filter(pk=case_id).first()
    if case is None:
        return 0
    return services.case_staff_notify(case=case, what=what)


@shared_task(name="consultations.cases_service_levels_check")
def cases_service_levels_check_task() -> dict:
    if not cache.add("lock:cases-service-levels", 1, timeout=15 * 60):
        return {}  # a run is still going; the conditional updates would make a second harmless anyway
    try:
        return services.cases_service_levels_check()
    finally:
        cache.delete("lock:cases-service-levels")
