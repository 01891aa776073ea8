"""What each hot write costs in database queries and cache round trips (docs/performance.md, "How the
writes stay lean"), on the database in use; each ceiling fails if the saving it stands for is undone.

The requests go through the whole middleware stack as a signed-in person (session, CSRF, rate limit).
In these tests every request runs inside the test's transaction, so jobs queued with
`transaction.on_commit` (the signature's threshold check) are captured, not run: their queries are a
worker's, not the request's.
"""

import pytest
from django.core.cache import caches
from django.db import connection
from django.urls import reverse

from consultations.models import Comment, ModerationWordList, ProposalSignature, VoteChoice
from sharik.core.ratelimit import hit
from tests.consultations.proposal_helpers import coordination_member, make_kind, published_proposal
from tests.factories import PollFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _ceiling(postgres: int, sqlite: int) -> int:
    return postgres if connection.vendor == "postgresql" else sqlite


@pytest.fixture
def poll(open_consultation):
    return PollFactory(consultation=open_consultation)


def _vote(client, poll, option):
    return client.post(
        reverse("consultations:vote", args=[poll.consultation_id, poll.pk]), {"option": option}
    )


def test_a_vote_costs_three_queries_and_the_same_choice_again_writes_nothing(
    client, citizen, poll, django_assert_max_num_queries
):
    """The person, the question with its phase, plan, options and the person's current choices (one
    query), and on PostgreSQL one round trip for the upsert and the choices (10 queries before
    issue 20's first round, then 6, now 3)."""
    a, b, _c = poll.options.values_list("pk", flat=True)
    client.force_login(citizen)
    assert _vote(client, poll, a).status_code == 302
    with django_assert_max_num_queries(_ceiling(postgres=3, sqlite=11)):
        assert _vote(client, poll, b).status_code == 302
    assert list(VoteChoice.objects.filter(vote__poll=poll).values_list("option_id", flat=True)) == [b]
    # The same choice again: read, found unchanged, nothing written — and still told it is recorded.
    with django_assert_max_num_queries(2):
        response = _vote(client, poll, b)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Your vote is recorded" in page
    assert list(VoteChoice.objects.filter(vote__poll=poll).values_list("option_id", flat=True)) == [b]


def test_a_comment_costs_four_queries(client, citizen, open_consultation, django_assert_max_num_queries):
    """The person, the consultation, the writing-block check and the INSERT: no transaction around one
    insert, no re-reading of rows already loaded, the word lists from the cache (12 queries before)."""
    ModerationWordList.objects.create(name="Insults", language="en", words="idiot")
    url = reverse("consultations:comment-create", args=[open_consultation.pk])
    client.force_login(citizen)
    assert client.post(url, {"body": "A first comment."}).status_code == 302
    with django_assert_max_num_queries(4):
        assert client.post(url, {"body": "Rural schools need buses."}).status_code == 302
    assert Comment.objects.filter(body="Rural schools need buses.", is_hidden=False).exists()


def test_word_lists_are_cached_but_a_change_applies_at_once(client, citizen, open_consultation):
    url = reverse("consultations:comment-create", args=[open_consultation.pk])
    client.force_login(citizen)
    client.post(url, {"body": "You fool."})  # the lists are read and cached: none yet
    assert not Comment.objects.get(body="You fool.").held_for_review
    words = ModerationWordList.objects.create(name="Insults", language="en", words="fool")
    client.post(url, {"body": "You fool, again."})
    assert Comment.objects.get(body="You fool, again.").held_for_review
    words.is_active = False
    words.save()
    client.post(url, {"body": "A fool's errand."})
    assert not Comment.objects.get(body="A fool's errand.").held_for_review
    words.delete()


def test_a_signature_costs_two_queries_and_queues_one_threshold_check(
    client, citizen, entity, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    """On PostgreSQL the person, then the proposal read and the INSERT … ON CONFLICT DO NOTHING in one
    statement (5 before: the proposal, then a transaction around a plain INSERT; then 3); a second
    signature by the same person is refused and adds no row."""
    proposal = published_proposal(kind=make_kind(), entity=entity)
    url = reverse("consultations:proposal-sign", args=[proposal.pk])
    client.force_login(citizen)
    with (
        django_capture_on_commit_callbacks() as queued,
        django_assert_max_num_queries(_ceiling(postgres=2, sqlite=5)),
    ):
        assert client.post(url).status_code == 302
    assert len(queued) == 1  # the threshold check, after the commit
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "your signature is counted" in page
    client.post(url)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "You have already signed this proposal." in page
    assert ProposalSignature.objects.filter(proposal=proposal).count() == 1


def test_the_write_limit_counts_in_one_redis_round_trip_and_its_window_expires(redis_round_trips):
    assert hit(bucket="user:1", rate="2/m", now=1_000_000.0) == 0
    assert redis_round_trips.calls == ["pipeline:INCRBY,EXPIRE"]  # was SET NX, EXISTS, INCRBY
    assert hit(bucket="user:1", rate="2/m", now=1_000_000.0) == 0
    assert hit(bucket="user:1", rate="2/m", now=1_000_000.0) > 0  # the third in the window: refused
    backend = caches["default"]
    key = backend.make_and_validate_key(f"ratelimit:RATELIMIT_WRITES:60:user:1:{1_000_000 // 60}")
    assert 0 < backend._cache.get_client().ttl(key) <= 61  # the window's count goes away by itself


def test_a_vote_costs_three_redis_round_trips(client, citizen, poll, redis_round_trips):
    """The session, the write limit and the polls generation: nothing else on the cache."""
    a, b, _c = poll.options.values_list("pk", flat=True)
    client.force_login(citizen)
    _vote(client, poll, a)
    redis_round_trips.calls.clear()
    assert _vote(client, poll, b).status_code == 302
    assert len(redis_round_trips.calls) <= 3, redis_round_trips.calls


def test_the_signed_in_person_is_read_by_a_written_out_query_with_every_field(
    client, citizen, poll, django_assert_max_num_queries
):
    """Every signed-in request loads its person (Django's ModelBackend: `User.objects.get(pk=…)`); on
    PostgreSQL that query is written out once instead of built by the ORM each time. The same person
    comes back, and a deactivated person is still signed out at their next request."""
    from django.test.utils import CaptureQueriesContext

    from sharik.accounts.models import User

    if connection.vendor != "postgresql":
        pytest.skip("the written-out query is PostgreSQL's; SQLite keeps the ORM's")
    fields = [f.attname for f in User._meta.concrete_fields]
    fast, orm = User.objects.get(pk=citizen.pk), User.objects.filter(pk=citizen.pk).first()
    assert [getattr(fast, f) for f in fields] == [getattr(orm, f) for f in fields]
    with pytest.raises(User.DoesNotExist):
        User.objects.get(pk=10**9)
    client.force_login(citizen)
    a = poll.options.values_list("pk", flat=True)[0]
    with CaptureQueriesContext(connection) as queries:
        assert _vote(client, poll, a).status_code == 302
    person = queries.captured_queries[0]["sql"]
    assert 'FROM "accounts_user" WHERE "id" =' in person and "LIMIT" not in person  # not the ORM's
    User.objects.filter(pk=citizen.pk).update(is_active=False)
    assert "/login/" in _vote(client, poll, a)["Location"]


def test_the_writing_block_is_checked_by_a_written_out_query_and_still_refuses(
    client, citizen, open_consultation
):
    """Every comment asks whether its author is blocked; on PostgreSQL that one-row question is
    written out instead of built by the ORM each time, and a blocked person is still refused."""
    from django.test.utils import CaptureQueriesContext

    from consultations.services.moderation import writing_block_create

    if connection.vendor != "postgresql":
        pytest.skip("the written-out query is PostgreSQL's; SQLite keeps the ORM's")
    url = reverse("consultations:comment-create", args=[open_consultation.pk])
    client.force_login(citizen)
    with CaptureQueriesContext(connection) as queries:
        client.post(url, {"body": "Before the block."})
    assert any(
        q["sql"].startswith("SELECT id, ends_at, reason FROM consultations_writingblock") for q in queries
    )
    writing_block_create(user=citizen, by=coordination_member(), reason="Repeated insults")
    response = client.post(url, {"body": "After the block."}, follow=True)
    assert "Repeated insults" in response.content.decode()
    assert not Comment.objects.filter(body="After the block.").exists()
