"""An entity's annual plan: indicators with targets measured from the portal where possible, and the
approved plan's summary on the entity's public page."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from consultations.models import Comment, Idea
from governance.models import AnnualPlan, CampaignFeedback, PlanIndicator
from governance.selectors_plans import plan_indicator_rows
from tests.factories import ConsultationFactory, UserFactory

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def at(month: int, day: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(YEAR, month, day, 12))


@pytest.fixture
def plan(entity):
    plan = AnnualPlan.objects.create(
        entity=entity, year=YEAR, objectives="إشراك أولياء الأمور", status="approved"
    )
    for name, measure, target, value in (
        ("مشورات", "consultations_opened", 2, None),
        ("قرارات", "decisions", 2, None),
        ("مساهمات", "contributions", 3, None),
        ("رضا", "satisfaction", 80, None),
        ("زيارات ميدانية", "manual", 5, Decimal(6)),
    ):
        PlanIndicator.objects.create(
            plan=plan, name_ar=name, name_en=name, measure=measure, target=target, value=value
        )
    return plan


def test_the_plans_indicators_are_measured_from_the_entitys_data_of_the_year(plan, entity, other_entity):
    done = ConsultationFactory(
        entity=entity, phase="announcement", opens_at=at(2), closes_at=at(3), decided_at=at(4), decision="نعم"
    )
    ConsultationFactory(entity=entity, opens_at=at(5), closes_at=at(12, 20))  # open now: counted as opened
    ConsultationFactory(entity=entity, phase="planning", opens_at=at(6), closes_at=at(7))  # not public
    ConsultationFactory(entity=other_entity, opens_at=at(5), closes_at=at(12, 20))  # another entity
    people = UserFactory.create_batch(3)
    for person in people:
        Comment.objects.create(consultation=done, author=person, body="رأي")
    Idea.objects.create(consultation=done, author=people[0], title="فكرة", body="فكرة")
    old = Comment.objects.create(consultation=done, author=people[1], body="قديم")
    Comment.objects.filter(pk=old.pk).update(created_at=at(1).replace(year=YEAR - 1))  # last year
    for person, score in zip(people, (5, 4, 2), strict=True):
        CampaignFeedback.objects.create(consultation=done, user=person, satisfaction=score, communication=3)
    rows = {row["indicator"].name_ar: row for row in plan_indicator_rows(plan)}
    assert rows["مشورات"]["value"] == 2 and rows["مشورات"]["reached"]
    assert rows["قرارات"]["value"] == 1 and not rows["قرارات"]["reached"]
    assert rows["مساهمات"]["value"] == 4 and rows["مساهمات"]["reached"]
    assert rows["رضا"]["value"] == Decimal("66.7") and not rows["رضا"]["reached"]
    assert rows["زيارات ميدانية"]["value"] == 6 and not rows["زيارات ميدانية"]["measured"]


def test_a_measured_indicator_takes_no_typed_value(plan):
    indicator = PlanIndicator(plan=plan, name_ar="x", measure="decisions", target=1, value=Decimal(9))
    with pytest.raises(ValidationError):
        indicator.full_clean()


def test_the_approved_plans_summary_is_on_the_entitys_public_page(client, plan, entity):
    url = reverse("analytics:epi-entity", args=[entity.slug])
    html = client.get(url).content.decode()
    assert 'id="entity-plan"' in html and "إشراك أولياء الأمور" in html and "زيارات ميدانية" in html
    AnnualPlan.objects.filter(pk=plan.pk).update(status="draft")
    assert 'id="entity-plan"' not in client.get(url).content.decode()  # a draft is not published


def test_a_coordinator_sees_only_their_own_entitys_plan_indicators(client, coordinator, plan, other_entity):
    foreign = AnnualPlan.objects.create(entity=other_entity, year=YEAR, objectives="x")
    PlanIndicator.objects.create(plan=foreign, name_ar="FOREIGN-INDICATOR", measure="manual", target=1)
    client.force_login(coordinator)
    assert client.get(reverse("admin:governance_annualplan_change", args=[plan.pk])).status_code == 200
    assert (
        "زيارات ميدانية"
        in client.get(reverse("admin:governance_annualplan_change", args=[plan.pk])).content.decode()
    )
    assert client.get(reverse("admin:governance_annualplan_change", args=[foreign.pk])).status_code == 302
