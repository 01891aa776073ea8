"""Success stories (an entity submits, the coordination team publishes or returns with a reason, an edit
goes back to review) and the entities' rating of the programme's support (one per entity and period, a
reminder exactly once, the KPI computed from the ratings)."""

import datetime
import html
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from governance import kpis
from governance.models import Kpi, KpiValue, SuccessStory, SupportRating, SupportRatingPeriod
from governance.services import reports
from governance.services import stories as services
from governance.services.kpis import kpi_values_compute
from governance.tasks import support_rating_reminders_send
from sharik.accounts.models import Notification
from tests.factories import ConsultationFactory, EntityFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(entity):
    return ConsultationFactory(
        entity=entity,
        phase="announcement",
        title_en="Flexible school hours",
        decision="The school day starts at 8.",
        decided_at=timezone.now() - datetime.timedelta(days=3),
        opens_at=timezone.now() - datetime.timedelta(days=40),
        closes_at=timezone.now() - datetime.timedelta(days=10),
    )


def _story(user, consultation, **kwargs):
    fields = {
        "title_ar": "قصة الساعات المرنة",
        "title_en": "The flexible hours story",
        "body_ar": "<p>غيّر الناس القرار.</p>",
        "body_en": "<p>People changed the decision.</p>",
    } | kwargs
    return services.story_create(user=user, consultation=consultation, **fields)


def _admin_form(story, **changes):
    return {
        "consultation": story.consultation_id,
        "title_ar": story.title_ar,
        "title_en": story.title_en,
        "body_ar": story.body_ar,
        "body_en": story.body_en,
    } | changes


def test_a_coordinator_submits_the_coordination_team_publishes_and_the_public_reads_it(
    client, coordinator, coordination_user, decided
):
    story = _story(coordinator, decided)
    assert story.status == SuccessStory.Status.REVIEW and story.entity == decided.entity
    assert "The flexible hours story" not in client.get("/en/stories/").content.decode()
    assert client.get(f"/en/stories/{story.pk}/").status_code == 404

    with pytest.raises(PermissionDenied):
        services.story_publish(story=story, user=coordinator)  # an entity does not publish its own story
    services.story_publish(story=story, user=coordination_user)

    listing = client.get("/en/stories/").content.decode()
    assert "The flexible hours story" in listing and "Flexible school hours" in listing
    assert "قصة الساعات المرنة" in client.get("/stories/").content.decode()
    detail = html.unescape(client.get(f"/en/stories/{story.pk}/").content.decode())
    assert "People changed the decision." in detail
    assert f'href="/en/consultations/{decided.pk}/#outcome"' in detail
    assert "The school day starts at 8." in detail
    told = Notification.objects.filter(user=coordinator, key__startswith=f"story:{story.pk}:published:")
    assert told.count() == 1 and "قصة الساعات المرنة" in told.get().title  # in the author's language


def test_a_coordinator_writes_stories_only_about_their_own_entitys_consultations(
    client, coordinator, other_coordinator, citizen, decided, other_entity
):
    with pytest.raises(PermissionDenied):
        _story(other_coordinator, decided)
    with pytest.raises(PermissionDenied):
        _story(citizen, decided)
    theirs = ConsultationFactory(entity=other_entity, title_en="Another entity's consultation")
    client.force_login(coordinator)
    form = client.get("/en/admin/governance/successstory/add/").content.decode()
    assert "Flexible school hours" in form and "Another entity&#x27;s consultation" not in form
    response = client.post("/en/admin/governance/successstory/add/", _admin_form(_unsaved(theirs)))
    assert response.status_code == 200  # refused by the form: not one of the choices
    assert not SuccessStory.objects.exists()

    story = _story(coordinator, decided)
    client.force_login(other_coordinator)
    response = client.get(f"/en/admin/governance/successstory/{story.pk}/change/")
    assert response.status_code in (302, 403, 404)
    assert "flexible hours" not in client.get("/en/admin/governance/successstory/").content.decode()


def _unsaved(consultation):
    return SuccessStory(
        consultation=consultation, title_ar="ع", title_en="T", body_ar="<p>ن</p>", body_en="<p>B</p>"
    )


def test_a_returned_story_shows_its_reason_to_the_entity_and_an_edit_goes_back_to_review(
    client, coordinator, federal_user, decided
):
    story = _story(coordinator, decided)
    with pytest.raises(ValidationError):
        services.story_return(story=story, user=federal_user, reason="  ")
    services.story_return(story=story, user=federal_user, reason="Say what changed in the decision.")
    story.refresh_from_db()
    assert story.status == SuccessStory.Status.RETURNED

    client.force_login(coordinator)
    page = client.get(f"/en/admin/governance/successstory/{story.pk}/change/").content.decode()
    assert "Say what changed in the decision." in page
    response = client.post(
        f"/en/admin/governance/successstory/{story.pk}/change/",
        _admin_form(story, body_en="<p>The start moved from 7:30 to 8.</p>"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    story.refresh_from_db()
    assert story.status == SuccessStory.Status.REVIEW

    services.story_publish(story=story, user=federal_user)
    assert "The flexible hours story" in client.get("/en/stories/").content.decode()
    # Reviewed blog posts go back to review when edited; so do published stories.
    client.post(
        f"/en/admin/governance/successstory/{story.pk}/change/",
        _admin_form(story, title_en="An unreviewed new title"),
    )
    story.refresh_from_db()
    assert story.status == SuccessStory.Status.REVIEW and story.title_en == "An unreviewed new title"
    client.logout()
    listing = client.get("/en/stories/").content.decode()
    assert "An unreviewed new title" not in listing and "The flexible hours story" not in listing


def test_the_admin_return_action_asks_for_the_reason_first(client, coordinator, federal_user, decided):
    story = _story(coordinator, decided)
    client.force_login(federal_user)
    url = "/en/admin/governance/successstory/"
    form = client.post(url, {"action": "return_to_entity", "_selected_action": [story.pk]})
    assert form.status_code == 200 and "Why is the story returned?" in form.content.decode()
    story.refresh_from_db()
    assert story.status == SuccessStory.Status.REVIEW
    client.post(
        url,
        {
            "action": "return_to_entity",
            "_selected_action": [story.pk],
            "apply": "1",
            "reason": "Add a photo.",
        },
    )
    story.refresh_from_db()
    assert story.status == SuccessStory.Status.RETURNED and story.return_reason == "Add a photo."
    client.force_login(coordinator)
    client.post(url, {"action": "publish", "_selected_action": [story.pk]})  # not offered to them
    story.refresh_from_db()
    assert story.status == SuccessStory.Status.RETURNED


def test_the_story_text_is_sanitised(client, coordinator, federal_user, decided):
    story = _story(coordinator, decided, body_en='<p onclick="x()">Kept</p><script>alert(1)</script>')
    services.story_publish(story=story, user=federal_user)
    page = client.get(f"/en/stories/{story.pk}/").content.decode()
    assert "<p>Kept</p>" in page and "alert(1)" not in page and "onclick" not in page


# --- the entities' satisfaction with the programme's support ------------------------------------


@pytest.fixture
def period(db):
    today = timezone.localdate()
    return SupportRatingPeriod.objects.create(
        year=today.year,
        opens_on=today - datetime.timedelta(days=5),
        closes_on=today + datetime.timedelta(days=20),
    )


def test_one_rating_per_entity_and_period(english, coordinator, other_coordinator, citizen, entity, period):
    services.support_rating_submit(user=coordinator, entity=entity, period=period, rating=4, comment="Good")
    with pytest.raises(ValidationError, match="already rated"):
        services.support_rating_submit(user=coordinator, entity=entity, period=period, rating=1)
    with pytest.raises(IntegrityError), transaction.atomic():  # the database holds the rule too
        SupportRating.objects.create(entity=entity, period=period, rating=2, rated_by=coordinator)
    with pytest.raises(PermissionDenied):
        services.support_rating_submit(user=other_coordinator, entity=entity, period=period, rating=5)
    assert list(SupportRating.objects.values_list("rating", flat=True)) == [4]

    closed = SupportRatingPeriod.objects.create(
        year=period.year - 1, opens_on=datetime.date(2000, 1, 1), closes_on=datetime.date(2000, 12, 31)
    )
    with pytest.raises(ValidationError, match="not open"):
        services.support_rating_submit(user=coordinator, entity=entity, period=closed, rating=5)


def test_the_rating_page_records_one_rating_and_refuses_others(
    client, coordinator, other_coordinator, citizen, entity, other_entity, period
):
    client.force_login(citizen)
    assert client.get("/en/governance/support-rating/").status_code == 403
    client.force_login(other_coordinator)
    client.post("/en/governance/support-rating/", {"entity": entity.pk, "rating": "1"})
    assert not SupportRating.objects.filter(entity=entity).exists()  # not their entity

    client.force_login(coordinator)
    page = client.get("/en/governance/support-rating/").content.decode()
    assert "not rated yet" in page
    response = client.post(
        "/en/governance/support-rating/", {"entity": entity.pk, "rating": "5", "comment": "OK"}
    )
    assert response.status_code == 302
    page = client.get("/en/governance/support-rating/").content.decode()
    assert "rated 5 of 5" in page and 'name="rating"' not in page
    client.post("/en/governance/support-rating/", {"entity": entity.pk, "rating": "1"})
    assert list(SupportRating.objects.values_list("rating", flat=True)) == [5]


def test_the_reminder_reaches_each_unrated_entity_exactly_once_across_two_beat_runs(
    coordinator, other_coordinator, entity, other_entity, period
):
    services.support_rating_submit(user=other_coordinator, entity=other_entity, period=period, rating=4)
    second = UserFactory()
    from governance.services import entity_coordinator_assign

    entity_coordinator_assign(entity=entity, user=second)
    mail.outbox.clear()
    assert support_rating_reminders_send() == 1  # the entity that has not rated
    assert support_rating_reminders_send() == 0  # the second run sends nothing
    reminded = Notification.objects.filter(key__startswith="support-rating:")
    assert sorted(reminded.values_list("user_id", flat=True)) == sorted([coordinator.pk, second.pk])
    assert len(mail.outbox) == 2
    assert not reminded.filter(user=other_coordinator).exists()

    later = SupportRatingPeriod.objects.create(
        year=period.year + 1,
        opens_on=period.closes_on + datetime.timedelta(days=300),
        closes_on=period.closes_on + datetime.timedelta(days=330),
    )
    assert services.support_rating_reminders_send(today=later.opens_on) == 2  # a new period: both again
    assert services.support_rating_reminders_send(today=later.opens_on) == 0


def test_the_support_satisfaction_kpi_is_computed_from_the_ratings(client, period, coordinator):
    kpi = Kpi.objects.get(code="support-satisfaction")  # seeded by the migration
    assert kpi.computation == "support_satisfaction" and kpi.target == 80
    people = UserFactory()
    last = SupportRatingPeriod.objects.create(
        year=period.year - 1, opens_on=datetime.date(2000, 1, 1), closes_on=datetime.date(2000, 12, 31)
    )
    for rating in (5, 5, 5):  # last period's ratings do not count this period
        SupportRating.objects.create(entity=EntityFactory(), period=last, rating=rating, rated_by=people)
    for rating in (5, 4, 3, 2):
        SupportRating.objects.create(entity=EntityFactory(), period=period, rating=rating, rated_by=people)
    assert kpis.REGISTRY["support_satisfaction"](timezone.now()) == Decimal("50.00")  # 2 of 4
    kpi_values_compute()
    assert KpiValue.objects.get(kpi=kpi).value == Decimal("50.00")
    page = html.unescape(client.get("/en/kpis/").content.decode())
    assert "satisfaction with the programme's support" in page
    assert "Computed from the entities' coordinators' ratings of the programme's support" in page


def test_no_period_no_value(db):
    assert kpis.REGISTRY["support_satisfaction"](timezone.now()) is None


def test_the_annual_report_counts_stories_and_the_support_rating(coordinator, federal_user, decided, period):
    story = _story(coordinator, decided)
    services.story_publish(story=story, user=federal_user)
    _story(coordinator, decided, title_en="Still in review")
    people = UserFactory()
    for rating in (5, 3):
        SupportRating.objects.create(entity=EntityFactory(), period=period, rating=rating, rated_by=people)
    data = reports.annual_report_figures(year=period.year)
    assert data["stories"] == {
        "published": 1,
        "titles": [{"ar": "قصة الساعات المرنة", "en": "The flexible hours story"}],
    }
    assert data["support"] == {"ratings": 2, "satisfied": 1, "share": "50.00", "average": "4.00"}
