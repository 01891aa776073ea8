"""Public pages: Arabic first (RTL), English under /en/, filters, and constant query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from consultations.models import Follow
from consultations.services import vote_cast
from tests.factories import (
    CommentFactory,
    ConsultationFactory,
    EntityFactory,
    IdeaFactory,
    PollFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_home_is_arabic_and_right_to_left_by_default(client, open_consultation):
    html = client.get("/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "css/sharik.css" in html and "bootstrap" not in html  # the UAE Design System, not Bootstrap
    assert "استشارات" in html or "الاستشارات" in html  # the navigation is translated
    assert open_consultation.title_ar in html


def test_english_pages_live_under_en_and_are_left_to_right(client, open_consultation):
    html = client.get("/en/").content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert "css/sharik.css" in html and "Consultations" in html
    assert open_consultation.title_en in html
    detail = client.get(f"/en/consultations/{open_consultation.pk}/").content.decode()
    assert open_consultation.title_en in detail


def test_language_switch_keeps_the_page(client, open_consultation):
    response = client.post(
        reverse("set_language"), {"language": "en", "next": f"/consultations/{open_consultation.pk}/"}
    )
    assert response["Location"] == f"/en/consultations/{open_consultation.pk}/"


def test_untranslated_english_content_falls_back_to_arabic(client):
    consultation = ConsultationFactory(title_en="", title_ar="عنوان عربي فقط")
    assert "عنوان عربي فقط" in client.get(f"/en/consultations/{consultation.pk}/").content.decode()


def test_list_filters_by_entity_sector_status_level_and_search(client):
    moe, moh = EntityFactory(slug="moe"), EntityFactory(slug="moh")
    a = ConsultationFactory(
        entity=moe, sector="education", title_en="School buses", un_level="e-consultation"
    )
    b = ConsultationFactory(entity=moh, sector="health", title_en="Clinic hours", phase="announcement")
    c = ConsultationFactory(entity=moh, sector="health", title_en="Vaccines", un_level="e-decision-making")
    url = "/en/consultations/"

    def titles(**params):
        html = client.get(url, params).content.decode()
        return {x.title_en for x in (a, b, c) if x.title_en in html}

    assert titles() == {"School buses", "Clinic hours", "Vaccines"}
    assert titles(entity="moh") == {"Clinic hours", "Vaccines"}
    assert titles(sector="education") == {"School buses"}
    assert titles(status="decided") == {"Clinic hours"}
    assert titles(status="open") == {"School buses", "Vaccines"}
    assert titles(level="e-decision-making") == {"Vaccines"}
    assert titles(q="clinic") == {"Clinic hours"}


def test_card_counts_match_contributions(client, open_consultation):
    for _ in range(3):
        CommentFactory(consultation=open_consultation)
    CommentFactory(consultation=open_consultation, is_hidden=True)
    IdeaFactory(consultation=open_consultation)
    html = client.get("/en/consultations/").content.decode()
    assert "3 comments" in html and "1 idea" in html


def _detail_queries(client, consultation, user):
    from governance.selectors import published_legal_pages

    client.force_login(user)
    published_legal_pages()  # the footer's links are cached for the day: compare pages, not that cache
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(consultation.get_absolute_url())
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _populate(consultation, n_comments):
    polls = [PollFactory(consultation=consultation) for _ in range(2)]
    for i in range(n_comments):
        author = UserFactory()
        parent = CommentFactory(consultation=consultation, author=author)
        CommentFactory(consultation=consultation, author=UserFactory(), parent=parent)
        if i % 2 == 0:
            vote_cast(poll=polls[0], user=author, option_ids=[polls[0].options.first().pk])
        IdeaFactory(consultation=consultation, author=author)


def test_detail_page_query_count_does_not_grow_with_comments(client, citizen):
    small, large = ConsultationFactory(), ConsultationFactory()
    _populate(small, 2)
    _populate(large, 30)
    assert _detail_queries(client, small, citizen) == _detail_queries(client, large, citizen)


def test_list_page_query_count_does_not_grow_with_consultations_or_comments(client):
    client.get("/consultations/")  # warm-up: the footer's legal links are cached after the first page
    ConsultationFactory()  # and the cached list is stale: both counts below are of a rendered list
    with CaptureQueriesContext(connection) as few:
        client.get("/consultations/")
    for _ in range(10):
        c = ConsultationFactory()
        for _ in range(5):
            CommentFactory(consultation=c)
    with CaptureQueriesContext(connection) as many:
        client.get("/consultations/")
    assert len(few.captured_queries) == len(many.captured_queries)


def test_comments_are_paginated_and_the_next_page_loads_on_demand(client, open_consultation):
    for i in range(25):
        CommentFactory(consultation=open_consultation, body=f"comment number {i:02d}")
    html = client.get(open_consultation.get_absolute_url()).content.decode()
    assert "comment number 24" in html and "comment number 04" not in html  # newest first, 20 a page
    more = client.get(
        reverse("consultations:comments", args=[open_consultation.pk]), {"page": 2}
    ).content.decode()
    assert "comment number 04" in more and "comment number 24" not in more


def test_every_page_has_landmarks_and_a_skip_link(client, open_consultation):
    for url in [
        "/",
        "/consultations/",
        open_consultation.get_absolute_url(),
        "/accounts/login/",
        "/accounts/register/",
    ]:
        html = client.get(url).content.decode()
        assert (
            'href="#main"' in html and '<main id="main"' in html and "<nav" in html and "<footer" in html
        ), url


def _time_text(html: str, iso_day: str) -> str:
    """The text a reader sees in the <time> element of that day (not its ISO `datetime=` attribute)."""
    import re

    match = re.search(rf'<time datetime="{iso_day}[^"]*">([^<]+)</time>', html)
    assert match, f"the page shows no date {iso_day}"
    digits = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")  # Arabic-Indic digits read as the same number
    return match.group(1).translate(digits)


def test_dates_are_localised(client):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    closes = datetime(2031, 3, 17, 12, 0, tzinfo=ZoneInfo("Asia/Dubai"))
    consultation = ConsultationFactory(closes_at=closes)
    arabic = _time_text(client.get(consultation.get_absolute_url()).content.decode(), "2031-03-17")
    assert "مارس" in arabic or "آذار" in arabic, arabic  # the month in Arabic
    assert "17" in arabic and "2031" in arabic and "March" not in arabic, arabic
    with translation.override("en"):
        english = _time_text(
            client.get(f"/en/consultations/{consultation.pk}/").content.decode(), "2031-03-17"
        )
    assert "March" in english and "17" in english and "2031" in english, english


def test_refusals_are_explained_in_arabic_on_arabic_pages(client, citizen):
    consultation = ConsultationFactory(phase="analysis")
    client.force_login(citizen)
    response = client.post(f"/consultations/{consultation.pk}/comments/new/", {"body": "متأخر"}, follow=True)
    assert "هذه الاستشارة مغلقة أمام المساهمات" in response.content.decode()
    response = client.post(
        f"/consultations/{ConsultationFactory().pk}/comments/new/", {"body": "<b>x</b>"}, follow=True
    )
    assert "وسوم HTML" in response.content.decode()


def test_the_follow_buttons_of_a_consultation_page_cost_one_query(client, citizen, open_consultation):
    """Following the consultation, its entity and its sector: three buttons, one query for the three."""
    client.force_login(citizen)
    for kind, key in (("entity", open_consultation.entity.slug), ("sector", open_consultation.sector)):
        client.post(reverse("consultations:follow-target", args=[kind, key]), {"follow": "1", "next": "/"})
    page = f"/en/consultations/{open_consultation.pk}/"
    client.get(page)  # warm: the cached sections and the footer
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(page).content.decode()
    assert html.count("Stop following") == 2  # the entity and the sector
    assert "Follow: tell me the outcome" in html  # not the consultation itself
    assert sum('"consultations_follow"' in q["sql"] for q in ctx.captured_queries) == 1
    assert Follow.objects.filter(user=citizen).count() == 2
