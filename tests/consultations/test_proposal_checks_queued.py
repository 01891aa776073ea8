"""A burst of signatures against a real Redis broker (not eager Celery): one threshold check is queued per
proposal for the burst, due after it, and that job counts every signature of the burst."""

import base64
import json
import os
import time
from datetime import datetime

import pytest
from django.utils import timezone

from consultations.services import proposals as services
from consultations.tasks.proposals import proposal_thresholds_check_task
from sharik.accounts.models import Notification
from tests.consultations.proposal_helpers import make_kind, published_proposal
from tests.factories import UserFactory
from tests.workers import broker_url

pytestmark = pytest.mark.django_db
CHECK = "consultations.proposal_thresholds_check"


@pytest.fixture
def broker():
    """The project's Celery app sending to a Redis broker of its own instead of running jobs inline."""
    redis = pytest.importorskip("redis")
    if not os.environ.get("REDIS_URL"):
        pytest.skip("needs Redis (set REDIS_URL)")
    url = broker_url()
    client = redis.Redis.from_url(url)
    client.flushdb()
    app = proposal_thresholds_check_task.app
    saved = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager, app.conf.broker_url = False, url
    app._after_fork()  # drop the pooled connections: the next message goes to this broker
    try:
        yield client
    finally:
        app.conf.task_always_eager, app.conf.broker_url = saved
        app._after_fork()
        client.flushdb()


def _queued_checks(client) -> list[dict]:
    """The threshold checks waiting in the default queue: (proposal id, due time)."""
    found = []
    for raw in client.lrange("default", 0, -1):
        message = json.loads(raw)
        if message["headers"]["task"] == CHECK:
            args, _kwargs, _embed = json.loads(base64.b64decode(message["body"]))
            eta = message["headers"]["eta"]
            found.append({"proposal": args[0], "eta": eta and datetime.fromisoformat(eta)})
    return found


def test_a_burst_of_signatures_queues_one_check_that_counts_them_all(
    broker, entity, coordinator, django_capture_on_commit_callbacks
):
    proposal = published_proposal(kind=make_kind(first=5, second=50, days=20), entity=entity)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(6):
            services.proposal_sign(proposal=proposal, user=UserFactory())
    signed_by = timezone.now()
    [check] = _queued_checks(broker)
    assert check["proposal"] == proposal.pk
    assert check["eta"] > signed_by  # due after the burst: the worker counts what the burst committed
    assert not proposal.milestones.exists()  # nothing ran inline

    # The job, as the worker runs it when due: the six signatures counted, the threshold of 5 reached,
    # the coordinator told once.
    assert proposal_thresholds_check_task.apply(args=[check["proposal"]]).get() == 1
    milestone = proposal.milestones.get()
    assert (
        Notification.objects.filter(user=coordinator, key=f"proposal-threshold-{milestone.pk}").count() == 1
    )

    # Once the burst's mark has expired, the next signature queues the next check.
    time.sleep(services.THRESHOLD_CHECK_DELAY + 0.2)
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_sign(proposal=proposal, user=UserFactory())
    assert len(_queued_checks(broker)) == 2


def test_after_the_first_signature_of_a_burst_the_process_skips_redis_until_the_mark_expires(
    broker, entity, redis_round_trips, django_capture_on_commit_callbacks
):
    """The first signature marks the proposal and reads the mark's time left in one round trip; the rest
    of the burst, in the same process, sends nothing to Redis for the check. A proposal of its own is
    still marked at once."""
    kind = make_kind(first=5, second=50, days=20)
    first, other = published_proposal(kind=kind, entity=entity), published_proposal(kind=kind, entity=entity)
    people = [UserFactory() for _ in range(5)]
    trips = redis_round_trips
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_sign(proposal=first, user=people[0])
    marks = [call for call in trips.calls if call.startswith("pipeline:SET")]
    assert marks == ["pipeline:SET,PTTL"]
    trips.calls.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for person in people[1:]:
            services.proposal_sign(proposal=first, user=person)
    assert not [call for call in trips.calls if "SET" in call or "PTTL" in call]
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_sign(proposal=other, user=people[0])
    assert [call for call in trips.calls if call.startswith("pipeline:SET")] == ["pipeline:SET,PTTL"]
    assert sorted(check["proposal"] for check in _queued_checks(broker)) == sorted([first.pk, other.pk])
