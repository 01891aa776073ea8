"""Requests from the public: propose, support once, comment, the entity answers, people are told."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from opendata.models import DatasetRequest, DatasetRequestSupport
from opendata.services import (
    dataset_request_answer,
    dataset_request_comment,
    dataset_request_create,
    dataset_request_support,
)
from sharik.accounts.models import Notification
from tests.factories import UserFactory


@pytest.fixture
def proposal(citizen, entity):
    return dataset_request_create(
        user=citizen, entity=entity, title="أسعار الكهرباء", reason="للمقارنة بين الإمارات"
    )


def test_lifecycle_with_notifications(
    proposal, coordinator, make_dataset, django_capture_on_commit_callbacks
):
    supporter = UserFactory()
    assert dataset_request_support(request=proposal, user=supporter) is True
    dataset_request_comment(request=proposal, user=supporter, body="Me too")

    with django_capture_on_commit_callbacks(execute=True):
        dataset_request_answer(
            request=proposal, actor=coordinator, status="in_progress", response="We are on it"
        )
    for person in (proposal.requester, supporter):
        assert Notification.objects.filter(user=person, title__contains=proposal.title).count() == 1

    dataset = make_dataset()
    with django_capture_on_commit_callbacks(execute=True):
        dataset_request_answer(request=proposal, actor=coordinator, status="accepted", dataset=dataset)
    proposal.refresh_from_db()
    assert proposal.status == "accepted" and proposal.dataset == dataset
    assert Notification.objects.filter(user=supporter).count() == 2
    # an accepted request is final, and it shows on the dataset page (linked to the request's page)
    with pytest.raises(ValidationError):
        dataset_request_answer(request=proposal, actor=coordinator, status="refused", response="no")
    page = Client().get(f"/en/opendata/datasets/{dataset.name}/").content.decode()
    assert "Published in answer to" in page
    assert f'href="{proposal.get_absolute_url()}">{proposal.title}</a>' in page


def test_notifications_are_sent_once_even_if_the_job_reruns(
    proposal, coordinator, django_capture_on_commit_callbacks
):
    from opendata.tasks import dataset_request_notify

    with django_capture_on_commit_callbacks(execute=True):
        dataset_request_answer(
            request=proposal, actor=coordinator, status="refused", response="Personal data"
        )
    dataset_request_notify(proposal.pk)
    assert Notification.objects.filter(user=proposal.requester).count() == 1


def test_refusal_needs_a_reason_and_accepting_needs_the_dataset(proposal, coordinator):
    with pytest.raises(ValidationError) as exc:
        dataset_request_answer(request=proposal, actor=coordinator, status="refused")
    assert "response" in exc.value.message_dict
    with pytest.raises(ValidationError):
        dataset_request_answer(request=proposal, actor=coordinator, status="accepted")
    proposal.refresh_from_db()
    assert proposal.status == "proposed"


def test_only_the_entity_asked_answers(proposal, other_coordinator, citizen, federal_user):
    with pytest.raises(PermissionDenied):
        dataset_request_answer(request=proposal, actor=other_coordinator, status="in_progress")
    with pytest.raises(PermissionDenied):
        dataset_request_answer(request=proposal, actor=citizen, status="in_progress")
    dataset_request_answer(request=proposal, actor=federal_user, status="in_progress")


def test_one_support_per_person(proposal, client):
    supporter = UserFactory()
    assert dataset_request_support(request=proposal, user=supporter) is True
    assert dataset_request_support(request=proposal, user=supporter) is False
    client.force_login(supporter)
    client.post(f"/en/opendata/requests/{proposal.pk}/support/")
    assert DatasetRequestSupport.objects.filter(request=proposal).count() == 1


def test_answered_request_takes_no_more_support(proposal, coordinator):
    dataset_request_answer(request=proposal, actor=coordinator, status="refused", response="No")
    with pytest.raises(ValidationError):
        dataset_request_support(request=proposal, user=UserFactory())


def test_propose_through_the_site(client, citizen, entity):
    assert client.get("/en/opendata/requests/new/").status_code == 302  # log in first
    client.force_login(citizen)
    response = client.post(
        "/en/opendata/requests/new/", {"entity": entity.slug, "title": "Bus stops", "reason": "For an app"}
    )
    item = DatasetRequest.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/opendata/requests/{item.pk}/")
    page = client.get(f"/en/opendata/requests/{item.pk}/").content.decode()
    assert "Bus stops" in page
    assert client.get("/en/opendata/requests/").status_code == 200


def test_markup_is_refused(citizen, entity):
    with pytest.raises(ValidationError):
        dataset_request_create(user=citizen, entity=entity, title="<script>x</script>", reason="why")


def test_coordinator_answers_in_the_admin_and_people_are_told(
    client, proposal, coordinator, django_capture_on_commit_callbacks
):
    from django.core import mail

    client.force_login(coordinator)
    url = f"/en/admin/opendata/datasetrequest/{proposal.pk}/change/"
    refused = client.post(url, {"status": "refused", "response": ""})
    assert refused.status_code == 200 and "Say why the request is refused." in refused.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "proposed"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"status": "refused", "response": "Personal data cannot be published"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "refused" and proposal.answered_at
    assert Notification.objects.filter(user=proposal.requester).count() == 1
    assert [m.to for m in mail.outbox] == [[proposal.requester.email]]
    assert "Personal data cannot be published" in mail.outbox[0].body
