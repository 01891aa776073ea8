"""A Celery worker killed (SIGKILL, the whole process group) in the middle of a notification fan-out
and started again: every participant ends with exactly one notification ROW (the once-per-key row is
what is exactly once), and the e-mail reaches everyone at least once, every copy under the same
Message-ID (mail is at-least-once: a chunk being sent at the kill may go out twice).

A real worker process against the test database and a real Redis broker; the jobs are
acknowledged late and rejected when their worker is lost, so the broker hands the killed jobs to
the restarted worker, and the once-per-key notification makes their second run harmless.
"""

import email
import os
import time
from collections import Counter
from pathlib import Path

import pytest
from celery import Celery
from django.conf import settings

from consultations.models import Follow
from consultations.phases import Phase
from sharik.accounts.models import Notification, User
from tests.factories import ConsultationFactory
from tests.workers import Worker, broker_url, database_url, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PEOPLE = 300


@pytest.fixture
def broker():
    """The worker's broker, emptied before and after (tests/workers.py's, without its DATABASE_URL skip:
    the module's `postgres` mark decides)."""
    redis = pytest.importorskip("redis")
    url = broker_url()
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {url}")
    client.flushdb()
    yield url
    client.flushdb()


def _deliveries(outbox: Path) -> list[tuple[str, str]]:
    """(recipient, Message-ID) of every delivery the outbox received."""
    found = []
    for path in outbox.glob("*.eml"):
        message = email.message_from_bytes(path.read_bytes())
        for recipient in message["X-Envelope-To"].split(", "):
            found.append((recipient, message["Message-ID"]))
    return found


def test_a_killed_worker_restarted_leaves_exactly_one_notification_row_per_participant(broker, tmp_path):
    consultation = ConsultationFactory(
        phase=Phase.ANNOUNCEMENT, title_ar="خطة النقل", title_en="Transport plan"
    )
    people = User.objects.bulk_create(
        [
            User(email=f"fanout{i}@example.org", is_active=True, preferred_language="ar" if i % 2 else "en")
            for i in range(PEOPLE)
        ]
    )
    Follow.objects.bulk_create([Follow(consultation=consultation, user=person) for person in people])
    key = f"consultation-{consultation.pk}-outcome"
    outbox = tmp_path / "outbox"
    outbox.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.faults.worker_settings",
        "DATABASE_URL": database_url(),
        "REDIS_URL": broker,
        "FAULTS_BROKER_URL": broker,
        "FAULTS_OUTBOX": str(outbox),
        "FAULTS_BATCH_SIZE": "50",  # 6 jobs of 50 people
        "FAULTS_MAIL_DELAY": "0.02",  # per recipient, about 1 s per job: long enough to be killed in it
        "SECRET_KEY": settings.SECRET_KEY,
    }
    worker = Worker(env)
    sender = Celery(broker=broker)
    try:
        worker.start()
        sender.send_task("consultations.announce_outcome", args=[consultation.pk], queue="default")
        emailed = Notification.objects.filter(key=key, emailed_at__isnull=False)
        # Kill it once part of the fan-out is done and the rest is in flight or still queued.
        # (a job of 50 people sends two messages, one per language, 25 recipients each)
        wait_for(lambda: len(list(outbox.glob("*.eml"))) >= 2, 120, "the first messages")
        worker.kill()
        sent_before_crash = len(_deliveries(outbox))
        assert emailed.count() < PEOPLE, "the fan-out finished before the kill: the test proves nothing"

        worker.start()
        # Bounds for a failure, not a speed claim: on CI the worker starts beside two test runs (the
        # restart, Django's set-up and the broker's return of the killed jobs took over 45 s there).
        wait_for(lambda: emailed.count() == PEOPLE, 180, "every participant to be notified")
        time.sleep(1)  # anything still running would show up as an extra delivery
    finally:
        worker.stop()

    per_person = Counter(Notification.objects.filter(key=key).values_list("user_id", flat=True))
    assert len(per_person) == PEOPLE
    assert set(per_person.values()) == {1}
    deliveries = _deliveries(outbox)
    # Every participant got the message, under one Message-ID each (mail servers and clients drop a
    # second copy with the same id). Copies re-sent after the crash are at most the chunks that were
    # being sent when it happened (2 processes × one chunk of a 50-people job).
    by_person = {}
    for recipient, message_id in deliveries:
        by_person.setdefault(recipient, set()).add(message_id)
    assert set(by_person) == {person.email for person in people}
    assert all(len(ids) == 1 for ids in by_person.values())
    assert PEOPLE <= len(deliveries) <= PEOPLE + 2 * 50
    assert sent_before_crash < PEOPLE
