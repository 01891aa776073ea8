"""Agree/disagree marks on comments: one per person (database constraint), changeable, counted, sortable,
refused for a blocked person with a clear message and nothing written."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from consultations import selectors
from consultations.models import CommentReaction
from consultations.services import comment_create, comment_react
from consultations.services import moderation as moderation_services
from tests.consultations.proposal_helpers import coordination_member
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

AGREE, DISAGREE = 1, -1


def test_a_mark_is_one_per_person_changeable_and_withdrawable(open_consultation):
    comment = comment_create(consultation=open_consultation, author=UserFactory(), body="Extend the hours")
    person = UserFactory()
    comment_react(comment=comment, user=person, value=AGREE)
    comment_react(comment=comment, user=person, value=AGREE)
    assert CommentReaction.objects.filter(comment=comment).count() == 1
    comment_react(comment=comment, user=person, value=DISAGREE)
    assert list(CommentReaction.objects.filter(comment=comment).values_list("value", flat=True)) == [DISAGREE]
    comment_react(comment=comment, user=person, value=None)
    assert not CommentReaction.objects.filter(comment=comment).exists()


def test_the_database_refuses_a_second_row_for_the_same_person(open_consultation):
    comment = comment_create(consultation=open_consultation, author=UserFactory(), body="Extend the hours")
    person = UserFactory()
    CommentReaction.objects.create(comment=comment, user=person, value=AGREE)
    with pytest.raises(IntegrityError), transaction.atomic():
        CommentReaction.objects.create(comment=comment, user=person, value=DISAGREE)


def test_counts_and_sorting_by_agreement(open_consultation):
    author = UserFactory()
    first = comment_create(consultation=open_consultation, author=author, body="First comment")
    second = comment_create(consultation=open_consultation, author=author, body="Second comment")
    third = comment_create(consultation=open_consultation, author=author, body="Third comment")
    people = [UserFactory() for _ in range(4)]
    for person in people:  # first: 4 agree (+4); third: 1 agree, 3 disagree (-2); second: none (0)
        comment_react(comment=first, user=person, value=AGREE)
    comment_react(comment=third, user=people[0], value=AGREE)
    for person in people[1:]:
        comment_react(comment=third, user=person, value=DISAGREE)
    recent = list(selectors.comments_page(consultation=open_consultation))
    assert [c.pk for c in recent] == [third.pk, second.pk, first.pk]
    by_agreement = list(selectors.comments_page(consultation=open_consultation, sort="agreement"))
    assert [c.pk for c in by_agreement] == [first.pk, second.pk, third.pk]
    counts = {c.pk: (c.agree_count, c.disagree_count) for c in by_agreement}
    assert counts == {first.pk: (4, 0), second.pk: (0, 0), third.pk: (1, 3)}


def test_the_page_shows_counts_and_sorts(open_consultation):
    author = UserFactory()
    low = comment_create(consultation=open_consultation, author=author, body="Low agreement comment")
    high = comment_create(consultation=open_consultation, author=author, body="High agreement comment")
    for _ in range(2):
        comment_react(comment=low, user=UserFactory(), value=DISAGREE)
    comment_react(comment=high, user=UserFactory(), value=AGREE)
    client = Client()
    person = UserFactory()
    client.force_login(person)
    url = reverse("consultations:detail", args=[open_consultation.pk])
    page = client.get(url + "?sort=agreement").content.decode()
    assert page.index("High agreement comment") < page.index("Low agreement comment")
    # The low one was posted first, so newest-first shows it last... and the old order on plain pages:
    low_agreed = reverse("consultations:comment-react", args=[low.pk])
    response = client.post(low_agreed, {"value": "agree"}, follow=True)
    assert "Your mark is recorded" in response.content.decode()
    assert CommentReaction.objects.get(comment=low, user=person).value == AGREE
    page = client.get(url).content.decode()
    block = page[page.index(f'id="comment-{low.pk}"') :]
    assert "<span data-agree>1</span>" in block[:3000] and "<span data-disagree>2</span>" in block[:3000]


def test_a_blocked_person_is_refused_with_a_clear_message_and_nothing_written(open_consultation):
    comment = comment_create(consultation=open_consultation, author=UserFactory(), body="Extend the hours")
    person = UserFactory()
    moderation_services.writing_block_create(
        user=person, by=coordination_member(), reason="insults", ends_at=timezone.now() + timedelta(days=3)
    )
    with pytest.raises(ValidationError) as error:
        comment_react(comment=comment, user=person, value=AGREE)
    assert error.value.code == "blocked"
    client = Client()
    client.force_login(person)
    response = client.post(
        reverse("consultations:comment-react", args=[comment.pk]), {"value": "agree"}, follow=True
    )
    assert "You cannot write on the portal until" in response.content.decode()
    assert not CommentReaction.objects.exists()


def test_own_comment_and_hidden_comment_cannot_be_marked(open_consultation):
    author = UserFactory()
    comment = comment_create(consultation=open_consultation, author=author, body="Extend the hours")
    with pytest.raises(ValidationError) as error:
        comment_react(comment=comment, user=author, value=AGREE)
    assert error.value.code == "own"
    comment.is_hidden = True
    comment.save()
    with pytest.raises(ValidationError) as error:
        comment_react(comment=comment, user=UserFactory(), value=AGREE)
    assert error.value.code == "hidden"
    assert not CommentReaction.objects.exists()
