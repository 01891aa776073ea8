"""Usage counters: one aggregate row per dataset and day, incremented in the database.

Nothing about the visitor is stored: no IP address, no user id, no cookie, no user agent. The
increment is an UPDATE with F() so concurrent requests never lose a count.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ..models import DatasetUsageDay

KINDS = ("views", "downloads")


def usage_count(*, dataset_id: int, kind: str, day=None) -> None:
    if kind not in KINDS:
        raise ValueError(kind)
    day = day or timezone.localdate()
    with transaction.atomic():
        updated = DatasetUsageDay.objects.filter(dataset_id=dataset_id, day=day).update(**{kind: F(kind) + 1})
        if updated:
            return
        row, created = DatasetUsageDay.objects.get_or_create(
            dataset_id=dataset_id, day=day, defaults={kind: 1}
        )
        if not created:  # someone created the row between our update and get_or_create
            DatasetUsageDay.objects.filter(pk=row.pk).update(**{kind: F(kind) + 1})
