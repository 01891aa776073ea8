"""The recompute timed by bench/analytics_compute.py (EPI, stage indicators, KPIs) runs a number of
queries that does not depend on the number of contributions (SQLite is enough to count them)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.analytics_compute import compute
from consultations.models import IdeaSupport
from consultations.services.contributions import vote_cast
from tests.factories import (
    CommentFactory,
    ConsultationFactory,
    EntityFactory,
    IdeaFactory,
    PollFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _contribute(consultation, poll, n):
    """n contributions, mixed: comments, ideas, idea supports and ballots in turn."""
    for i in range(n):
        kind = i % 4
        if kind == 0:
            CommentFactory(consultation=consultation)
        elif kind == 1:
            IdeaFactory(consultation=consultation)
        elif kind == 2:
            IdeaSupport.objects.create(idea=IdeaFactory(consultation=consultation), user=UserFactory())
        else:
            vote_cast(poll=poll, user=UserFactory(), option_ids=[poll.options.first().pk])


def _queries() -> int:
    with CaptureQueriesContext(connection) as queries:
        compute()
    return len(queries)


def test_the_query_count_is_the_same_for_10_and_100_contributions():
    consultations = [ConsultationFactory(entity=EntityFactory()) for _ in range(2)]
    polls = [PollFactory(consultation=c) for c in consultations]
    for consultation, poll in zip(consultations, polls, strict=True):
        _contribute(consultation, poll, 5)
    compute()  # the day's snapshot and KPI values exist; the measured runs replace them
    with_10 = _queries()
    for consultation, poll in zip(consultations, polls, strict=True):
        _contribute(consultation, poll, 45)
    with_100 = _queries()
    assert with_100 == with_10 > 0
