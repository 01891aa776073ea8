"""Review cannot be bypassed in the admin (issue 19 item 7), and a coordinator's admin choices stay
within their entity (item 8)."""

import pytest

from governance.models import AnnualPlan, BlogPost, NewsletterIssue, NewsletterItem, PlannedCampaign
from governance.services.plans import annual_plan_approve, annual_plan_submit
from opendata.models import DatasetRequest
from tests.factories import ConsultationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _published_post(entity, author):
    return BlogPost.objects.create(
        slug="our-news",
        title_ar="خبر",
        title_en="Our news",
        body_ar="نص",
        body_en="Text",
        entity=entity,
        author=author,
        status=BlogPost.Status.PUBLISHED,
        published_at="2026-01-01T00:00:00Z",
    )


def test_a_coordinator_editing_a_published_post_sends_it_back_to_review(client, entity, coordinator):
    post = _published_post(entity, coordinator)
    assert "Our news" in client.get("/en/blog/").content.decode()
    client.force_login(coordinator)
    response = client.post(
        f"/en/admin/governance/blogpost/{post.pk}/change/",
        {
            "slug": "our-news",
            "title_ar": "خبر",
            "title_en": "Our news, changed after review",
            "body_ar": "نص",
            "body_en": "Unreviewed text",
            "summary_ar": "",
            "summary_en": "",
            "author_title": "",
            "entity": entity.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    post.refresh_from_db()
    assert post.title_en == "Our news, changed after review"
    assert post.status == BlogPost.Status.REVIEW
    client.logout()
    assert "changed after review" not in client.get("/en/blog/").content.decode()


def test_a_coordinator_editing_an_accepted_newsletter_item_sends_it_back(client, entity, coordinator):
    issue = NewsletterIssue.objects.create(title="May")
    item = NewsletterItem.objects.create(
        entity=entity,
        title="New service",
        body="Reviewed",
        status=NewsletterItem.Status.ACCEPTED,
        issue=issue,
    )
    client.force_login(coordinator)
    response = client.post(
        f"/en/admin/governance/newsletteritem/{item.pk}/change/",
        {"entity": entity.pk, "title": "New service", "body": "Unreviewed text", "link": ""},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.body == "Unreviewed text"
    assert item.status == NewsletterItem.Status.SUBMITTED and item.issue is None


def _plan_form(entity, *, consultation=None, status="approved"):
    data = {
        "entity": entity.pk,
        "year": 2027,
        "objectives": "Listen more",
        "kpis": "",
        "status": status,
        "indicators-TOTAL_FORMS": "0",  # the plan's KPIs inline (none here)
        "indicators-INITIAL_FORMS": "0",
        "indicators-MIN_NUM_FORMS": "0",
        "indicators-MAX_NUM_FORMS": "1000",
        "campaigns-TOTAL_FORMS": "1" if consultation else "0",
        "campaigns-INITIAL_FORMS": "0",
        "campaigns-MIN_NUM_FORMS": "0",
        "campaigns-MAX_NUM_FORMS": "1000",
    }
    if consultation:
        data.update(
            {
                "campaigns-0-quarter": "1",
                "campaigns-0-title": "Q1",
                "campaigns-0-consultation": consultation.pk,
            }
        )
    return data


def test_a_coordinator_cannot_create_an_approved_plan(client, entity, coordinator):
    client.force_login(coordinator)
    response = client.post("/en/admin/governance/annualplan/add/", _plan_form(entity))
    assert response.status_code == 302
    plan = AnnualPlan.objects.get(entity=entity, year=2027)
    assert plan.status == AnnualPlan.Status.DRAFT


def test_plan_approval_is_for_the_federal_team_only(entity, coordinator, federal_user):
    plan = AnnualPlan.objects.create(entity=entity, year=2027, objectives="Listen more")
    annual_plan_submit(plan=plan, user=coordinator)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        annual_plan_approve(plan=plan, user=coordinator)
    plan.refresh_from_db()
    assert plan.status == AnnualPlan.Status.SUBMITTED
    annual_plan_approve(plan=plan, user=federal_user)
    plan.refresh_from_db()
    assert plan.status == AnnualPlan.Status.APPROVED


def test_the_plan_campaign_inline_offers_only_the_coordinators_consultations(
    client, entity, other_entity, coordinator
):
    theirs = ConsultationFactory(entity=other_entity, phase="planning", title_en="Secret draft of another")
    ours = ConsultationFactory(entity=entity, title_en="Our own campaign")
    client.force_login(coordinator)
    form = client.get("/en/admin/governance/annualplan/add/").content.decode()
    assert "Our own campaign" in form and "Secret draft of another" not in form
    response = client.post("/en/admin/governance/annualplan/add/", _plan_form(entity, consultation=theirs))
    assert response.status_code == 200  # the form is shown again with the error
    assert "Secret draft of another" not in response.content.decode()
    assert not PlannedCampaign.objects.exists()
    response = client.post("/en/admin/governance/annualplan/add/", _plan_form(entity, consultation=ours))
    assert response.status_code == 302
    assert PlannedCampaign.objects.get().consultation == ours


def test_the_dataset_request_answer_form_lists_only_the_coordinators_datasets(
    client, entity, other_entity, coordinator
):
    from opendata.models import Dataset

    Dataset.objects.create(entity=entity, name="ours", title="Our published data")
    Dataset.objects.create(
        entity=other_entity, name="theirs", title="Their unpublished data", is_published=False
    )
    request = DatasetRequest.objects.create(
        entity=entity, title="Bus stops", reason="For an app", requester=UserFactory()
    )
    client.force_login(coordinator)
    form = client.get(f"/en/admin/opendata/datasetrequest/{request.pk}/change/").content.decode()
    assert "Our published data" in form and "Their unpublished data" not in form
