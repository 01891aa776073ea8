"""Many simultaneous requests from one person still leave one vote, one support (PostgreSQL)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from consultations.models import IdeaSupport, Vote, VoteChoice
from consultations.services import idea_support, vote_cast
from tests.factories import ConsultationFactory, IdeaFactory, PollFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(n, fn):
    barrier = threading.Barrier(n)
    errors = []

    def run():
        try:
            barrier.wait()
            fn()
        except ValidationError:
            pass
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def test_simultaneous_votes_from_one_person_leave_one_ballot():
    poll = PollFactory(consultation=ConsultationFactory())
    user = UserFactory()
    options = list(poll.options.values_list("pk", flat=True))
    for round_ in range(5):
        errors = _race(12, lambda r=round_: vote_cast(poll=poll, user=user, option_ids=[options[r % 3]]))
        assert errors == []
        assert Vote.objects.filter(poll=poll, user=user).count() == 1
        assert VoteChoice.objects.filter(vote__poll=poll).count() == 1


def test_simultaneous_supports_from_one_person_count_once():
    idea = IdeaFactory(consultation=ConsultationFactory())
    user = UserFactory()
    errors = _race(12, lambda: idea_support(idea=idea, user=user))
    assert errors == []
    assert IdeaSupport.objects.filter(idea=idea, user=user).count() == 1
