"""Hiding a comment or an idea from its admin change form goes through contribution_hide: a reason,
an audit record and a notice to the author (issue 19 item 9)."""

import pytest
from django.urls import reverse

from sharik.accounts.models import Notification
from sharik.core.models import AuditRecord
from tests.factories import CommentFactory, IdeaFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("factory, model", [(CommentFactory, "comment"), (IdeaFactory, "idea")])
def test_hiding_from_the_change_form_needs_a_reason_and_leaves_a_trace(
    client, open_consultation, coordinator, factory, model, django_capture_on_commit_callbacks
):
    item = factory(consultation=open_consultation)
    url = reverse(f"admin:consultations_{model}_change", args=[item.pk])
    client.force_login(coordinator)
    # The idea's form also carries its official answer's state (issue 14); it is left as it is.
    rest = {"state": item.state} if model == "idea" else {}

    refused = client.post(url, {"is_hidden": "on", "hidden_reason": "", **rest})
    assert refused.status_code == 200  # the form again, with the error beside the reason
    item.refresh_from_db()
    assert not item.is_hidden

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"is_hidden": "on", "hidden_reason": "Insults another participant", **rest}
        )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.is_hidden and item.hidden_by == coordinator and item.hidden_at is not None
    assert AuditRecord.objects.filter(action="hide", object_id=str(item.pk)).exists()
    notice = Notification.objects.get(user=item.author)
    assert "Insults another participant" in notice.body

    client.post(url, {"hidden_reason": "", **rest})  # unticked: shown again, through the service
    item.refresh_from_db()
    assert not item.is_hidden and item.hidden_by is None
    assert AuditRecord.objects.filter(action="restore", object_id=str(item.pk)).exists()
