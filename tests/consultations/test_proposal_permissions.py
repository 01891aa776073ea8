"""Role × state for every proposal URL and admin path: who sees, signs, moderates and answers."""

import pytest
from django.urls import reverse

from consultations.models import Proposal
from consultations.services import proposals as services
from governance.models import Role
from tests.consultations.proposal_helpers import coordination_member, make_kind, published_proposal, role_user
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


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
def proposals(entity):
    kind = make_kind(first=1, second=9)
    author = UserFactory()
    draft = services.proposal_draft_save(
        author=author, kind=kind, entity=entity, title="A draft proposal", body="x" * 30, sector="other"
    )
    pending = services.proposal_draft_save(
        author=author, kind=kind, entity=entity, title="A pending proposal", body="x" * 30, sector="other"
    )
    services.proposal_submit(proposal=pending, user=author)
    published = published_proposal(kind=kind, entity=entity, author=author)
    services.proposal_sign(proposal=published, user=UserFactory())
    [milestone] = services.proposal_thresholds_check(proposal=published)
    return {"author": author, "draft": draft, "pending": pending, "open": published, "milestone": milestone}


def _get(client, user, url):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client.get(url).status_code


PAGE = {  # role -> (draft, pending, open) status codes of the public page
    "anonymous": (404, 404, 200),
    "citizen": (404, 404, 200),
    "coordinator": (404, 404, 200),
    "other_coordinator": (404, 404, 200),
    "coordination_team": (404, 200, 200),  # a draft is the author's own until sent
    "oversight": (404, 404, 200),
    "federal": (404, 200, 200),
}


@pytest.mark.parametrize("role", PAGE)
def test_public_page_by_role_and_state(client, people, proposals, role):
    codes = tuple(
        _get(client, people[role], proposals[s].get_absolute_url()) for s in ("draft", "pending", "open")
    )
    assert codes == PAGE[role]


def test_the_author_sees_their_own_draft_and_pending_proposal(client, proposals):
    for state in ("draft", "pending", "open"):
        assert _get(client, proposals["author"], proposals[state].get_absolute_url()) == 200


def test_signing_needs_an_account_and_only_works_on_open_proposals(client, people, proposals):
    url = reverse("consultations:proposal-sign", args=[proposals["open"].pk])
    response = client.post(url)
    assert response.status_code == 302 and "login" in response.url
    client.force_login(people["citizen"])
    client.post(reverse("consultations:proposal-sign", args=[proposals["pending"].pk]))
    assert not proposals["pending"].signatures.exists()
    client.post(url)
    assert proposals["open"].signatures.filter(user=people["citizen"]).exists()


def test_only_the_author_edits_or_submits_a_draft(client, people, proposals):
    draft = proposals["draft"]
    for role in ("citizen", "coordinator", "coordination_team"):
        client.force_login(people[role])
        assert client.get(reverse("consultations:proposal-edit", args=[draft.pk])).status_code == 404
        assert client.post(reverse("consultations:proposal-submit", args=[draft.pk])).status_code == 404
    assert Proposal.objects.get(pk=draft.pk).state == Proposal.State.DRAFT


ADMIN = {  # role -> (proposal page of this entity: view only for its coordinator, answer page of this entity)
    "citizen": (302, 302),
    "coordinator": (200, 200),
    "other_coordinator": (302, 302),  # not in their scope: the admin sends them back
    "coordination_team": (200, 200),
    "oversight": (200, 200),
    "federal": (200, 200),
}


@pytest.mark.parametrize("role", ADMIN)
def test_admin_pages_by_role(client, people, proposals, role):
    proposal_url = reverse("admin:consultations_proposal_change", args=[proposals["pending"].pk])
    answer_url = reverse("admin:consultations_proposalmilestone_change", args=[proposals["milestone"].pk])
    assert (_get(client, people[role], proposal_url), _get(client, people[role], answer_url)) == ADMIN[role]


@pytest.mark.parametrize("role", ["coordinator", "other_coordinator", "oversight", "citizen"])
def test_publishing_in_the_admin_is_for_the_coordination_team_only(client, people, proposals, role):
    client.force_login(people[role])
    url = reverse("admin:consultations_proposal_change", args=[proposals["pending"].pk])
    client.post(url, {"decision": "publish", "refusal_reason": ""})
    assert Proposal.objects.get(pk=proposals["pending"].pk).state == Proposal.State.PENDING


def test_the_coordination_team_publishes_and_refuses_in_the_admin(client, people, proposals):
    client.force_login(people["coordination_team"])
    url = reverse("admin:consultations_proposal_change", args=[proposals["pending"].pk])
    response = client.post(url, {"decision": "publish", "refusal_reason": ""})
    assert response.status_code == 302
    assert Proposal.objects.get(pk=proposals["pending"].pk).state == Proposal.State.OPEN


@pytest.mark.parametrize("role", ["other_coordinator", "coordination_team", "oversight"])
def test_only_the_entity_answers_in_the_admin(client, people, proposals, role):
    client.force_login(people[role])
    url = reverse("admin:consultations_proposalmilestone_change", args=[proposals["milestone"].pk])
    client.post(url, {"answer_ar": "جواب", "answer_en": "An answer", "consultation": ""})
    proposals["milestone"].refresh_from_db()
    assert proposals["milestone"].answered_at is None


def test_the_coordinator_answers_in_the_admin(client, people, proposals):
    client.force_login(people["coordinator"])
    url = reverse("admin:consultations_proposalmilestone_change", args=[proposals["milestone"].pk])
    response = client.post(url, {"answer_ar": "جواب", "answer_en": "An answer", "consultation": ""})
    assert response.status_code == 302
    proposals["milestone"].refresh_from_db()
    assert proposals["milestone"].answered_at is not None
    assert "An answer" in client.get(proposals["open"].get_absolute_url()).content.decode()
