"""The close job and the announcement job: run twice or late, each does its work exactly once."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from consultations.models import Consultation, Follow, PhaseTransition
from consultations.phases import Phase
from consultations.services import vote_cast
from consultations.tasks import lifecycle as tasks
from sharik.accounts.models import Notification
from tests.factories import CommentFactory, ConsultationFactory, IdeaFactory, UserFactory

pytestmark = pytest.mark.usefixtures("english")


def test_close_job_is_scheduled():
    entry = settings.CELERY_BEAT_SCHEDULE["consultations-close-due"]
    assert entry["task"] == "consultations.close_due"


def test_close_job_run_twice_or_late_closes_each_due_consultation_once(entity):
    now = timezone.now()
    due = ConsultationFactory(
        entity=entity, opens_at=now - timedelta(days=10), closes_at=now - timedelta(minutes=1)
    )
    late = ConsultationFactory(
        entity=entity, opens_at=now - timedelta(days=90), closes_at=now - timedelta(days=30)
    )
    running = ConsultationFactory(entity=entity, closes_at=now + timedelta(days=1))
    already = ConsultationFactory(
        entity=entity,
        phase=Phase.ANALYSIS,
        opens_at=now - timedelta(days=9),
        closes_at=now - timedelta(days=2),
    )

    assert tasks.close_due_consultations.delay().get() == 2
    assert tasks.close_due_consultations.delay().get() == 0

    for consultation in (due, late):
        consultation.refresh_from_db()
        assert consultation.phase == Phase.ANALYSIS
        moves = PhaseTransition.objects.filter(consultation=consultation)
        assert list(moves.values_list("from_phase", "to_phase", "user")) == [
            (Phase.CONDUCT, Phase.ANALYSIS, None)
        ]
    running.refresh_from_db()
    already.refresh_from_db()
    assert running.phase == Phase.CONDUCT and already.phase == Phase.ANALYSIS
    assert not PhaseTransition.objects.filter(consultation__in=[running, already]).exists()
    # A closed consultation takes no more contributions.
    assert not Consultation.objects.get(pk=due.pk).accepts_contributions()


def test_announcement_job_run_twice_notifies_each_participant_once(
    campaign, coordinator, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(tasks, "OUTCOME_BATCH_SIZE", 2)  # several batches
    consultation = campaign(Phase.CONDUCT)
    poll = consultation.polls.get()
    option = poll.options.first()
    arabic = UserFactory(preferred_language="ar")
    english = UserFactory(preferred_language="en")
    voter_and_commenter = UserFactory()
    vote_cast(poll=poll, user=voter_and_commenter, option_ids=[option.pk])
    CommentFactory(consultation=consultation, author=voter_and_commenter)
    CommentFactory(consultation=consultation, author=arabic)
    idea = IdeaFactory(consultation=consultation, author=english)
    supporter = UserFactory()
    idea.supports.create(user=supporter)
    follower = UserFactory()
    Follow.objects.create(consultation=consultation, user=follower)
    Follow.objects.create(consultation=consultation, user=arabic)  # follows and took part: told once
    gone = UserFactory(is_active=False)
    Follow.objects.create(consultation=consultation, user=gone)
    bystander = UserFactory()
    everyone = {arabic, english, voter_and_commenter, supporter, follower}

    from consultations.services.lifecycle import consultation_advance, decision_approve, decision_save

    consultation_advance(consultation=consultation, to_phase=Phase.ANALYSIS, user=coordinator)
    from consultations.models import Decision

    decision = Decision(
        consultation=consultation,
        text_ar="قرار",
        text_en="Our decision",
        rationale_ar="لأن",
        rationale_en="Because",
    )
    decision_save(decision=decision, user=coordinator)
    decision_approve(decision=decision, user=coordinator, approved_from="DG")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        consultation_advance(consultation=consultation, to_phase=Phase.ANNOUNCEMENT, user=coordinator)
    # The announcement is queued once, and the followers' notice (issue 15) once (page cache refreshes aside).
    assert len([c for c in callbacks if c.__module__ != "consultations.page_cache"]) == 2

    assert tasks.announce_outcome.delay(consultation.pk).get() == 3  # 5 people in batches of 2
    key = f"consultation-{consultation.pk}-outcome"
    # One message per language and chunk, each person a Bcc recipient of exactly one.
    assert sorted(r for m in mailoutbox for r in m.recipients()) == sorted(p.email for p in everyone)
    assert Notification.objects.filter(key=key).count() == len(everyone)
    assert not Notification.objects.filter(user__in=[bystander, gone]).exists()
    by_person = {r: m for m in mailoutbox for r in m.recipients()}
    assert by_person[english.email].subject.startswith("The outcome of")
    assert "Our decision" in by_person[english.email].body
    assert f"/en/consultations/{consultation.pk}/" in by_person[english.email].body
    assert f"/consultations/{consultation.pk}/" in by_person[arabic.email].body
    assert "/en/" not in by_person[arabic.email].body
    assert by_person[arabic.email].subject.startswith("نتيجة")
    assert "قرار" in by_person[arabic.email].body


def test_announcement_job_does_nothing_before_announcement(campaign):
    consultation = campaign(Phase.ANALYSIS)
    assert tasks.announce_outcome.delay(consultation.pk).get() == 0
    assert not Notification.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_close_jobs_at_the_same_moment_close_once():
    """Two overlapping runs (a slow beat and a retry): the row lock lets only one make the move."""
    import threading

    from django.db import connection

    from consultations.services.lifecycle import consultations_close_due
    from tests.factories import EntityFactory

    now = timezone.now()
    due = [
        ConsultationFactory(
            entity=EntityFactory(), opens_at=now - timedelta(days=5), closes_at=now - timedelta(minutes=i + 1)
        )
        for i in range(5)
    ]
    barrier = threading.Barrier(4)
    results: list = []  # what each run returned, or the exception it raised: none is lost

    def run():
        try:
            barrier.wait()
            results.append(consultations_close_due())
        except Exception as exc:  # noqa: BLE001 - asserted below
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4 and all(isinstance(r, int) for r in results), results
    assert sum(results) == len(due)
    assert PhaseTransition.objects.filter(consultation__in=due).count() == len(due)
    assert set(Consultation.objects.filter(pk__in=[c.pk for c in due]).values_list("phase", flat=True)) == {
        Phase.ANALYSIS
    }


def test_the_outcome_reaches_each_person_as_they_chose_with_a_way_to_choose(campaign, mailoutbox):
    """The participants' outcome e-mail honours their choice for decisions (issue 15's preferences),
    and the shared (Bcc) message carries a List-Unsubscribe to the page where they choose."""
    from consultations.models import FollowPreference
    from consultations.models.reach import Delivery, FollowEvent
    from consultations.services.lifecycle import outcome_notify

    consultation = campaign(Phase.CONDUCT)
    by_email, site_only, weekly = (UserFactory(preferred_language="en") for _ in range(3))
    FollowPreference.objects.create(user=site_only, event=FollowEvent.DECIDED, delivery=Delivery.SITE)
    FollowPreference.objects.create(user=weekly, event=FollowEvent.DECIDED, delivery=Delivery.WEEKLY)

    assert outcome_notify(consultation=consultation, user_ids=[by_email.pk, site_only.pk, weekly.pk]) == 3
    assert outcome_notify(consultation=consultation, user_ids=[by_email.pk, site_only.pk, weekly.pk]) == 0
    assert [m.recipients() for m in mailoutbox] == [[by_email.email]]
    message = mailoutbox[0]
    assert message.extra_headers["List-Unsubscribe"] == f"<{settings.SITE_URL}/en/consultations/follows/>"
    assert f"Choose which e-mails you get: {settings.SITE_URL}/en/consultations/follows/" in message.body
    told = Notification.objects.filter(key=f"consultation-{consultation.pk}-outcome")
    assert told.count() == 3  # everyone sees it on the site
    assert told.get(user=weekly).digest == Delivery.WEEKLY and told.get(user=site_only).emailed_at is None
