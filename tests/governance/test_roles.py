"""Who may do what in governance: each rule tried by every role."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from governance.models import AnnualReport, BlogPost, CoordinatorNomination, ToolkitItem
from governance.onboarding import OnboardingState
from governance.services import (
    content,
    entity_checklist_update,
    entity_onboarding_transition,
    network,
    reports,
)
from governance.services.toolkit import toolkit_item_approve, toolkit_item_create
from tests.factories import UserFactory

ROLES = ["citizen", "coordinator", "other_coordinator", "federal_user", "coordination_user", "oversight_user"]


@pytest.mark.parametrize("who", ROLES)
def test_only_the_coordination_team_onboards_entities(request, entity, who):
    user = request.getfixturevalue(who)
    if who == "coordination_user":
        entity = entity_onboarding_transition(entity=entity, to_state=OnboardingState.ONBOARDING, user=user)
        assert entity.onboarding_state == OnboardingState.ONBOARDING
    else:
        with pytest.raises(PermissionDenied):
            entity_onboarding_transition(entity=entity, to_state=OnboardingState.ONBOARDING, user=user)
        with pytest.raises(PermissionDenied):
            entity_checklist_update(entity=entity, user=user, api_key_issued=True)
        entity.refresh_from_db()
        assert entity.onboarding_state == OnboardingState.INVITED
        assert not entity.api_key_issued


@pytest.mark.parametrize("who", ROLES)
def test_only_the_oversight_committee_approves_guides(request, federal_user, who):
    user = request.getfixturevalue(who)
    item = toolkit_item_create(owner=federal_user, kind="guide", slug="guide", title_ar="دليل")
    if who == "oversight_user":
        toolkit_item_approve(item=item, user=user)
        item.refresh_from_db()
        assert item.status == ToolkitItem.Status.APPROVED and item.approved_by == user
    else:
        with pytest.raises(PermissionDenied):
            toolkit_item_approve(item=item, user=user)
        item.refresh_from_db()
        assert item.status == ToolkitItem.Status.DRAFT


@pytest.mark.parametrize("who", ROLES)
def test_only_the_oversight_committee_approves_the_annual_report(request, who):
    user = request.getfixturevalue(who)
    report = AnnualReport.objects.create(
        year=2025, status=AnnualReport.Status.GENERATED, data={"year": 2025}, generated_at=timezone.now()
    )
    if who == "oversight_user":
        reports.annual_report_approve(report=report, user=user)
        report.refresh_from_db()
        assert report.status == AnnualReport.Status.APPROVED
    else:
        with pytest.raises(PermissionDenied):
            reports.annual_report_approve(report=report, user=user)
        report.refresh_from_db()
        assert report.status == AnnualReport.Status.GENERATED


@pytest.mark.parametrize("who", ROLES)
def test_only_the_federal_team_publishes_blog_posts(request, coordinator, entity, who):
    user = request.getfixturevalue(who)
    post = content.blog_post_create(
        author=coordinator, entity=entity, slug="p", title_ar="مقال", body_ar="<p>نص</p>"
    )
    post = content.blog_post_transition(post=post, to_status=BlogPost.Status.REVIEW, user=coordinator)
    if who == "federal_user":
        content.blog_post_transition(post=post, to_status=BlogPost.Status.PUBLISHED, user=user)
        assert BlogPost.objects.published().filter(pk=post.pk).exists()
    else:
        with pytest.raises(PermissionDenied):
            content.blog_post_transition(post=post, to_status=BlogPost.Status.PUBLISHED, user=user)
        assert not BlogPost.objects.published().exists()


def test_a_coordinator_nominates_only_for_their_own_entity(entity, other_entity, coordinator):
    nominee = UserFactory()
    nomination = network.coordinator_nominate(entity=entity, user=nominee, nominated_by=coordinator)
    assert nomination.status == CoordinatorNomination.Status.NOMINATED
    with pytest.raises(PermissionDenied):
        network.coordinator_nominate(entity=other_entity, user=UserFactory(), nominated_by=coordinator)


def test_approval_makes_the_nominee_the_entitys_coordinator(entity, other_entity, coordinator, federal_user):
    nominee = UserFactory()
    nomination = network.coordinator_nominate(entity=entity, user=nominee, nominated_by=coordinator)
    with pytest.raises(PermissionDenied):
        network.coordinator_nomination_decide(nomination=nomination, approve=True, user=coordinator)
    network.coordinator_nomination_decide(nomination=nomination, approve=True, user=federal_user)
    nominee = type(nominee).objects.get(pk=nominee.pk)  # fresh permission cache
    assert nominee.has_perm("governance.coordinate_entity", entity)
    assert not nominee.has_perm("governance.coordinate_entity", other_entity)
    entity.refresh_from_db()
    assert entity.coordinator_nominated
    assert CoordinatorNomination.objects.approved().filter(user=nominee).exists()


def test_network_directory_is_for_network_members_only(client, entity, federal_user, citizen, coordinator):
    nominee = UserFactory(email="member@example.org")
    nomination = network.coordinator_nominate(
        entity=entity, user=nominee, nominated_by=federal_user, phone="+971 1"
    )
    network.coordinator_nomination_decide(nomination=nomination, approve=True, user=federal_user)
    network.training_record_add(nomination=nomination, title="Basics", completed_on=datetime.date(2026, 1, 5))

    assert client.get("/governance/network/").status_code == 302  # anonymous: log in first
    client.force_login(citizen)
    assert client.get("/governance/network/").status_code == 403
    client.force_login(coordinator)  # a coordinator by grant but not (yet) an approved network member
    assert client.get("/governance/network/").status_code == 403
    client.force_login(nominee)
    page = client.get("/en/governance/network/")
    assert page.status_code == 200
    assert "member@example.org" in page.content.decode() and "Basics" in page.content.decode()
    client.force_login(federal_user)
    assert client.get("/governance/network/").status_code == 200
