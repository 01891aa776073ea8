"""A coordinator of entity A cannot see or act on entity B's campaigns in any lifecycle page or action."""

import pytest
from django.urls import reverse

from consultations.models import (
    CommentFlag,
    CommunicationActivity,
    Consultation,
    Decision,
    OfflineContribution,
    PhaseTransition,
    Plan,
    Readiness,
)
from consultations.phases import Phase
from tests.factories import CommentFactory, UserFactory

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def theirs(campaign, other_entity):
    """Entity B's campaigns: one in Analysis (with a decision draft) and one in Planning with a plan."""
    analysis = campaign(Phase.ANALYSIS, entity_=other_entity)
    Decision.objects.create(consultation=analysis, text="B's decision", rationale="B's reasons")
    planning = campaign(Phase.PLANNING, entity_=other_entity)
    plan = Plan.objects.create(consultation=planning, objective="B's plan", status=Plan.Status.SUBMITTED)
    CommunicationActivity.objects.create(
        consultation=analysis,
        phase=Phase.CONDUCT,
        audience="B's public",
        channel="sms",
        message="m",
        date="2026-01-01",
    )
    comment = CommentFactory(consultation=analysis, body="B's flagged comment")
    CommentFlag.objects.create(comment=comment, user=UserFactory(), reason="spam")
    return {"analysis": analysis, "planning": planning, "plan": plan, "comment": comment}


def test_lifecycle_pages_of_another_entity_are_not_found(client, other_coordinator, coordinator, theirs):
    client.force_login(coordinator)
    for name in ("lifecycle", "analysis"):
        for consultation in (theirs["analysis"], theirs["planning"]):
            url = reverse(f"admin:consultations_consultation_{name}", args=[consultation.pk])
            assert client.get(url).status_code == 404
    # ...while entity B's own coordinator sees them.
    client.force_login(other_coordinator)
    url = reverse("admin:consultations_consultation_lifecycle", args=[theirs["analysis"].pk])
    assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "data",
    [
        {"action": "advance", "to_phase": Phase.ANNOUNCEMENT},
        {"action": "decision_approve", "approved_from": "Me"},
        {"action": "extend", "closes_at": "2099-01-01T00:00"},
        {"action": "plan_submit"},
    ],
)
def test_lifecycle_actions_on_another_entity_are_refused(client, coordinator, theirs, data):
    client.force_login(coordinator)
    for consultation in (theirs["analysis"], theirs["planning"]):
        url = reverse("admin:consultations_consultation_lifecycle", args=[consultation.pk])
        assert client.post(url, data).status_code == 404
    theirs["analysis"].refresh_from_db()
    assert theirs["analysis"].phase == Phase.ANALYSIS
    assert Decision.objects.get(consultation=theirs["analysis"]).approved_at is None
    assert Plan.objects.get(pk=theirs["plan"].pk).status == Plan.Status.SUBMITTED


@pytest.mark.parametrize(
    "model",
    [Readiness, Plan, Decision, CommunicationActivity, PhaseTransition, OfflineContribution],
)
def test_record_lists_and_pages_hide_another_entity(client, coordinator, campaign, theirs, model):
    campaign(Phase.ANALYSIS)  # our own campaign, so the lists are not empty
    OfflineContribution.objects.create(
        consultation=theirs["analysis"], channel="phone", date="2026-01-01", people_count=2, text="B's call"
    )
    client.force_login(coordinator)
    opts = model._meta
    listing = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert listing.status_code == 200
    shown = {obj.consultation.entity_id for obj in listing.context["cl"].result_list}
    assert theirs["analysis"].entity_id not in shown
    for obj in model.objects.filter(consultation__entity=theirs["analysis"].entity):
        response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
        assert response.status_code in (302, 404)  # "does not exist" for this person


def test_add_forms_do_not_accept_another_entitys_consultation(client, coordinator, theirs):
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:consultations_offlinecontribution_add"),
        {
            "consultation": theirs["analysis"].pk,
            "channel": "phone",
            "date": "2026-01-01",
            "people_count": "3",
            "text": "sneaky",
        },
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    response = client.post(
        reverse("admin:consultations_communicationactivity_add"),
        {
            "consultation": theirs["analysis"].pk,
            "audience": "x",
            "channel": "sms",
            "message": "sneaky",
            "date": "2026-01-01",
        },
    )
    assert response.status_code == 200
    assert not OfflineContribution.objects.exists()
    assert CommunicationActivity.objects.count() == 1


def test_moderation_queue_shows_and_touches_only_own_entity(client, coordinator, campaign, theirs):
    mine = campaign(Phase.CONDUCT)
    own = CommentFactory(consultation=mine, body="My flagged comment")
    CommentFlag.objects.create(comment=own, user=UserFactory(), reason="spam")
    client.force_login(coordinator)
    url = reverse("admin:consultations_consultation_moderation")
    html = client.get(url).content.decode()
    assert "My flagged comment" in html and "B&#x27;s flagged comment" not in html
    response = client.post(
        url, {"kind": "comment", "pk": theirs["comment"].pk, "action": "hide", "reason": "no"}
    )
    assert response.status_code == 404
    theirs["comment"].refresh_from_db()
    assert not theirs["comment"].is_hidden


def test_consultation_list_links_only_own_campaigns(client, coordinator, campaign, theirs):
    mine = campaign(Phase.PLANNING)
    client.force_login(coordinator)
    listing = client.get(reverse("admin:consultations_consultation_changelist"))
    pks = {c.pk for c in listing.context["cl"].result_list}
    assert mine.pk in pks and not pks & {theirs["analysis"].pk, theirs["planning"].pk}
    assert Consultation.objects.count() == 3


def test_bulk_action_moves_own_campaigns_and_cannot_reach_others(client, coordinator, campaign, theirs):
    ready = campaign(Phase.CONDUCT)
    stuck = campaign(Phase.ANALYSIS)  # no decision yet: its guard refuses
    client.force_login(coordinator)
    url = reverse("admin:consultations_consultation_changelist")
    response = client.post(
        url,
        {
            "action": "advance_selected",
            "_selected_action": [ready.pk, stuck.pk, theirs["analysis"].pk, theirs["planning"].pk],
        },
        follow=True,
    )
    said = " ".join(str(m) for m in response.context["messages"])
    assert "Record the decision and why it was taken" in said
    ready.refresh_from_db()
    stuck.refresh_from_db()
    theirs["analysis"].refresh_from_db()
    theirs["planning"].refresh_from_db()
    assert (ready.phase, stuck.phase) == (Phase.ANALYSIS, Phase.ANALYSIS)
    assert (theirs["analysis"].phase, theirs["planning"].phase) == (Phase.ANALYSIS, Phase.PLANNING)
    theirs_moved = PhaseTransition.objects.filter(consultation__in=[theirs["analysis"], theirs["planning"]])
    assert not theirs_moved.filter(user=coordinator).exists()


def test_consultation_list_links_the_moderation_queue(client, coordinator):
    client.force_login(coordinator)
    html = client.get(reverse("admin:consultations_consultation_changelist")).content.decode()
    assert reverse("admin:consultations_consultation_moderation") in html
