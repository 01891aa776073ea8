"""Role × state for the debate pages, the debate admin, its take-up action and the review queue."""

import pytest
from django.test import Client
from django.urls import reverse

from consultations.models import Comment, DebateForum, ModerationWordList
from consultations.services import comment_create
from consultations.services import debates as services
from governance.models import Role
from tests.consultations.proposal_helpers import coordination_member, role_user
from tests.factories import ConsultationFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

BODY = "Should the public libraries open on Saturdays and Sundays in every emirate?"


@pytest.fixture
def people(coordinator, other_coordinator, federal_user):
    return {
        "anonymous": None,
        "citizen": UserFactory(),
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "coordination_team": coordination_member(),
        "oversight": role_user(Role.OVERSIGHT_COMMITTEE),
        "federal": federal_user,
    }


@pytest.fixture
def debates(entity, coordinator):
    author = UserFactory()
    published = services.debate_create(author=author, sector="education", title="Library hours", body=BODY)
    DebateForum.objects.create(sector="health", pre_moderated=True)
    held = services.debate_create(author=author, sector="health", title="Clinic hours", body=BODY)
    taken = services.debate_create(author=author, sector="education", title="School buses", body=BODY)
    services.debate_take_up(debate=taken, consultation=ConsultationFactory(entity=entity), by=coordinator)
    return {"author": author, "published": published, "held": held, "taken": taken}


def _client(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


# role -> status of the public page of (published, held, taken up)
PAGE = {
    "anonymous": (200, 404, 200),
    "citizen": (200, 404, 200),
    "coordinator": (200, 404, 200),
    "other_coordinator": (200, 404, 200),
    "coordination_team": (200, 200, 200),  # moderators see what waits for them
    "oversight": (200, 404, 200),
    "federal": (200, 200, 200),
}


def test_public_debate_pages_by_role_and_state(people, debates):
    for role, expected in PAGE.items():
        client = _client(people[role])
        got = tuple(
            client.get(reverse("consultations:debate", args=[debates[state].pk])).status_code
            for state in ("published", "held", "taken")
        )
        assert got == expected, role
    author = _client(debates["author"])
    assert author.get(reverse("consultations:debate", args=[debates["held"].pk])).status_code == 200


# role -> (may open the debate admin's change page of the taken-up debate, of the held debate)
ADMIN = {
    "anonymous": (False, False),
    "citizen": (False, False),
    "coordinator": (True, False),  # their entity's taken-up debate; never one held for review
    "other_coordinator": (False, False),  # not another entity's taken-up debate
    "coordination_team": (True, True),
    "oversight": (False, False),
    "federal": (True, True),
}


def test_debate_admin_by_role(people, debates):
    for role, (taken, held) in ADMIN.items():
        client = _client(people[role])
        for debate, allowed in ((debates["taken"], taken), (debates["held"], held)):
            response = client.get(reverse("admin:consultations_debate_change", args=[debate.pk]))
            assert (response.status_code == 200) == allowed, (role, debate.title, response.status_code)


def test_take_up_action_by_role(people, debates, entity):
    consultation = ConsultationFactory(entity=entity)
    allowed = {"coordinator", "federal"}
    for role, user in people.items():
        debate = services.debate_create(
            author=UserFactory(), sector="education", title=f"Topic {role}", body=BODY
        )
        _client(user).post(
            reverse("admin:consultations_debate_changelist"),
            {
                "action": "take_up",
                "_selected_action": [debate.pk],
                "consultation": consultation.pk,
                "index": 0,
            },
        )
        debate.refresh_from_db()
        assert (debate.consultation_id == consultation.pk) == (role in allowed), role


def test_review_queue_action_by_role(people, open_consultation):
    ModerationWordList.objects.create(name="Insults", language="en", words="idiot")
    allowed = {"coordinator", "coordination_team", "federal"}
    for role, user in people.items():
        held = comment_create(consultation=open_consultation, author=UserFactory(), body=f"idiot {role}")
        _client(user).post(
            reverse("admin:consultations_comment_changelist"),
            {"action": "approve_held", "_selected_action": [held.pk], "index": 0},
        )
        held.refresh_from_db()
        assert (not held.held_for_review) == (role in allowed), role
    assert Comment.objects.count() == len(people)
