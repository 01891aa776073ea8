"""Campaign insight figures on fixtures with known numbers: reach by target group, poll results, bursts;
who sees what on the insight page, and the links to it."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from analytics.models import CampaignInsight
from analytics.services.insight import insight_compute
from consultations.models import (
    AnonymousVote,
    Comment,
    Consultation,
    Follow,
    IdeaSupport,
    Plan,
    TargetGroup,
)
from consultations.services.contributions import vote_cast
from sharik.accounts.models import User
from tests.factories import CommentFactory, ConsultationFactory, IdeaFactory, PollFactory, UserFactory

pytestmark = pytest.mark.django_db

BASE = datetime(2026, 3, 1, 6, 0, tzinfo=UTC)


def _url(consultation, lang):
    with translation.override(lang):
        return reverse("analytics:insight", args=[consultation.pk])


def _close(consultation):
    Consultation.objects.filter(pk=consultation.pk).update(phase="analysis")
    consultation.refresh_from_db()


@pytest.fixture
def reach_campaign(entity):
    """10 participants: 3 young people in Dubai (planned 5), 2 verified residents (planned 4),
    7 with Arabic as their language (no number planned); a follower who did not take part."""
    consultation = ConsultationFactory(entity=entity)
    plan = Plan.objects.create(consultation=consultation, objective="Reach the young")
    TargetGroup.objects.create(
        plan=plan, name="Young people in Dubai", place="dubai", age_band="18-24", planned_participants=5
    )
    TargetGroup.objects.create(
        plan=plan, name="Verified residents", verified_residents=True, planned_participants=4
    )
    TargetGroup.objects.create(plan=plan, name="Arabic speakers", language="ar")
    young = [UserFactory(place="dubai", age_band="18-24") for _ in range(3)]
    other = UserFactory(place="dubai", age_band="35-44")
    verified = [UserFactory(is_verified_resident=True, age_band="45-54") for _ in range(2)]
    rest = [UserFactory(preferred_language="en") for _ in range(3)] + [UserFactory(place="sharjah")]
    poll = PollFactory(consultation=consultation)
    CommentFactory(consultation=consultation, author=young[0], body="First")
    CommentFactory(consultation=consultation, author=young[0], body="Second, by the same person")
    vote_cast(poll=poll, user=young[1], option_ids=[poll.options.first().pk])
    idea = IdeaFactory(consultation=consultation, author=other)
    IdeaSupport.objects.create(idea=idea, user=young[2])
    for person in verified + rest:
        CommentFactory(consultation=consultation, author=person)
    Follow.objects.create(consultation=consultation, user=UserFactory(place="dubai", age_band="18-24"))
    _close(consultation)
    return consultation


def test_reach_per_planned_target_group(reach_campaign):
    reach = insight_compute(consultation_id=reach_campaign.pk).reach
    assert reach["participants"] == 10
    got = {g["name"]: (g["planned"], g["reached"]) for g in reach["groups"]}
    assert got == {
        "Young people in Dubai": (5, 3),
        "Verified residents": (4, 2),
        "Arabic speakers": (None, 7),
    }


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_insight_page_shows_reach_in_both_languages(client, reach_campaign, lang):
    insight_compute(consultation_id=reach_campaign.pk)
    page = client.get(_url(reach_campaign, lang)).content.decode()
    row = page.split('id="reach-table"')[1].split("</table>")[0]
    dot = "."  # one decimal point in both languages (sharik/formats/ar)
    assert "Young people in Dubai" in row and f"<td>5</td><td>3</td><td>60{dot}0%</td>" in row
    assert f"<td>4</td><td>2</td><td>50{dot}0%</td>" in row
    if lang == "en":
        assert "Reach by the planned target groups" in page and "Dubai · 18–24" in row
        assert "10 people took part online." in page
    else:
        assert "الوصول إلى الفئات المستهدفة في الخطة" in page and "دبي" in row


@pytest.fixture
def poll_campaign(entity):
    """One question: A 3 votes, B 2, C 1, and one anonymous vote for C that is never counted."""
    consultation = ConsultationFactory(entity=entity)
    poll = PollFactory(consultation=consultation, question_en="Which logo?", question_ar="أي شعار؟")
    a, b, c = poll.options.all()
    for option, n in ((a, 3), (b, 2), (c, 1)):
        for _ in range(n):
            vote_cast(poll=poll, user=UserFactory(), option_ids=[option.pk])
    AnonymousVote.objects.create(poll=poll, option=c, session_key="one-browser")
    _close(consultation)
    return consultation


def test_poll_results_per_question(poll_campaign):
    (question,) = insight_compute(consultation_id=poll_campaign.pk).polls
    assert question["total"] == 6
    assert [(o["votes"], o["share"], o["anonymous"]) for o in question["options"]] == [
        (3, 50.0, 0),
        (2, 33.3, 0),
        (1, 16.7, 1),
    ]


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_insight_page_shows_poll_results_with_a_table_in_both_languages(client, poll_campaign, lang):
    insight_compute(consultation_id=poll_campaign.pk)
    page = client.get(_url(poll_campaign, lang)).content.decode()
    table = page.split('class="sharik-table poll-results"')[1].split("</table>")[0]
    dot = "."
    assert f'<th scope="row">A</th><td>3</td><td>50{dot}0%</td><td>0</td>' in table
    assert f'<th scope="row">C</th><td>1</td><td>16{dot}7%</td><td>1</td>' in table
    assert 'data-chart="poll-chart-' in page
    if lang == "en":
        assert "Which logo? — 6 votes counted" in table
    else:
        assert "أي شعار؟" in table and "نتائج التصويت" in page


def _comments_at(consultation, times, *, joined):
    """One comment per time, each by a new person whose account was created at `joined(time)`."""
    for when in times:
        person = UserFactory()
        User.objects.filter(pk=person.pk).update(date_joined=joined(when))
        comment = CommentFactory(consultation=consultation, author=person)
        Comment.objects.filter(pk=comment.pk).update(created_at=when)


def _trickle(consultation):
    """48 comments, one an hour for two days, from accounts a month old."""
    _comments_at(
        consultation,
        [BASE + timedelta(hours=h, minutes=10) for h in range(48)],
        joined=lambda t: t - timedelta(days=30),
    )


def test_a_burst_from_new_accounts_is_flagged_and_a_steady_trickle_is_not(entity):
    steady = ConsultationFactory(entity=entity)
    _trickle(steady)
    bursts = insight_compute(consultation_id=steady.pk).bursts
    assert bursts["contributions"] == 48 and bursts["active_hours"] == 48
    assert bursts["windows"] == [] and bursts["flagged"] == 0 and bursts["new_accounts"] == 0

    campaign = ConsultationFactory(entity=entity)
    _trickle(campaign)
    burst_hour = BASE + timedelta(hours=100)
    # 50 comments within one hour, from accounts created two hours earlier (the same day)
    _comments_at(
        campaign,
        [burst_hour + timedelta(minutes=i) for i in range(50)],
        joined=lambda t: burst_hour - timedelta(hours=2),
    )
    bursts = insight_compute(consultation_id=campaign.pk).bursts
    assert bursts["contributions"] == 98 and bursts["new_accounts"] == 50 and bursts["new_share"] == 51.0
    (window,) = bursts["windows"]
    assert window["contributions"] == 50 and window["new_accounts"] == 50 and window["new_share"] == 100.0
    assert window["flagged"] and bursts["flagged"] == 1
    assert datetime.fromisoformat(window["hour"]) == burst_hour


def test_a_burst_from_established_accounts_is_shown_but_not_flagged(entity):
    campaign = ConsultationFactory(entity=entity)
    _trickle(campaign)
    rush = BASE + timedelta(hours=60)
    _comments_at(
        campaign, [rush + timedelta(minutes=i) for i in range(30)], joined=lambda t: t - timedelta(days=90)
    )
    bursts = insight_compute(consultation_id=campaign.pk).bursts
    (window,) = bursts["windows"]
    assert window["contributions"] == 30 and window["new_accounts"] == 0 and not window["flagged"]
    assert bursts["flagged"] == 0


@pytest.fixture
def burst_campaign(entity):
    campaign = ConsultationFactory(entity=entity)
    _trickle(campaign)
    hour = BASE + timedelta(hours=100)
    _comments_at(
        campaign, [hour + timedelta(minutes=i) for i in range(50)], joined=lambda t: hour - timedelta(hours=2)
    )
    _close(campaign)
    insight_compute(consultation_id=campaign.pk)
    return campaign


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_bursts_are_shown_to_the_entity_staff_only(
    client, burst_campaign, coordinator, other_coordinator, lang
):
    url = _url(burst_campaign, lang)
    public = client.get(url).content.decode()
    assert client.get(url).status_code == 200 and 'id="bursts"' not in public
    client.force_login(other_coordinator)
    assert 'id="bursts"' not in client.get(url).content.decode()
    client.force_login(coordinator)
    page = client.get(url).content.decode()
    table = page.split('id="bursts-table"')[1].split("</table>")[0]
    dot = "."
    assert table.count("<tr") == 2 and f"<td>50</td><td>50</td><td>100{dot}0%</td>" in table
    if lang == "en":
        assert "Yes: many new accounts" in table
        assert "50 of 98 contributions (51.0%) came from accounts created less than 24 hours" in page
        assert "stores no IP address" in page
    else:
        assert "نعم" in table and "عنوان IP" in page


def test_while_open_only_the_entity_staff_see_the_insight(
    client, open_consultation, coordinator, other_coordinator
):
    insight_compute(consultation_id=open_consultation.pk)
    url = reverse("analytics:insight", args=[open_consultation.pk])
    assert client.get(url).status_code == 404
    client.force_login(other_coordinator)
    assert client.get(url).status_code == 404
    client.force_login(coordinator)
    assert client.get(url).status_code == 200


def test_the_public_results_page_links_to_the_insight_only_when_the_public_may_see_it(
    client, open_consultation, coordinator, english
):
    insight_compute(consultation_id=open_consultation.pk)
    client.force_login(coordinator)  # even the entity's coordinator: the public page links for the public
    assert 'id="insight-link"' not in client.get(open_consultation.get_absolute_url()).content.decode()
    client.logout()
    _close(open_consultation)
    page = client.get(open_consultation.get_absolute_url()).content.decode()
    assert f'href="{reverse("analytics:insight", args=[open_consultation.pk])}" id="insight-link"' in page
    assert "What people said: reach, poll results, sentiment and topics" in page


def test_no_link_before_the_insight_is_computed(client, open_consultation):
    _close(open_consultation)
    assert CampaignInsight.objects.count() == 0
    assert 'id="insight-link"' not in client.get(open_consultation.get_absolute_url()).content.decode()


def test_the_analysis_admin_page_links_to_the_insight(client, open_consultation, coordinator, english):
    client.force_login(coordinator)
    url = reverse("admin:consultations_consultation_analysis", args=[open_consultation.pk])
    page = client.get(url).content.decode()
    assert 'id="insight-link"' not in page and "The campaign insight is computed when" in page
    insight_compute(consultation_id=open_consultation.pk)
    page = client.get(url).content.decode()
    assert f'href="{reverse("analytics:insight", args=[open_consultation.pk])}" id="insight-link"' in page


def test_a_campaign_that_received_everything_in_one_hour_shows_that_burst(entity):
    campaign = ConsultationFactory(entity=entity)  # open for 15 days
    hour = BASE + timedelta(hours=5)
    _comments_at(
        campaign, [hour + timedelta(minutes=i) for i in range(25)], joined=lambda t: t - timedelta(hours=1)
    )
    bursts = insight_compute(consultation_id=campaign.pk).bursts
    assert [(w["contributions"], w["flagged"]) for w in bursts["windows"]] == [(25, True)]


def test_fewer_than_twenty_contributions_in_an_hour_are_never_a_burst(entity):
    campaign = ConsultationFactory(entity=entity)
    hour = BASE + timedelta(hours=5)
    _comments_at(
        campaign, [hour + timedelta(minutes=i) for i in range(19)], joined=lambda t: t - timedelta(hours=1)
    )
    assert insight_compute(consultation_id=campaign.pk).bursts["windows"] == []
