"""A person blocked from writing is refused on every write path with a clear message, and nothing is written."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from consultations.models import Comment, Idea, Proposal, WritingBlock
from consultations.services import comment_create, idea_create
from consultations.services import moderation as services
from consultations.services import proposals as proposal_services
from sharik.accounts.models import Notification
from sharik.core.models import AuditRecord
from tests.consultations.proposal_helpers import coordination_member, make_kind
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def blocked(db):
    person = UserFactory()
    services.writing_block_create(
        user=person, by=coordination_member(), reason="insults", ends_at=timezone.now() + timedelta(days=7)
    )
    return person


def test_a_blocked_person_cannot_comment_propose_or_post_an_idea(blocked, open_consultation, entity):
    calls = [
        lambda: comment_create(consultation=open_consultation, author=blocked, body="hello"),
        lambda: idea_create(consultation=open_consultation, author=blocked, title="An idea", body="x" * 30),
        lambda: proposal_services.proposal_draft_save(
            author=blocked, kind=make_kind(), entity=entity, title="A proposal", body="x" * 30, sector="other"
        ),
    ]
    for call in calls:
        with pytest.raises(ValidationError) as error:
            call()
        assert "You cannot write on the portal until" in error.value.messages[0]
        assert "insults" in error.value.messages[0]
    assert (Comment.objects.count(), Idea.objects.count(), Proposal.objects.count()) == (0, 0, 0)


def test_the_page_says_why_and_writes_nothing(client, blocked, open_consultation):
    client.force_login(blocked)
    url = reverse("consultations:comment-create", args=[open_consultation.pk])
    response = client.post(url, {"body": "hello"}, follow=True)
    assert "You cannot write on the portal until" in response.content.decode()
    assert not Comment.objects.exists()


def test_the_message_is_translated_into_arabic(blocked, open_consultation):
    from django.utils import translation

    with translation.override("ar"), pytest.raises(ValidationError) as error:
        comment_create(consultation=open_consultation, author=blocked, body="hello")
    assert "لا يمكنك" in error.value.messages[0]


def test_block_is_told_appealed_once_audited_and_lifted(blocked, open_consultation):
    block = WritingBlock.objects.get(user=blocked)
    assert Notification.objects.filter(user=blocked, key=f"writing-block-{block.pk}").count() == 1
    services.writing_block_appeal(block=block, user=blocked, text="It was a misunderstanding.")
    with pytest.raises(ValidationError):
        services.writing_block_appeal(block=block, user=blocked, text="Again")
    with pytest.raises(PermissionDenied):
        services.writing_block_lift(block=block, by=blocked)
    services.writing_block_lift(block=block, by=coordination_member())
    comment_create(consultation=open_consultation, author=blocked, body="hello again")
    actions = set(AuditRecord.objects.filter(object_id=str(block.pk)).values_list("action", flat=True))
    assert actions == {"writing_block.create", "writing_block.appeal", "writing_block.lift"}


def test_an_expired_block_no_longer_holds(blocked, open_consultation):
    WritingBlock.objects.filter(user=blocked).update(ends_at=timezone.now() - timedelta(seconds=1))
    comment_create(consultation=open_consultation, author=blocked, body="back")


def test_citizens_and_coordinators_cannot_block(coordinator):
    for person in (UserFactory(), coordinator):
        with pytest.raises(PermissionDenied):
            services.writing_block_create(user=UserFactory(), by=person, reason="r")
