"""Private page-visit counting: aggregate counters per entity, kind of page and day; no IP, no person."""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ..models import PageVisitDay


def page_visit_count(*, entity_id: int, kind: str) -> None:
    day = timezone.localdate()
    counter = PageVisitDay.objects.filter(entity_id=entity_id, kind=kind, day=day)
    if counter.update(visits=F("visits") + 1):
        return
    try:
        with transaction.atomic():
            PageVisitDay.objects.create(entity_id=entity_id, kind=kind, day=day, visits=1)
    except IntegrityError:  # created meanwhile by a concurrent request
        counter.update(visits=F("visits") + 1)
