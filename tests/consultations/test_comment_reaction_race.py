"""Concurrent agree/disagree posts by one person on one comment leave exactly one row (PostgreSQL, threads)."""

import threading

import pytest
from django.db import connection

from consultations.models import CommentReaction
from consultations.services import comment_create, comment_react
from tests.factories import ConsultationFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_thirty_concurrent_marks_from_one_person_make_one_row():
    comment = comment_create(consultation=ConsultationFactory(), author=UserFactory(), body="Open on Fridays")
    person = UserFactory()
    n = 30
    barrier = threading.Barrier(n)
    outcomes = []
    lock = threading.Lock()

    def run(i):
        try:
            barrier.wait()
            comment_react(comment=comment, user=person, value=1 if i % 2 else -1)
            outcome = "ok"
        except Exception as error:  # noqa: BLE001 - every thread's outcome is collected and asserted
            outcome = repr(error)
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes == ["ok"] * n, outcomes
    rows = list(CommentReaction.objects.filter(comment=comment, user=person).values_list("value", flat=True))
    assert len(rows) == 1 and rows[0] in (1, -1)
