"""The feedback form offered to participants after a campaign closes, and the §16 KPIs computed from it."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from consultations.models import Comment
from governance import kpis
from governance.models import CampaignFeedback, Kpi
from governance.selectors import kpi_board, kpi_status
from governance.services.feedback import campaign_feedback_submit
from governance.services.kpis import kpi_value_enter
from tests.factories import ConsultationFactory, EntityFactory, UserFactory

NOW = timezone.now()


def ago(days: int) -> datetime.datetime:
    return NOW - datetime.timedelta(days=days)


def closed_consultation(entity=None, **kwargs):
    extra = {"entity": entity} if entity else {}
    return ConsultationFactory(phase="announcement", opens_at=ago(60), closes_at=ago(30), **extra, **kwargs)


def participant(consultation):
    user = UserFactory()
    Comment.objects.create(consultation=consultation, author=user, body="رأيي")
    return user


def test_campaign_and_communication_satisfaction_come_from_the_participants_answers(db):
    consultation = closed_consultation()
    for satisfaction, communication in ((5, 5), (4, 5), (3, 4), (2, 1)):
        campaign_feedback_submit(
            consultation=consultation,
            user=participant(consultation),
            satisfaction=satisfaction,
            communication=communication,
        )
    old = campaign_feedback_submit(
        consultation=consultation, user=participant(consultation), satisfaction=1, communication=1
    )
    CampaignFeedback.objects.filter(pk=old.pk).update(created_at=ago(400))  # older than a year: left out
    now = timezone.now()
    assert kpis.REGISTRY["satisfaction_campaign"](now) == Decimal("50.00")  # 2 of 4
    assert kpis.REGISTRY["satisfaction_communication"](now) == Decimal("75.00")  # 3 of 4


def test_satisfaction_is_undefined_without_answers(db):
    assert kpis.REGISTRY["satisfaction_campaign"](NOW) is None
    assert kpis.REGISTRY["satisfaction_communication"](NOW) is None


def test_participating_entities_growth_compares_distinct_entities_year_on_year(db):
    a, b, c = EntityFactory.create_batch(3)
    for entity in (a, b, c):
        ConsultationFactory(entity=entity, opens_at=ago(100), closes_at=ago(90))
    ConsultationFactory(entity=a, opens_at=ago(50), closes_at=ago(40))  # the same entity counts once
    for entity in (a, b):
        ConsultationFactory(entity=entity, opens_at=ago(500), closes_at=ago(490))
    assert kpis.REGISTRY["participating_entities_growth"](NOW) == Decimal("50.00")  # 2 → 3


def test_only_participants_answer_and_only_after_closing(db):
    consultation = closed_consultation()
    with pytest.raises(PermissionDenied):
        campaign_feedback_submit(
            consultation=consultation, user=UserFactory(), satisfaction=5, communication=5
        )
    running = ConsultationFactory()
    with pytest.raises(ValidationError):
        campaign_feedback_submit(
            consultation=running, user=participant(running), satisfaction=5, communication=5
        )
    assert not CampaignFeedback.objects.exists()


def test_one_answer_per_person_per_campaign_held_by_the_service_and_the_database(db):
    consultation = closed_consultation()
    person = participant(consultation)
    campaign_feedback_submit(consultation=consultation, user=person, satisfaction=4, communication=4)
    with pytest.raises(ValidationError):
        campaign_feedback_submit(consultation=consultation, user=person, satisfaction=1, communication=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        CampaignFeedback.objects.create(
            consultation=consultation, user=person, satisfaction=2, communication=2
        )
    assert CampaignFeedback.objects.get().satisfaction == 4


def test_answers_out_of_the_scale_are_refused(db):
    consultation = closed_consultation()
    with pytest.raises(ValidationError):
        campaign_feedback_submit(
            consultation=consultation, user=participant(consultation), satisfaction=6, communication=3
        )


def test_the_participant_is_offered_the_form_on_the_closed_consultation_and_answers_once(client, db):
    consultation = closed_consultation()
    person = participant(consultation)
    bystander = UserFactory()
    detail = reverse("consultations:detail", args=[consultation.pk])
    form_url = reverse("governance:campaign-feedback", args=[consultation.pk])

    client.force_login(bystander)
    assert 'id="feedback-offer"' not in client.get(detail).content.decode()
    assert client.get(form_url).status_code == 403

    client.force_login(person)
    assert 'id="feedback-offer"' in client.get(detail).content.decode()
    response = client.post(form_url, {"satisfaction": "5", "communication": "2", "comment": "شكراً"})
    assert response.status_code == 302
    assert client.get(form_url).content.decode().count('id="feedback-answered"') == 1
    assert 'id="feedback-offer"' not in client.get(detail).content.decode()
    client.post(form_url, {"satisfaction": "1", "communication": "1"})  # a second post changes nothing
    row = CampaignFeedback.objects.get()
    assert (row.user, row.satisfaction, row.communication) == (person, 5, 2)


def test_the_form_needs_a_login(client, db):
    consultation = closed_consultation()
    response = client.get(reverse("governance:campaign-feedback", args=[consultation.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_rank_kpi_is_on_track_only_at_its_target():
    assert kpi_status(Decimal(1), Decimal(1), higher_is_better=False) == "on_track"
    assert kpi_status(Decimal(8), Decimal(1), higher_is_better=False) == "off_track"
    assert kpi_status(Decimal(8), Decimal(1)) == "on_track"  # the same numbers read as "more is better"


def test_every_16_kpi_exists_and_those_the_portal_can_see_are_computed(db):
    codes = dict(Kpi.objects.values_list("code", "computation"))
    for code in ("platform-on-time", "un-epi-rank", "smart-services-use"):
        assert codes[code] == ""  # typed in: the portal cannot see them
    assert codes["communication-satisfaction"] == "satisfaction_communication"
    assert codes["participating-entities-growth"] == "participating_entities_growth"
    assert codes["campaign-satisfaction"] == "satisfaction_campaign"
    assert not Kpi.objects.get(code="un-epi-rank").higher_is_better
    assert all(
        Kpi.objects.values_list("source_note_en", flat=True)
    )  # every KPI says where its value comes from


def test_the_kpi_page_says_who_typed_a_value_in_and_where_each_comes_from(client, federal_user, english):
    federal_user.display_name = "Aisha of the federal team"
    federal_user.save()
    rank = Kpi.objects.get(code="un-epi-rank")
    kpi_value_enter(
        kpi=rank,
        value=Decimal(8),
        measured_on=timezone.localdate(),
        user=federal_user,
        evidence="UN survey 2024",
    )
    row = next(r for r in kpi_board() if r["kpi"].code == "un-epi-rank")
    assert row["status"] == "off_track"
    html = client.get(reverse("governance:kpis")).content.decode()
    assert "Typed in by Aisha of the federal team" in html
    assert "UN survey 2024" in html
    assert "from the UN E-Government Survey" in html
    assert "answers to the two-question form" in html  # the campaign KPI says it is computed from the form


def test_each_entitys_participation_satisfaction_indicator_reads_its_participants_answers(db):
    from analytics.indicators import stage_indicators

    mine, theirs = closed_consultation(), closed_consultation()
    for satisfaction in (5, 4, 1):
        campaign_feedback_submit(
            consultation=mine, user=participant(mine), satisfaction=satisfaction, communication=3
        )
    campaign_feedback_submit(consultation=theirs, user=participant(theirs), satisfaction=5, communication=5)
    per_entity, national = stage_indicators([mine.entity_id, theirs.entity_id])
    assert per_entity[mine.entity_id]["participation"]["satisfaction"] == 66.67
    assert per_entity[theirs.entity_id]["participation"]["satisfaction"] == 100.0
    assert national["participation"]["satisfaction"] == 75.0
