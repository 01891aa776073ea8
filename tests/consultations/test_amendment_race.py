"""Accepting amendments at the same time (PostgreSQL, real threads and connections).

The first acceptance is held open inside its transaction while the second one runs: the second must
wait on the draft's row lock (seen in pg_stat_activity), then build on the first one's version. Without
the lock it would read the old current version and collide on the version number.
"""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from consultations.models import Amendment, DraftInvitation
from consultations.services import drafts as services
from tests.factories import ConsultationFactory, UserFactory

from .drafts_helpers import make_draft, paragraphs

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WAIT = 10  # seconds: a safety net, never reached when the code is right


@pytest.fixture
def codraft(entity):
    from governance.services import entity_coordinator_assign

    coordinator = UserFactory()
    entity_coordinator_assign(entity=entity, user=coordinator)
    draft = make_draft(ConsultationFactory(entity=entity), coordinator, co_drafting=True)
    expert = UserFactory()
    services.draft_invite(draft=draft, user=coordinator, person=expert, group=DraftInvitation.Group.EXPERT)
    return draft, coordinator, expert


def _lock_waiters() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def _held_then_second(first_call, second_call):
    """Run `first_call` in a transaction kept open until the second call is seen waiting on a lock.

    Returns (errors of each thread, lock waiters seen while the first held its transaction,
    whether the second had finished before the first committed).
    """
    holding, release = threading.Event(), threading.Event()
    outcome = {"first": None, "second": None}

    def first():
        try:
            with transaction.atomic():
                first_call()
                holding.set()
                release.wait(WAIT)
        except Exception as exc:  # noqa: BLE001 - asserted by the caller
            outcome["first"] = exc
        finally:
            holding.set()
            connection.close()

    def second():
        try:
            second_call()
        except Exception as exc:  # noqa: BLE001 - asserted by the caller
            outcome["second"] = exc
        finally:
            connection.close()

    t1 = threading.Thread(target=first)
    t1.start()
    assert holding.wait(WAIT)
    t2 = threading.Thread(target=second)
    t2.start()
    waiters = 0
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline and t2.is_alive():
        waiters = _lock_waiters()
        if waiters:
            break
        time.sleep(0.05)
    finished_early = not t2.is_alive()
    release.set()
    t1.join(WAIT)
    t2.join(WAIT)
    return outcome, waiters, finished_early


def test_two_amendments_to_one_paragraph_accepted_at_once_make_versions_2_and_3(codraft):
    draft, coordinator, expert = codraft
    paragraph = paragraphs(draft.current_version)[0]
    first = services.amendment_propose(paragraph=paragraph, author=expert, proposed_text="النص الأول المعدل")
    second = services.amendment_propose(
        paragraph=paragraph, author=expert, proposed_text="النص الثاني المعدل"
    )

    outcome, waiters, finished_early = _held_then_second(
        lambda: services.amendment_decide(amendment=first, user=coordinator, accept=True, reason="مقبول"),
        lambda: services.amendment_decide(amendment=second, user=coordinator, accept=True, reason="مقبول"),
    )
    assert outcome == {"first": None, "second": None}
    assert waiters >= 1 and not finished_early  # the second acceptance waited for the first to commit
    assert list(draft.versions.order_by("number").values_list("number", flat=True)) == [1, 2, 3]
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.applied_in.number, second.applied_in.number) == (2, 3)
    # Each version is the previous one with one amendment applied: nothing built on a stale version.
    assert paragraphs(first.applied_in)[0].text_ar == "النص الأول المعدل"
    assert paragraphs(second.applied_in)[0].text_ar == "النص الثاني المعدل"
    assert [p.text_ar for p in paragraphs(second.applied_in)][1:] == [
        p.text_ar for p in paragraphs(first.applied_in)
    ][1:]


def test_accepting_the_same_amendment_twice_at_once_makes_one_version(codraft):
    draft, coordinator, expert = codraft
    amendment = services.amendment_propose(
        paragraph=paragraphs(draft.current_version)[1], author=expert, proposed_text="صيغة جديدة"
    )

    def accept():
        services.amendment_decide(amendment=amendment, user=coordinator, accept=True, reason="مقبول")

    outcome, waiters, finished_early = _held_then_second(accept, accept)
    assert outcome["first"] is None
    assert isinstance(outcome["second"], ValidationError) and outcome["second"].code == "decided"
    assert waiters >= 1 and not finished_early
    assert draft.versions.count() == 2
    amendment.refresh_from_db()
    assert amendment.status == Amendment.Status.ACCEPTED and amendment.applied_in.number == 2


def test_six_acceptances_racing_lose_no_change_and_number_versions_once(codraft):
    """Arabic and English amendments to all three paragraphs, accepted by six threads released together."""
    draft, coordinator, expert = codraft
    amendments = []
    for i, paragraph in enumerate(paragraphs(draft.current_version)):
        amendments.append(
            services.amendment_propose(paragraph=paragraph, author=expert, proposed_text=f"نص عربي {i}")
        )
        amendments.append(
            services.amendment_propose(
                paragraph=paragraph, author=expert, proposed_text=f"English text {i}", language="en"
            )
        )
    barrier = threading.Barrier(len(amendments))
    errors = []

    def accept(amendment):
        try:
            barrier.wait()
            services.amendment_decide(amendment=amendment, user=coordinator, accept=True, reason="مقبول")
        except Exception as exc:  # noqa: BLE001 - asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=accept, args=(a,)) for a in amendments]
    for t in threads:
        t.start()
    for t in threads:
        t.join(WAIT * 3)
    assert errors == []
    assert list(draft.versions.order_by("number").values_list("number", flat=True)) == list(range(1, 8))
    applied = sorted(
        Amendment.objects.filter(paragraph__version__draft=draft).values_list("applied_in__number", flat=True)
    )
    assert applied == [2, 3, 4, 5, 6, 7]  # one version per acceptance
    final = paragraphs(draft.versions.get(number=7))
    assert [p.text_ar for p in final] == ["نص عربي 0", "نص عربي 1", "نص عربي 2"]
    assert [p.text_en for p in final] == ["English text 0", "English text 1", "English text 2"]
