"""The annual social-media plan (seed §20-3): posts per month and channel, reach only once published,
the federal team's month-by-month calendar with filters, its CSV export and the annual report's figures."""

import csv
import datetime
import io
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from governance.models import SocialChannel, SocialPost
from governance.services import reports
from governance.services.social import social_post_save

pytestmark = pytest.mark.django_db


def _post(owner, day, channel="x", status="planned", text="A message", **kwargs):
    return social_post_save(
        post=SocialPost(
            planned_for=day,
            channel=SocialChannel.objects.get(code=channel),
            kind=kwargs.pop("kind", "message"),
            text=text,
            owner=owner,
            status=status,
            **kwargs,
        ),
        user=owner,
    )


def test_the_channels_are_seeded_as_data(db):
    assert {"x", "instagram", "linkedin", "youtube"} <= set(
        SocialChannel.objects.values_list("code", flat=True)
    )


def test_reach_is_refused_before_the_post_is_published(federal_user):
    with pytest.raises(ValidationError) as refused:
        _post(federal_user, datetime.date(2026, 3, 5), status="ready", reach=1200)
    assert "reach" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        _post(federal_user, datetime.date(2026, 3, 5), status="published")  # no publication day
    assert "published_on" in refused.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():  # the database holds the rule too
        SocialPost.objects.create(
            planned_for=datetime.date(2026, 3, 5),
            channel=SocialChannel.objects.get(code="x"),
            text="t",
            owner=federal_user,
            status="planned",
            reach=5,
        )
    assert not SocialPost.objects.exists()

    post = _post(federal_user, datetime.date(2026, 3, 5))
    post.status = SocialPost.Status.PUBLISHED
    post.published_on = datetime.date(2026, 3, 6)
    post.reach = 1200
    social_post_save(post=post, user=federal_user)
    post.refresh_from_db()
    assert (post.status, post.reach) == ("published", 1200)


def test_the_admin_refuses_reach_on_a_planned_post(client, federal_user):
    client.force_login(federal_user)
    response = client.post(
        "/en/admin/governance/socialpost/add/",
        {
            "planned_for": "2026-03-05",
            "channel": SocialChannel.objects.get(code="x").pk,
            "kind": "message",
            "text": "Take part",
            "owner": federal_user.pk,
            "status": "planned",
            "reach": "900",
        },
    )
    assert response.status_code == 200
    assert "Reach is typed in only once the post is published." in response.content.decode()
    assert not SocialPost.objects.exists()


def test_only_the_federal_team_keeps_and_reads_the_plan(client, citizen, coordinator, federal_user):
    with pytest.raises(PermissionDenied):
        _post(coordinator, datetime.date(2026, 3, 5))
    for url in ("/en/governance/social/", "/en/governance/social/export.csv"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        for person in (citizen, coordinator):
            client.force_login(person)
            assert client.get(url).status_code == 403
        client.force_login(federal_user)
        assert client.get(url).status_code == 200
        client.logout()
    client.force_login(coordinator)
    assert client.get("/en/admin/governance/socialpost/add/").status_code == 403


@pytest.fixture
def plan(federal_user):
    _post(federal_user, datetime.date(2026, 3, 5), text="March message on X")
    _post(
        federal_user,
        datetime.date(2026, 3, 20),
        channel="instagram",
        kind="poll",
        status="published",
        published_on=datetime.date(2026, 3, 21),
        reach=1500,
        text="March poll on Instagram",
    )
    _post(federal_user, datetime.date(2026, 4, 2), status="ready", text='=HYPERLINK("http://x")')
    _post(
        federal_user,
        datetime.date(2026, 5, 9),
        channel="instagram",
        status="published",
        published_on=datetime.date(2026, 5, 9),
        reach=500,
        text="May video",
    )
    _post(federal_user, datetime.date(2025, 3, 5), text="Last year's post")


def test_the_calendar_shows_each_months_posts_and_filters_them(client, federal_user, plan):
    client.force_login(federal_user)
    page = client.get("/en/governance/social/?year=2026").content.decode()
    months = {
        re.sub(r"<[^>]+>", "", heading): body
        for heading, body in re.findall(r"<h2[^>]*>(.*?)</h2>(.*?)</section>", page, re.S)
    }
    assert list(months) == ["March 2026", "April 2026", "May 2026"]
    assert "March message on X" in months["March 2026"] and "March poll on Instagram" in months["March 2026"]
    assert "May video" not in months["March 2026"] and "May video" in months["May 2026"]
    assert "Last year&#x27;s post" not in page and "Last year's post" not in page
    assert "4 posts planned this year." in page and "2 published." in page

    instagram = client.get("/en/governance/social/?year=2026&channel=instagram").content.decode()
    assert "March poll on Instagram" in instagram and "March message on X" not in instagram
    published = client.get("/en/governance/social/?year=2026&status=published").content.decode()
    assert "May video" in published and "March message on X" not in published
    assert "April 2026" not in published  # no published post that month


def test_the_csv_export_lists_the_filtered_posts_with_guarded_cells(client, federal_user, plan):
    client.force_login(federal_user)
    response = client.get("/en/governance/social/export.csv?year=2026")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "Month",
        "Planned for",
        "Channel",
        "Kind",
        "Text",
        "Owner",
        "Status",
        "Published on",
        "Reach",
    ]
    assert len(rows) == 5  # the header and 2026's four posts
    assert rows[2][1:4] == ["2026-03-20", "Instagram", "Short poll"]
    assert rows[2][6:] == ["Published", "2026-03-21", "1500"]
    assert rows[3][4] == '\'=HYPERLINK("http://x")'  # a formula is made inert
    assert rows[3][6:] == ["Ready", "", ""]
    only = client.get("/en/governance/social/export.csv?year=2026&status=published")
    assert len(list(csv.reader(io.StringIO(only.content.decode("utf-8-sig"))))) == 3


def test_the_annual_report_counts_the_published_posts_and_their_reach(plan):
    social = reports.annual_report_figures(year=2026)["social"]
    assert social["planned"] == 4 and social["published"] == 2 and social["reach"] == 2000
    assert social["by_channel"] == [{"channel": "instagram", "posts": 2, "reach": 2000}]
