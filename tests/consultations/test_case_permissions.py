"""Role × state for every case URL and admin path: only the person reads their case; only the entity's
own staff work it (a coordinator of another entity neither sees nor changes it); the federal team sees
the dashboard's counts, never a case."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from consultations.models import Case
from governance.models import Role
from tests.consultations.case_helpers import file_case, walk_to
from tests.consultations.proposal_helpers import role_user
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

STATES = ("received", "assigned", "answered", "closed")
ROLES = (
    "anonymous",
    "stranger",
    "author",
    "coordinator",
    "other_coordinator",
    "federal",
    "coordination_team",
)


@pytest.fixture
def people(coordinator, other_coordinator, federal_user):
    return {
        "anonymous": None,
        "stranger": UserFactory(),
        "author": UserFactory(),
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "federal": federal_user,
        "coordination_team": role_user(Role.COORDINATION_TEAM),
    }


@pytest.fixture
def cases(entity, people):
    made = {}
    for state in STATES:
        attachment = SimpleUploadedFile(
            "evidence.txt", f"evidence {state}".encode(), content_type="text/plain"
        )
        case = file_case(
            entity=entity, author=people["author"], subject=f"Case in state {state}", attachment=attachment
        )
        made[state] = walk_to(case, state, staff=people["coordinator"])
    return made


def _client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _state(case) -> str:
    return Case.objects.get(pk=case.pk).state


# --- The person's pages ---------------------------------------------------------------------------


def test_only_the_author_reads_the_case_and_its_attachment(people, cases):
    for role in ROLES:
        client = _client(people[role])
        for state in STATES:
            case = cases[state]
            for url in (case.get_absolute_url(), reverse("consultations:case-attachment", args=[case.pk])):
                response = client.get(url)
                if role == "author":
                    assert response.status_code == 200
                elif role == "anonymous":
                    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
                else:
                    assert response.status_code == 404, (role, state, url)


REOPEN = {"received": 400, "assigned": 400, "answered": 302, "closed": 302}
CLOSE = {"received": 400, "assigned": 400, "answered": 302, "closed": 400}  # closed: rated already


def test_reopen_and_close_by_role_and_state(people, entity):
    for role in ROLES:
        client = _client(people[role])
        for state in STATES:
            case = walk_to(
                file_case(entity=entity, author=people["author"]), state, staff=people["coordinator"]
            )
            close = client.post(reverse("consultations:case-close", args=[case.pk]), {"rating": "5"})
            if role == "author":
                assert close.status_code == CLOSE[state], state
                assert _state(case) == ("closed" if state == "answered" else state)
            else:
                assert close.status_code in (302, 404) and _state(case) == state
                assert close.status_code == 404 or "/accounts/login/" in close["Location"]
            before = _state(case)
            reopen = client.post(
                reverse("consultations:case-reopen", args=[case.pk]), {"reason": "Still not solved."}
            )
            if role == "author":
                assert reopen.status_code == REOPEN[state], state
                assert _state(case) == ("assigned" if REOPEN[state] == 302 else before)
            else:
                assert reopen.status_code in (302, 404) and _state(case) == before, (role, state)


def test_the_list_shows_only_the_persons_own_cases(people, cases):
    assert "Case in state" in _client(people["author"]).get(reverse("consultations:cases")).content.decode()
    for role in ("stranger", "coordinator", "other_coordinator", "federal"):
        page = _client(people[role]).get(reverse("consultations:cases")).content.decode()
        assert "Case in state" not in page, role
    response = _client(None).get(reverse("consultations:case-create"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- The admin ------------------------------------------------------------------------------------

ADMIN_READ = {  # role -> may open the change page and the attachment
    "anonymous": False,
    "stranger": False,
    "author": False,
    "coordinator": True,
    "other_coordinator": False,
    "federal": False,  # the dashboard's counts only
    "coordination_team": False,
}


def test_admin_reading_by_role(people, cases):
    case = cases["assigned"]
    for role in ROLES:
        client = _client(people[role])
        change = client.get(reverse("admin:consultations_case_change", args=[case.pk]))
        attachment = client.get(reverse("admin:consultations_case_attachment", args=[case.pk]))
        listing = client.get(reverse("admin:consultations_case_changelist"))
        if ADMIN_READ[role]:
            assert change.status_code == 200 and case.reference in change.content.decode()
            assert attachment.status_code == 200
            assert case.reference in listing.content.decode()
        else:
            assert change.status_code in (302, 403, 404), role
            assert attachment.status_code in (302, 403, 404), role
            assert case.reference not in listing.content.decode(), role


def test_admin_answer_and_assign_action_by_role_and_state(people, entity):
    for role in ROLES:
        client = _client(people[role])
        for state in STATES:
            case = walk_to(
                file_case(entity=entity, author=people["author"]), state, staff=people["coordinator"]
            )
            client.post(
                reverse("admin:consultations_case_change", args=[case.pk]),
                {
                    "assignee": str(people["coordinator"].pk),
                    "answer": "An answer from the admin.",
                    "notes-TOTAL_FORMS": "0",
                    "notes-INITIAL_FORMS": "0",
                },
            )
            answered = Case.objects.get(pk=case.pk).answer == "An answer from the admin."
            assert answered == (role == "coordinator" and state in ("received", "assigned")), (role, state)
            client.post(
                reverse("admin:consultations_case_changelist"),
                {"action": "assign_to_me", "_selected_action": [str(case.pk)]},
            )
            if state in ("answered", "closed"):
                assert _state(case) == state, (role, state)
        fresh = file_case(entity=entity, subject="Fresh case for the action")
        client.post(
            reverse("admin:consultations_case_changelist"),
            {"action": "assign_to_me", "_selected_action": [str(fresh.pk)]},
        )
        assert (_state(fresh) == "assigned") == (role == "coordinator"), role


def test_admin_notes_are_added_by_the_entity_staff_only(people, cases):
    case = cases["assigned"]
    for role in ("coordinator", "other_coordinator", "federal"):
        _client(people[role]).post(
            reverse("admin:consultations_case_change", args=[case.pk]),
            {
                "notes-TOTAL_FORMS": "1",
                "notes-INITIAL_FORMS": "0",
                "notes-0-body": f"Internal note by {role}",
                "notes-0-case": str(case.pk),
            },
        )
    assert list(case.notes.values_list("body", flat=True)) == ["Internal note by coordinator"]


def test_the_dashboard_shows_each_person_only_their_entities(people, cases, entity):
    url = reverse("admin:consultations_case_dashboard")
    assert f'data-entity="{entity.slug}"' in _client(people["coordinator"]).get(url).content.decode()
    assert f'data-entity="{entity.slug}"' in _client(people["federal"]).get(url).content.decode()
    other = _client(people["other_coordinator"]).get(url)
    assert other.status_code == 200 and f'data-entity="{entity.slug}"' not in other.content.decode()
    csv_other = _client(people["other_coordinator"]).get(url + "?format=csv").content.decode()
    assert entity.slug not in csv_other
    for role in ("anonymous", "stranger", "author"):
        response = _client(people[role]).get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
