"""Comments, replies, flags, votes, ideas and supports: the rules a participant notices."""

import html
import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from consultations.models import Comment, CommentFlag, IdeaSupport, Vote, VoteChoice
from consultations.services import (
    comment_create,
    comment_edit,
    comment_flag,
    idea_create,
    idea_support,
    vote_cast,
)
from tests.factories import CommentFactory, ConsultationFactory, IdeaFactory, PollFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _messages(response):
    """What the page tells the person: the page-top messages and the refusals beside the forms."""
    beside = re.findall(
        r'class="[^"]*form-refusal[^"]*" role="alert"[^>]*>(.*?)</div>', response.content.decode(), re.S
    )
    return [str(m) for m in response.context["messages"]] + [html.unescape(text) for text in beside]


def test_comment_and_reply_show_on_the_page(client, citizen, open_consultation):
    client.force_login(citizen)
    url = reverse("consultations:comment-create", args=[open_consultation.pk])
    response = client.post(url, {"body": "The policy should cover rural schools."}, follow=True)
    assert "The policy should cover rural schools." in response.content.decode()
    parent = Comment.objects.get()
    client.post(url, {"body": "Agreed!", "parent": parent.pk})
    reply = Comment.objects.get(parent=parent)
    # A reply to a reply attaches to the thread's top comment (one level of threading).
    client.post(url, {"body": "Me too", "parent": reply.pk})
    assert Comment.objects.filter(parent=parent).count() == 2
    page = client.get(open_consultation.get_absolute_url()).content.decode()
    assert page.index("The policy should cover rural schools.") < page.index("Agreed!") < page.index("Me too")


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("<script>alert(1)</script>", "HTML tags"),
        ('Nice <img src=x onerror="alert(1)">', "HTML tags"),
        ("x" * 2001, "2000 characters"),
        ("   ", "cannot be empty"),
    ],
)
def test_bad_comments_are_refused_with_a_reason_and_nothing_is_saved(
    client, citizen, open_consultation, body, reason
):
    client.force_login(citizen)
    response = client.post(
        reverse("consultations:comment-create", args=[open_consultation.pk]), {"body": body}, follow=True
    )
    assert any(reason in m for m in _messages(response))
    assert Comment.objects.count() == 0


def test_comment_text_is_escaped_on_the_page(citizen, open_consultation, client):
    CommentFactory(consultation=open_consultation, body='5 > 3 & "quotes" are fine')
    html = client.get(open_consultation.get_absolute_url()).content.decode()
    assert "5 &gt; 3 &amp; &quot;quotes&quot; are fine" in html


def test_edit_only_own_comment_within_the_window(citizen, open_consultation):
    comment = comment_create(consultation=open_consultation, author=citizen, body="first")
    comment_edit(comment=comment, user=citizen, body="second")
    comment.refresh_from_db()
    assert comment.body == "second" and comment.edited_at
    with pytest.raises(ValidationError, match="your own"):
        comment_edit(comment=comment, user=UserFactory(), body="hijack")
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    comment.refresh_from_db()
    with pytest.raises(ValidationError, match="15 minutes"):
        comment_edit(comment=comment, user=citizen, body="too late")
    comment.refresh_from_db()
    assert comment.body == "second"


def test_flag_someone_elses_comment_once(client, citizen, open_consultation):
    comment = CommentFactory(consultation=open_consultation)
    client.force_login(citizen)
    url = reverse("consultations:comment-flag", args=[open_consultation.pk, comment.pk])
    response = client.post(url, {"reason": "spam"}, follow=True)
    assert any("moderator will review" in m for m in _messages(response))
    response = client.post(url, {"reason": "offensive"}, follow=True)
    assert any("already flagged" in m for m in _messages(response))
    assert CommentFlag.objects.filter(comment=comment).count() == 1
    own = comment_create(consultation=open_consultation, author=citizen, body="mine")
    with pytest.raises(ValidationError):
        comment_flag(comment=own, user=citizen, reason="spam")


def test_flag_constraint_holds_in_the_database(citizen, open_consultation):
    comment = CommentFactory(consultation=open_consultation)
    CommentFlag.objects.create(comment=comment, user=citizen, reason="spam")
    with pytest.raises(IntegrityError), transaction.atomic():
        CommentFlag.objects.create(comment=comment, user=citizen, reason="spam")


def test_one_vote_per_person_per_question_and_changing_it(client, citizen, open_consultation):
    poll = PollFactory(consultation=open_consultation)
    a, b, _c = poll.options.all()
    client.force_login(citizen)
    url = reverse("consultations:vote", args=[open_consultation.pk, poll.pk])
    client.post(url, {"option": [a.pk]})
    client.post(url, {"option": [a.pk]})
    client.post(url, {"option": [b.pk]})
    assert Vote.objects.filter(poll=poll).count() == 1
    assert list(VoteChoice.objects.filter(vote__poll=poll).values_list("option_id", flat=True)) == [b.pk]
    html = client.get(open_consultation.get_absolute_url()).content.decode()
    assert "Change my vote" in html and "100%</bdi> (1 vote)" in html


def test_the_database_refuses_a_second_ballot(citizen, open_consultation):
    poll = PollFactory(consultation=open_consultation)
    Vote.objects.create(poll=poll, user=citizen)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(poll=poll, user=citizen)


def test_multiple_choice_accepts_several_single_choice_only_one(citizen, open_consultation):
    multi = PollFactory(consultation=open_consultation, kind="multiple")
    ids = list(multi.options.values_list("pk", flat=True))
    vote_cast(poll=multi, user=citizen, option_ids=ids[:2])
    assert VoteChoice.objects.filter(vote__poll=multi).count() == 2
    single = PollFactory(consultation=open_consultation)
    with pytest.raises(ValidationError, match="one answer"):
        vote_cast(poll=single, user=citizen, option_ids=list(single.options.values_list("pk", flat=True))[:2])
    assert not Vote.objects.filter(poll=single).exists()


def test_vote_for_an_option_of_another_question_is_refused(client, citizen, open_consultation):
    poll = PollFactory(consultation=open_consultation)
    other = PollFactory(consultation=open_consultation)
    client.force_login(citizen)
    response = client.post(
        reverse("consultations:vote", args=[open_consultation.pk, poll.pk]),
        {"option": [other.options.first().pk]},
        follow=True,
    )
    assert any("does not belong to this question" in m for m in _messages(response))
    assert not Vote.objects.exists()


def test_results_hidden_until_vote_or_close_as_configured(client, citizen, open_consultation):
    poll = PollFactory(consultation=open_consultation, show_results="after-close")
    vote_cast(poll=poll, user=UserFactory(), option_ids=[poll.options.first().pk])
    client.force_login(citizen)
    html = client.get(open_consultation.get_absolute_url()).content.decode()
    assert "Results are shown when the consultation closes." in html
    assert "(1 vote)" not in html
    open_consultation.phase = "analysis"
    open_consultation.save()
    html = client.get(open_consultation.get_absolute_url()).content.decode()
    assert "100%</bdi> (1 vote)" in html


@pytest.mark.parametrize("phase", ["analysis", "announcement", "evaluation", "archived"])
def test_closed_consultations_refuse_every_write_with_a_clear_message(client, citizen, phase):
    consultation = ConsultationFactory(phase=phase)
    poll = PollFactory(consultation=consultation)
    idea = IdeaFactory(consultation=consultation)
    client.force_login(citizen)
    posts = [
        (reverse("consultations:comment-create", args=[consultation.pk]), {"body": "late"}),
        (
            reverse("consultations:vote", args=[consultation.pk, poll.pk]),
            {"option": [poll.options.first().pk]},
        ),
        (
            reverse("consultations:idea-create", args=[consultation.pk]),
            {"title": "Late idea", "body": "late"},
        ),
        (reverse("consultations:idea-support", args=[consultation.pk, idea.pk]), {}),
    ]
    for url, data in posts:
        response = client.post(url, data, follow=True)
        assert any("closed to contributions" in m for m in _messages(response)), url
    assert not Comment.objects.exists() and not Vote.objects.exists()
    assert consultation.ideas.count() == 1 and not IdeaSupport.objects.exists()


def test_past_close_date_refuses_votes_even_before_the_close_job(citizen):
    consultation = ConsultationFactory(
        opens_at=timezone.now() - timedelta(days=3), closes_at=timezone.now() - timedelta(minutes=1)
    )
    poll = PollFactory(consultation=consultation)
    with pytest.raises(ValidationError, match="closed"):
        vote_cast(poll=poll, user=citizen, option_ids=[poll.options.first().pk])


def test_idea_support_once_per_person_and_not_ones_own(client, citizen, open_consultation):
    idea = idea_create(
        consultation=open_consultation, author=UserFactory(), title="Green roofs", body="On schools"
    )
    client.force_login(citizen)
    url = reverse("consultations:idea-support", args=[open_consultation.pk, idea.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert any("already support" in m for m in _messages(response))
    assert IdeaSupport.objects.filter(idea=idea).count() == 1
    with pytest.raises(ValidationError, match="own idea"):
        idea_support(idea=idea, user=idea.author)
    with pytest.raises(IntegrityError), transaction.atomic():
        IdeaSupport.objects.create(idea=idea, user=citizen)


def test_anonymous_visitors_are_sent_to_log_in(client, open_consultation):
    response = client.post(
        reverse("consultations:comment-create", args=[open_consultation.pk]), {"body": "hi"}
    )
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Comment.objects.exists()


@pytest.mark.parametrize("phase", ["preparation", "planning"])
def test_drafts_are_not_public(client, citizen, phase):
    consultation = ConsultationFactory(phase=phase)
    assert client.get(consultation.get_absolute_url()).status_code == 404
    client.force_login(citizen)
    assert client.get(consultation.get_absolute_url()).status_code == 404
    assert consultation.title_en not in client.get(reverse("consultations:list")).content.decode()


def test_drafts_are_visible_to_their_own_coordinator_only(client, coordinator, other_coordinator, entity):
    draft = ConsultationFactory(entity=entity, phase="planning")
    client.force_login(coordinator)
    assert client.get(draft.get_absolute_url()).status_code == 200
    client.force_login(other_coordinator)
    assert client.get(draft.get_absolute_url()).status_code == 404
