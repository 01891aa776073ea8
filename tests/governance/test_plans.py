"""Annual plans, offline engagements and what each role sees of them in the admin."""

import datetime

from governance.models import AnnualPlan, NewsletterItem, OfflineEngagement, PlannedCampaign
from tests.factories import ConsultationFactory


def test_plan_progress_counts_the_planned_campaigns_that_happened(entity):
    plan = AnnualPlan.objects.create(entity=entity, year=2026, objectives="Listen more")
    PlannedCampaign.objects.create(
        plan=plan, title="Ran", quarter=1, consultation=ConsultationFactory(entity=entity)
    )
    PlannedCampaign.objects.create(
        plan=plan,
        title="Still a draft",
        quarter=2,
        consultation=ConsultationFactory(entity=entity, phase="planning"),
    )
    PlannedCampaign.objects.create(plan=plan, title="Not started", quarter=3)
    assert plan.progress() == (1, 3)


def test_coordinators_see_and_edit_only_their_own_entitys_plans_in_the_admin(
    client, entity, other_entity, coordinator, federal_user
):
    own = AnnualPlan.objects.create(entity=entity, year=2026, objectives="Ours")
    other = AnnualPlan.objects.create(entity=other_entity, year=2026, objectives="Theirs")
    client.force_login(coordinator)
    listing = client.get("/en/admin/governance/annualplan/").content.decode()
    assert f"/annualplan/{own.pk}/change/" in listing and f"/annualplan/{other.pk}/change/" not in listing
    assert client.get(f"/en/admin/governance/annualplan/{other.pk}/change/").status_code in (302, 403, 404)
    assert client.get(f"/en/admin/governance/annualplan/{own.pk}/change/").status_code == 200
    client.force_login(federal_user)
    listing = client.get("/en/admin/governance/annualplan/").content.decode()
    assert f"/annualplan/{other.pk}/change/" in listing


def test_only_published_offline_engagements_are_public(client, entity):
    today = datetime.date.today()
    OfflineEngagement.objects.create(
        entity=entity,
        kind="focus_group",
        title_ar="مجموعة",
        title_en="Parents focus group",
        held_on=today,
        is_published=True,
    )
    OfflineEngagement.objects.create(
        entity=entity, kind="internal", title_ar="داخلي", title_en="Internal only", held_on=today
    )
    page = client.get("/en/governance/engagements/").content.decode()
    assert "Parents focus group" in page and "Internal only" not in page


def test_a_coordinator_submits_a_newsletter_item_for_their_entity_from_the_admin(client, entity, coordinator):
    client.force_login(coordinator)
    response = client.post(
        "/en/admin/governance/newsletteritem/add/",
        {"entity": entity.pk, "title": "New service", "body": "Now online", "link": ""},
    )
    assert response.status_code == 302
    item = NewsletterItem.objects.get()
    assert (item.entity, item.status) == (entity, NewsletterItem.Status.SUBMITTED)
