"""Many simultaneous requests from one person still leave one vote, one support (PostgreSQL)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from consultations.models import IdeaSupport, Vote, VoteChoice
from consultations.services import idea_support, vote_cast
from tests.factories import ConsultationFactory, IdeaFactory, PollFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(n, fn) -> list:
    """Run `fn` in `n` threads released at once; every thread's outcome, in no order: the value
    returned, or the exception raised (none is lost)."""
    barrier = threading.Barrier(n)
    outcomes = []

    def run():
        try:
            barrier.wait()
            outcomes.append(fn())
        except Exception as exc:  # noqa: BLE001 - every outcome is asserted by the test
            outcomes.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(outcomes) == n
    return outcomes


def _unexpected(outcomes) -> list:
    """The outcomes that are neither a result nor a clear refusal (a ValidationError the person
    would read): a lost update, an IntegrityError, a deadlock."""
    return [o for o in outcomes if isinstance(o, Exception) and not isinstance(o, ValidationError)]


def _succeeded(outcomes) -> int:
    return sum(not isinstance(o, Exception) for o in outcomes)


def _codes(outcomes) -> list:
    """ "ok" for a call that returned, the error code of a refusal, the exception itself otherwise."""
    return sorted(
        (o.code if isinstance(o, ValidationError) else repr(o)) if isinstance(o, Exception) else "ok"
        for o in outcomes
    )


def test_simultaneous_votes_from_one_person_leave_one_ballot():
    poll = PollFactory(consultation=ConsultationFactory())
    user = UserFactory()
    options = list(poll.options.values_list("pk", flat=True))
    for round_ in range(5):
        wanted = options[round_ % 3]
        outcomes = _race(12, lambda w=wanted: vote_cast(poll=poll, user=user, option_ids=[w]))
        assert _codes(outcomes) == ["ok"] * 12  # a change of one's vote is never refused
        assert Vote.objects.filter(poll=poll, user=user).count() == 1
        assert list(VoteChoice.objects.filter(vote__poll=poll).values_list("option_id", flat=True)) == [
            wanted
        ]


def test_simultaneous_supports_from_one_person_count_once():
    idea = IdeaFactory(consultation=ConsultationFactory())
    user = UserFactory()
    outcomes = _race(12, lambda: idea_support(idea=idea, user=user))
    assert _codes(outcomes) == ["duplicate"] * 11 + ["ok"]  # the others are told they already support it
    assert IdeaSupport.objects.filter(idea=idea, user=user).count() == 1
