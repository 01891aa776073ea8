"""Ideas get a state and an official answer from the entity: shown publicly, the author told once per state."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from consultations.models import Idea
from consultations.services import idea_answer
from sharik.accounts.models import Notification
from tests.factories import ConsultationFactory, IdeaFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def idea(open_consultation):
    return IdeaFactory(consultation=open_consultation)


def test_only_the_entity_answers_an_idea(idea, other_coordinator):
    for person in (other_coordinator, UserFactory(), idea.author):
        with pytest.raises(PermissionDenied):
            idea_answer(idea=idea, user=person, state=Idea.State.ACCEPTED, answer_ar="نعم")
    assert Idea.objects.get(pk=idea.pk).state == Idea.State.SUBMITTED


def test_not_adopted_needs_the_reason_and_a_linked_consultation_must_be_the_entitys(idea, coordinator):
    with pytest.raises(ValidationError):
        idea_answer(idea=idea, user=coordinator, state=Idea.State.NOT_ADOPTED, answer_ar="")
    with pytest.raises(ValidationError):
        idea_answer(
            idea=idea,
            user=coordinator,
            state=Idea.State.ACCEPTED,
            answer_ar="نعم",
            consultation=ConsultationFactory(),
        )
    assert Idea.objects.get(pk=idea.pk).state == Idea.State.SUBMITTED


def test_the_answer_is_public_and_the_author_told_once_per_state(client, idea, coordinator):
    idea_answer(idea=idea, user=coordinator, state=Idea.State.UNDER_REVIEW)
    idea_answer(idea=idea, user=coordinator, state=Idea.State.UNDER_REVIEW)
    idea_answer(
        idea=idea,
        user=coordinator,
        state=Idea.State.NOT_ADOPTED,
        answer_ar="السبب",
        answer_en="The budget of this year is already allocated.",
    )
    keys = list(Notification.objects.filter(user=idea.author).values_list("key", flat=True))
    assert sorted(keys) == sorted(
        [f"idea-answer-{idea.pk}-under-review", f"idea-answer-{idea.pk}-not-adopted"]
    )
    page = client.get(reverse("consultations:detail", args=[idea.consultation_id])).content.decode()
    assert "Not adopted" in page and "The budget of this year is already allocated." in page


def test_the_coordinator_answers_in_the_admin(client, idea, coordinator, other_coordinator):
    url = reverse("admin:consultations_idea_change", args=[idea.pk])
    data = {
        "state": "accepted",
        "answer_ar": "سننفذها",
        "answer_en": "We will do it",
        "answer_consultation": "",
    }
    client.force_login(other_coordinator)
    client.post(url, data)
    assert Idea.objects.get(pk=idea.pk).state == Idea.State.SUBMITTED
    client.force_login(coordinator)
    assert client.post(url, data).status_code == 302
    idea.refresh_from_db()
    assert (idea.state, idea.answer_en) == (Idea.State.ACCEPTED, "We will do it")
