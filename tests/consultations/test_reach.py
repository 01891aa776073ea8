"""Reach (issue 15): follow and be told once, digests once per period, one-click unsubscribe, feeds,
the participation corner's framing rule, the share card and its metadata."""

import re
from datetime import datetime, timedelta
from xml.etree import ElementTree

import pytest
from django.core import signing
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from consultations.models import Digest, EmbedOrigin, Follow, FollowPreference, SdgTag
from consultations.models.reach import Delivery, FollowEvent
from consultations.phases import Phase
from consultations.services import reach as services
from consultations.tasks import reach as tasks
from sharik.accounts.models import Notification
from tests.consultations.conftest import walk
from tests.factories import ConsultationFactory, PollFactory, UserFactory

pytestmark = [pytest.mark.django_db]


def _follow(user, **target):
    return Follow.objects.create(user=user, **target)


# --- Follow and be told --------------------------------------------------------------------------


def test_opening_a_consultation_tells_exactly_its_followers_once_in_their_language(
    entity, other_entity, coordinator, federal_user, django_capture_on_commit_callbacks, mailoutbox
):
    goal = SdgTag.objects.create(code="16.7", name_ar="صنع قرار تشاركي", name_en="Participatory decisions")
    of_entity = UserFactory(preferred_language="ar")
    of_sector = UserFactory(preferred_language="en")
    of_goal = UserFactory(preferred_language="en")
    of_other_entity = UserFactory()
    of_other_sector = UserFactory()
    bystander = UserFactory()
    _follow(of_entity, entity=entity)
    _follow(of_sector, sector="education")
    _follow(of_goal, sdg=goal)
    _follow(of_other_entity, entity=other_entity)
    _follow(of_other_sector, sector="health")

    consultation = ConsultationFactory(entity=entity, phase=Phase.PREPARATION, opens_at=None, closes_at=None)
    PollFactory(consultation=consultation, options=["A", "B"])
    consultation.sdgs.add(goal)
    with django_capture_on_commit_callbacks(execute=True):
        walk(consultation, Phase.CONDUCT, coordinator=coordinator, reviewer=federal_user)

    key = f"follow-opened-consultation-{consultation.pk}"
    told = set(Notification.objects.filter(key=key).values_list("user_id", flat=True))
    assert told == {of_entity.pk, of_sector.pk, of_goal.pk}
    assert sorted(m.to[0] for m in mailoutbox) == sorted([of_entity.email, of_sector.email, of_goal.email])
    by_person = {m.to[0]: m for m in mailoutbox}
    assert by_person[of_sector.email].subject.startswith("A consultation opened")
    assert by_person[of_entity.email].subject.startswith("فُتحت")
    # Every e-mail carries its own one-click unsubscribe (RFC 8058).
    for message in mailoutbox:
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert re.fullmatch(r"<http.*/follows/unsubscribe/[^/]+/>", message.extra_headers["List-Unsubscribe"])
    # The job again (a retry, a second worker): nobody is told twice.
    mailoutbox.clear()
    assert tasks.follow_opened_task(consultation.pk) == 0
    assert mailoutbox == [] and Notification.objects.filter(key=key).count() == 3
    assert not Notification.objects.filter(user__in=[bystander, of_other_entity, of_other_sector]).exists()


def test_a_follower_who_chose_the_site_only_gets_no_email_and_a_digest_follower_gets_it_later(
    entity, mailoutbox
):
    site_only, daily = UserFactory(), UserFactory()
    for person in (site_only, daily):
        _follow(person, entity=entity)
    services.follow_preferences_set(user=site_only, choices={FollowEvent.OPENED: Delivery.SITE})
    services.follow_preferences_set(user=daily, choices={FollowEvent.OPENED: Delivery.DAILY})
    consultation = ConsultationFactory(entity=entity)
    assert services.follow_event_notify(event=FollowEvent.OPENED, consultation=consultation) == 2
    assert mailoutbox == []
    assert Notification.objects.get(user=daily).digest == "daily"
    assert Notification.objects.get(user=site_only).digest == ""


def test_closing_soon_job_tells_followers_once(entity, mailoutbox):
    follower = UserFactory()
    _follow(follower, entity=entity)
    soon = ConsultationFactory(entity=entity, closes_at=timezone.now() + timedelta(hours=5))
    ConsultationFactory(entity=entity, closes_at=timezone.now() + timedelta(days=10))  # not yet
    assert tasks.follow_closing_soon_task() == 1
    assert tasks.follow_closing_soon_task() == 0
    assert [n.key for n in Notification.objects.filter(user=follower)] == [
        f"follow-closing-consultation-{soon.pk}"
    ]
    assert len(mailoutbox) == 1


def test_follow_and_unfollow_pages(client, entity):
    person = UserFactory()
    url = reverse("consultations:follow-target", args=["entity", entity.slug])
    assert client.post(url).status_code == 302 and not Follow.objects.exists()  # to the login page
    client.force_login(person)
    client.post(url, {"follow": "1"})
    client.post(url, {"follow": "1"})  # twice: still one row
    assert Follow.objects.filter(user=person, entity=entity).count() == 1
    page = client.get(reverse("consultations:follows"))
    assert entity.name in page.content.decode()
    client.post(url, {"follow": "0"})
    assert not Follow.objects.exists()
    assert client.post(reverse("consultations:follow-target", args=["sector", "nonsense"])).status_code == 404
    client.post(reverse("consultations:follows"), {"event-opened": "weekly", "event-closing": "site"})
    prefs = dict(FollowPreference.objects.filter(user=person).values_list("event", "delivery"))
    assert prefs["opened"] == "weekly" and prefs["closing"] == "site"


# --- Digests -------------------------------------------------------------------------------------


def _notice(user, key, when, digest="daily"):
    n = Notification.objects.create(
        user=user, key=key, title=f"Title {key}", body="", url="/x/", digest=digest
    )
    Notification.objects.filter(pk=n.pk).update(created_at=when)


def test_daily_digest_holds_exactly_the_days_notices_and_is_sent_once_when_run_twice(mailoutbox):
    now = timezone.make_aware(datetime(2026, 3, 11, 7, 0))  # Wednesday morning, Dubai time
    yesterday = timezone.make_aware(datetime(2026, 3, 10, 12, 0))
    reader, quiet, weekly = UserFactory(), UserFactory(), UserFactory()
    _notice(reader, "day-1", yesterday)
    _notice(reader, "day-2", yesterday + timedelta(hours=11, minutes=59))
    _notice(reader, "before", yesterday - timedelta(days=1))  # the day before: not in it
    _notice(reader, "today", now - timedelta(hours=1))  # today: tomorrow's digest
    _notice(reader, "not-digest", yesterday, digest="")  # e-mailed at once: not in it
    _notice(quiet, "today-only", now - timedelta(hours=1))  # nothing in the period: nothing sent
    _notice(weekly, "weekly-one", yesterday, digest="weekly")

    assert services.digests_send(frequency="daily", now=now) == 1
    assert services.digests_send(frequency="daily", now=now + timedelta(hours=1)) == 0  # the job again
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [reader.email]
    assert "Title day-1" in message.body and "Title day-2" in message.body
    for other in ("before", "today", "not-digest", "weekly-one"):
        assert f"Title {other}" not in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    digest = Digest.objects.get()
    assert (digest.user, digest.item_count, digest.frequency) == (reader, 2, "daily")
    assert timezone.localtime(digest.period_start).date().isoformat() == "2026-03-10"
    assert not Digest.objects.filter(user=quiet).exists()
    # The weekly digest of the week before (Mon 2–Sun 8 March) holds nothing of this person.
    assert services.digests_send(frequency="weekly", now=now) == 0
    assert services.digests_send(frequency="weekly", now=now + timedelta(days=6)) == 1  # Mon 16th: 9–15 March


def test_a_digest_whose_worker_died_before_marking_it_is_sent_by_the_next_run(mailoutbox, monkeypatch):
    now = timezone.make_aware(datetime(2026, 3, 11, 7, 0))
    reader = UserFactory()
    _notice(reader, "one", timezone.make_aware(datetime(2026, 3, 10, 9, 0)))
    original = Digest.save

    def die(self, *args, **kwargs):
        if kwargs.get("update_fields"):  # marking it sent, after the mail went out
            raise SystemExit("worker killed")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Digest, "save", die)
    with pytest.raises(SystemExit):
        services.digests_send(frequency="daily", now=now)
    monkeypatch.setattr(Digest, "save", original)
    assert not Digest.objects.filter(sent_at__isnull=False).exists()  # rolled back: not marked sent
    assert services.digests_send(frequency="daily", now=now) == 1
    assert services.digests_send(frequency="daily", now=now) == 0
    # The copy sent before the crash and the real one have the same Message-ID: clients drop one.
    assert mailoutbox[0].extra_headers["Message-ID"] == mailoutbox[1].extra_headers["Message-ID"]


# --- Unsubscribe ---------------------------------------------------------------------------------


def test_one_click_unsubscribe_without_a_session_and_a_forged_token_does_nothing(entity, mailoutbox):
    person = UserFactory()
    _follow(person, entity=entity)
    services.follow_event_notify(event=FollowEvent.OPENED, consultation=ConsultationFactory(entity=entity))
    header = mailoutbox[0].extra_headers["List-Unsubscribe"]
    url = header.strip("<>").split("://", 1)[1].split("/", 1)[1]
    url = "/" + url
    anonymous = Client(enforce_csrf_checks=True)  # a mail client: no session, no CSRF cookie

    forged = signing.dumps({"u": person.pk, "e": person.email, "s": "opened"}, salt="another-salt")
    bad = anonymous.post(
        reverse("consultations:follow-unsubscribe", args=[forged]), {"List-Unsubscribe": "One-Click"}
    )
    assert bad.status_code == 400
    tampered = url.replace(url.split("/")[-2], url.split("/")[-2][:-2] + "xx")
    assert anonymous.post(tampered, {"List-Unsubscribe": "One-Click"}).status_code == 400
    assert not FollowPreference.objects.exists()

    assert anonymous.get(url).status_code == 200  # a link scanner's GET changes nothing
    assert not FollowPreference.objects.exists()
    done = anonymous.post(url, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert FollowPreference.objects.get(user=person, event="opened").delivery == Delivery.SITE
    mailoutbox.clear()
    services.follow_event_notify(event=FollowEvent.OPENED, consultation=ConsultationFactory(entity=entity))
    assert mailoutbox == []  # still told on the site, no longer by e-mail


# --- Feeds ---------------------------------------------------------------------------------------


def test_feeds_per_entity_sector_and_goal_and_the_calendar(client, entity, other_entity):
    from icalendar import Calendar

    goal = SdgTag.objects.create(code="4", name_ar="التعليم الجيد", name_en="Quality education")
    mine = ConsultationFactory(entity=entity, sector="education", title_en="Mine", title_ar="لي")
    mine.sdgs.add(goal)
    theirs = ConsultationFactory(entity=other_entity, sector="health", title_en="Theirs", title_ar="لهم")
    ConsultationFactory(entity=entity, phase=Phase.PREPARATION, title_en="Hidden", title_ar="مخفية")

    def titles(url):
        response = client.get(url)
        assert response.status_code == 200
        root = ElementTree.fromstring(response.content)
        found = [e.text for e in root.iter() if e.tag.split("}")[-1] == "title"]
        return found[1:]  # the feed's own title first

    assert titles(f"/en/consultations/feeds/entity/{entity.slug}/rss/") == ["Mine"]
    assert titles("/en/consultations/feeds/sector/health/atom/") == ["Theirs"]
    assert titles("/consultations/feeds/sdg/4/rss/") == ["لي"]
    assert client.get("/en/consultations/feeds/sector/unknown/rss/").status_code == 404
    response = client.get(f"/en/consultations/feeds/calendar.ics?entity={entity.slug}")
    assert response["Content-Type"].startswith("text/calendar")
    events = Calendar.from_ical(response.content).walk("VEVENT")
    assert [str(e["SUMMARY"]) for e in events] == ["Mine"]
    assert events[0].decoded("DTSTART") == mine.opens_at.replace(microsecond=0) or abs(
        events[0].decoded("DTSTART") - mine.opens_at
    ) < timedelta(seconds=1)
    assert abs(events[0].decoded("DTEND") - mine.closes_at) < timedelta(seconds=1)
    assert theirs.title not in response.content.decode()


def test_goal_page_lists_its_consultations(client):
    goal = SdgTag.objects.create(code="16.7", name_ar="صنع قرار تشاركي", name_en="Participatory decisions")
    c = ConsultationFactory(title_en="On goal", title_ar="عن الهدف")
    c.sdgs.add(goal)
    ConsultationFactory(title_en="Off goal", title_ar="خارج الهدف")
    page = client.get("/en/consultations/goals/16.7/").content.decode()
    assert "On goal" in page and "Off goal" not in page


# --- The participation corner --------------------------------------------------------------------


def test_only_the_entitys_registered_origins_may_frame_its_corner(client, entity, other_entity):
    services.embed_origin_add(entity=entity, origin="https://www.moe.example.ae/")
    with pytest.raises(ValidationError):
        services.embed_origin_add(entity=entity, origin="https://x.example; script-src *")
    open_one = ConsultationFactory(entity=entity, title_en="Open here", title_ar="مفتوحة")
    response = client.get(f"/en/consultations/corner/{entity.slug}/")
    assert response.status_code == 200 and "Open here" in response.content.decode()
    csp = response["Content-Security-Policy"]
    assert "frame-ancestors https://www.moe.example.ae" in csp
    assert "X-Frame-Options" not in response
    assert (
        'href="http' in response.content.decode() and open_one.get_absolute_url() in response.content.decode()
    )
    # No origin registered: nobody may frame it.
    other = client.get(f"/en/consultations/corner/{other_entity.slug}/")
    assert "frame-ancestors 'none'" in other["Content-Security-Policy"]
    assert other["X-Frame-Options"] == "DENY"
    # Every other page stays unframeable.
    page = client.get(open_one.get_absolute_url())
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"] and page["X-Frame-Options"] == "DENY"
    assert EmbedOrigin.objects.get().origin == "https://www.moe.example.ae"


def test_the_admin_shows_the_iframe_snippet(client, entity):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser(email="root@example.org", password="x" * 12)
    client.force_login(admin)
    origin = services.embed_origin_add(entity=entity, origin="https://www.moe.example.ae")
    page = client.get(reverse("admin:consultations_embedorigin_change", args=[origin.pk])).content.decode()
    assert "&lt;iframe src=&quot;" in page and f"/consultations/corner/{entity.slug}/" in page


def test_decided_tells_followers_not_already_told_the_outcome_and_a_proposal_answer_its_followers(
    entity, mailoutbox
):
    from consultations.models import Comment

    consultation = ConsultationFactory(entity=entity)
    participant, follower = UserFactory(), UserFactory()
    for person in (participant, follower):
        _follow(person, entity=entity)
    Comment.objects.create(consultation=consultation, author=participant, body="I took part in this one.")
    assert tasks.follow_decided_task(consultation.pk) == 1  # the participant gets the outcome notice instead
    assert Notification.objects.get(key=f"follow-decided-consultation-{consultation.pk}").user == follower
    assert tasks.follow_decided_task(consultation.pk) == 0
