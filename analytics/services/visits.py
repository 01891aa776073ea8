"""Private page-visit counting: aggregate counters per entity, kind of page and day; no IP, no person.

A popular page must not update the same row on every view (that row would serialise its readers), so
each process adds its visits up in memory and writes them in one statement per counter at most every
`VISITS_FLUSH_SECONDS` (0: at once, as in the tests), and when the process exits. A crash loses at most
the visits of those few seconds; the counters are statistics, not records.
"""

import atexit
import logging
import threading
import time
from collections import Counter

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ..models import PageVisitDay

logger = logging.getLogger(__name__)
_pending: Counter = Counter()
_lock = threading.Lock()
_last_flush = time.monotonic()


def page_visit_count(*, entity_id: int, kind: str) -> None:
    global _last_flush
    with _lock:
        _pending[(entity_id, kind, timezone.localdate())] += 1
        due = time.monotonic() - _last_flush >= settings.VISITS_FLUSH_SECONDS
        if due:
            _last_flush = time.monotonic()
    if due:
        page_visits_flush()


def page_visits_flush() -> int:
    """Write the visits counted in this process; returns how many."""
    with _lock:
        pending = dict(_pending)
        _pending.clear()
    for (entity_id, kind, day), visits in pending.items():
        _add(entity_id=entity_id, kind=kind, day=day, visits=visits)
    return sum(pending.values())


def page_visits_pending_discard() -> int:
    """Forget the visits counted in this process and not yet written; returns how many.

    For a process that must start from nothing (each test): the buffer is module-level state.
    """
    global _last_flush
    with _lock:
        dropped = sum(_pending.values())
        _pending.clear()
        _last_flush = time.monotonic()
    return dropped


def _add(*, entity_id: int, kind: str, day, visits: int) -> None:
    counter = PageVisitDay.objects.filter(entity_id=entity_id, kind=kind, day=day)
    if counter.update(visits=F("visits") + visits):
        return
    try:
        with transaction.atomic():
            PageVisitDay.objects.create(entity_id=entity_id, kind=kind, day=day, visits=visits)
    except IntegrityError:  # created meanwhile by another process
        counter.update(visits=F("visits") + visits)


def _flush_at_exit() -> None:
    try:
        page_visits_flush()
    except Exception:  # noqa: BLE001 - the database may be gone when the process ends
        logger.warning("page visits not written at exit: the database did not answer")


atexit.register(_flush_at_exit)
