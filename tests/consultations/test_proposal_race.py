"""Fifty simultaneous identical signatures from one person make one row (PostgreSQL, threads)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from consultations.models import ProposalSignature
from consultations.services import proposals as services
from tests.consultations.proposal_helpers import make_kind, published_proposal
from tests.factories import EntityFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_fifty_simultaneous_signatures_from_one_person_make_one_row():
    proposal = published_proposal(kind=make_kind(first=100, second=200), entity=EntityFactory())
    person = UserFactory()
    n = 50
    barrier = threading.Barrier(n)
    outcomes = []
    lock = threading.Lock()

    def run():
        try:
            barrier.wait()
            services.proposal_sign(proposal=proposal, user=person)
            outcome = "signed"
        except ValidationError as error:
            outcome = error.code if hasattr(error, "code") else "invalid"
        except Exception as error:  # noqa: BLE001 - every thread's outcome is collected and asserted
            outcome = repr(error)
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(outcomes) == n
    assert sorted(set(outcomes)) == ["duplicate", "signed"], outcomes
    assert outcomes.count("signed") == 1
    assert outcomes.count("duplicate") == n - 1
    assert ProposalSignature.objects.filter(proposal=proposal, user=person).count() == 1
    assert services.proposal_counts(proposal)["total"] == 1
