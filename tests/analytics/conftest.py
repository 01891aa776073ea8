import datetime

import pytest
from django.utils import timezone

from analytics.models import Criterion


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture
def only_criteria(db):
    """Keep only the named criteria of the seeded catalogue active (for figures that are easy to read)."""

    def keep(*codes):
        Criterion.objects.exclude(code__in=codes).update(is_active=False)
        return list(Criterion.objects.filter(code__in=codes))

    return keep


def days_ago(n):
    return timezone.now() - datetime.timedelta(days=n)
