"""The advisory service «شوروك علينا»: ask, triage, comment, answer, close with a rating; reminders once; scoping."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from governance.models import AdvisoryRequest, AdvisoryServiceLevel
from governance.services import advisory
from sharik.accounts.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def level(db):
    return AdvisoryServiceLevel.objects.create(
        code="standard",
        name="Standard",
        triage_hours=24,
        answer_hours=120,
        remind_before_hours=24,
        escalate_after_hours=48,
    )


def _ask(coordinator, entity, **kwargs):
    return advisory.advisory_request_create(
        user=coordinator,
        entity=entity,
        kind="questionnaire",
        title="Parents' survey",
        question="Please review the questions.",
        draft=ContentFile(b"Q1 ...", name="draft.txt"),
        **kwargs,
    )


def test_an_entity_asks_the_federal_team_answers_and_the_entity_rates(
    level, entity, coordinator, federal_user
):
    request = _ask(coordinator, entity)
    assert request.status == "submitted"
    assert request.answer_due_at - request.created_at == pytest.approx(
        datetime.timedelta(hours=120), abs=datetime.timedelta(seconds=5)
    )
    assert Notification.objects.filter(user=federal_user, key=f"advisory:{request.pk}:new").exists()

    with pytest.raises(PermissionDenied):
        advisory.advisory_request_assign(user=coordinator, request=request, advisor=federal_user)
    advisory.advisory_request_assign(user=federal_user, request=request, advisor=federal_user)
    advisory.advisory_comment_add(user=federal_user, request=request, body="Fewer open questions.")
    advisory.advisory_comment_add(user=coordinator, request=request, body="Done, see the new draft.")
    with pytest.raises(ValidationError):
        advisory.advisory_request_close(user=coordinator, request=request, rating=5)  # not answered yet
    advisory.advisory_request_answer(user=federal_user, request=request, answer="Ready to publish.")
    assert Notification.objects.filter(user=coordinator, key=f"advisory:{request.pk}:answered").exists()
    advisory.advisory_request_close(user=coordinator, request=request, rating=4, comment="Helpful")
    request.refresh_from_db()
    assert (request.status, request.rating, request.comments.count()) == ("closed", 4, 2)
    with pytest.raises(ValidationError):
        advisory.advisory_comment_add(user=coordinator, request=request, body="one more")


def test_reminders_and_escalations_are_sent_exactly_once_across_repeated_beat_runs(
    level, entity, coordinator, federal_user
):
    late_triage = _ask(coordinator, entity)
    assigned = _ask(coordinator, entity)
    advisory.advisory_request_assign(user=federal_user, request=assigned, advisor=federal_user)
    mail.outbox.clear()
    start = timezone.now()

    assert advisory.advisory_reminders_send(now=start + datetime.timedelta(hours=23)) == 0  # nothing due yet
    # 25 hours: triage is late (due at 24 h); the advisor's reminder is 24 h before the answer (96 h): not yet.
    assert advisory.advisory_reminders_send(now=start + datetime.timedelta(hours=25)) == 1
    assert advisory.advisory_reminders_send(now=start + datetime.timedelta(hours=26)) == 0
    # 97 hours: the advisor's reminder, once.
    for hours in (97, 98, 120):
        sent = advisory.advisory_reminders_send(now=start + datetime.timedelta(hours=hours))
        assert sent == (1 if hours == 97 else 0)
    # 169 hours: the answer (due 120 h) is late by more than 48 h: escalated to the federal team, once.
    for _run in range(3):
        advisory.advisory_reminders_send(now=start + datetime.timedelta(hours=169))
    assigned.refresh_from_db()
    assert assigned.escalated_at is not None
    keys = sorted(
        Notification.objects.filter(key__contains=":", key__startswith="advisory:")
        .exclude(key__endswith=(":new"))
        .exclude(key__contains=":assigned:")
        .values_list("key", flat=True)
    )
    assert keys == sorted(
        [
            f"advisory:{late_triage.pk}:triage-late",
            f"advisory:{assigned.pk}:answer-reminder",
            f"advisory:{assigned.pk}:escalated",
        ]
    )
    assert len(mail.outbox) == 3


def test_a_coordinator_sees_only_their_entitys_requests(
    client, level, entity, other_entity, coordinator, other_coordinator, citizen, federal_user
):
    mine = _ask(coordinator, entity)
    theirs = _ask(other_coordinator, other_entity)
    with pytest.raises(PermissionDenied):
        _ask(coordinator, other_entity)  # asking for someone else's entity

    assert client.get("/en/governance/advisory/").status_code == 302  # the public logs in first
    assert client.get(f"/en/governance/advisory/{mine.pk}/").status_code == 302
    client.force_login(citizen)
    assert client.get("/en/governance/advisory/").status_code == 403
    assert client.get(f"/en/governance/advisory/{mine.pk}/").status_code == 403
    client.force_login(coordinator)
    page = client.get("/en/governance/advisory/").content.decode()
    assert f"/governance/advisory/{mine.pk}/" in page and f"/governance/advisory/{theirs.pk}/" not in page
    assert client.get(f"/en/governance/advisory/{theirs.pk}/").status_code == 403
    assert client.get(f"/en/governance/advisory/{theirs.pk}/draft/").status_code == 403
    assert client.post(f"/en/governance/advisory/{theirs.pk}/comment/", {"body": "x"}).status_code == 403
    draft = client.get(f"/en/governance/advisory/{mine.pk}/draft/")
    assert draft.status_code == 200 and b"".join(draft.streaming_content) == b"Q1 ..."
    # The admin lists only the entity's own requests.
    client.force_login(federal_user)
    page = client.get("/en/governance/advisory/").content.decode()
    assert f"/governance/advisory/{mine.pk}/" in page and f"/governance/advisory/{theirs.pk}/" in page


def test_the_entity_asks_and_reads_the_answer_through_the_pages(
    client, level, entity, coordinator, federal_user
):
    client.force_login(coordinator)
    response = client.post(
        "/en/governance/advisory/",
        {
            "entity": entity.pk,
            "kind": "consultation",
            "title": "Library hours",
            "question": "Is this clear?",
            "draft": ContentFile(b"draft", name="draft.pdf"),
        },
    )
    request = AdvisoryRequest.objects.get(title="Library hours")
    assert response.status_code == 302 and request.draft
    client.force_login(federal_user)
    client.post(f"/en/governance/advisory/{request.pk}/assign/", {"advisor": federal_user.pk})
    client.post(f"/en/governance/advisory/{request.pk}/answer/", {"answer": "Yes: publish it."})
    client.force_login(coordinator)
    page = client.get(f"/en/governance/advisory/{request.pk}/").content.decode()
    assert "Yes: publish it." in page and "Close the request" in page
    client.post(f"/en/governance/advisory/{request.pk}/close/", {"rating": "5"})
    request.refresh_from_db()
    assert (request.status, request.rating) == ("closed", 5)


def test_the_advisory_satisfaction_kpi_is_the_share_of_ratings_of_four_or_five(
    level, entity, coordinator, federal_user
):
    from governance import kpis

    assert kpis.compute("advisory_satisfaction", timezone.now()) is None  # nothing rated yet: no value
    for rating in (5, 4, 2):
        request = _ask(coordinator, entity)
        advisory.advisory_request_answer(user=federal_user, request=request, answer="Done.")
        advisory.advisory_request_close(user=coordinator, request=request, rating=rating)
    assert str(kpis.compute("advisory_satisfaction", timezone.now())) == "66.67"
