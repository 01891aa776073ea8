"""Sharik harvests the entities' feeds from a real HTTP server: good, failing, slow and broken feeds."""

from datetime import timedelta

import pytest
from django.utils import timezone

from consultations.models import Consultation, HarvestRun, HarvestSource
from consultations.services.archive import harvest_backoff
from consultations.tasks.archive import harvest_due, harvest_source
from sharik.core.models import AuditRecord
from tests.workers import wait_for


@pytest.fixture(autouse=True)
def _local_feeds_allowed(settings):
    """The test feeds run on 127.0.0.1, which production refuses (see the last test)."""
    settings.HARVEST_ALLOW_PRIVATE_HOSTS = True


def _item(external_id: str, title: str = "", **extra) -> dict:
    return {
        "external_id": external_id,
        "title": {"ar": title or f"الإستشارة رقم {external_id}", "en": f"Consultation {external_id}"},
        "summary": {"ar": "ملخص", "en": "Summary"},
        "sector": "health",
        "un_level": "e-consultation",
        "escwa_stage": "participation",
        "phase": "announcement",
        "opens_at": "2026-01-01T00:00:00Z",
        "closes_at": "2026-02-01T00:00:00Z",
        "url": f"https://entity.example/c/{external_id}",
        "results": {"participants": 10, "comments": 2},
        "decision": {"ar": "قرار", "en": "Decision"},
        "decided_at": "2026-02-10T00:00:00Z",
        **extra,
    }


def _source(entity, url: str, **kwargs) -> HarvestSource:
    return HarvestSource.objects.create(
        entity=entity, url=url, next_run_at=timezone.now() - timedelta(minutes=1), **kwargs
    )


def _run_due(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return harvest_due.delay().get()


@pytest.fixture
def good_feed(feed_server):
    feed_server.json("/feed", {"items": [_item("1"), _item("2")], "next": feed_server.url("/feed?page=2")})
    feed_server.json("/feed?page=2", {"items": [_item("3")], "next": None})
    return feed_server.url("/feed")


def test_good_feed_is_harvested_page_by_page_and_a_second_run_changes_nothing(
    entity, good_feed, django_capture_on_commit_callbacks
):
    source = _source(entity, good_feed, interval_minutes=60)
    assert _run_due(django_capture_on_commit_callbacks) == 1

    run = HarvestRun.objects.get()
    assert run.status == HarvestRun.Status.SUCCESS
    assert (run.pages, run.created, run.updated, run.unchanged, run.failed) == (2, 3, 0, 0, 0)
    assert run.finished_at is not None and run.errors == []
    assert Consultation.objects.filter(entity=entity, source="harvested").count() == 3
    assert AuditRecord.objects.filter(action="archive.create", source="harvest").count() == 3
    source.refresh_from_db()
    assert source.consecutive_failures == 0
    assert source.last_success_at is not None
    assert timedelta(minutes=59) < source.next_run_at - timezone.now() <= timedelta(minutes=60)

    # not due again yet: the next tick starts nothing
    assert _run_due(django_capture_on_commit_callbacks) == 0
    updated_at = dict(Consultation.objects.values_list("external_id", "updated_at"))
    harvest_source.delay(source.pk)
    second = HarvestRun.objects.order_by("-started_at").first()
    assert (second.created, second.updated, second.unchanged) == (0, 0, 3)
    assert dict(Consultation.objects.values_list("external_id", "updated_at")) == updated_at
    assert AuditRecord.objects.filter(source="harvest").count() == 3


def test_feed_change_updates_the_archive_like_a_push(entity, feed_server):
    url = feed_server.json("/feed", {"items": [_item("1")], "next": None})
    source = _source(entity, url)
    harvest_source.delay(source.pk)
    feed_server.json("/feed", {"items": [_item("1", phase="archived")], "next": None})
    harvest_source.delay(source.pk)
    run = HarvestRun.objects.order_by("-started_at").first()
    assert run.updated == 1
    assert Consultation.objects.get(external_id="1").phase == "archived"
    assert AuditRecord.objects.get(action="archive.update").changes["phase"] == ["announcement", "archived"]


def test_http_500_is_recorded_retried_with_backoff_and_deletes_nothing(
    entity, feed_server, django_capture_on_commit_callbacks
):
    url = feed_server.json("/feed", {"items": [_item("1"), _item("2")], "next": None})
    source = _source(entity, url)
    _run_due(django_capture_on_commit_callbacks)
    assert Consultation.objects.count() == 2

    feed_server.routes["/feed"] = (500, "Internal Server Error", 0)
    source.refresh_from_db()
    source.next_run_at = timezone.now() - timedelta(seconds=1)
    source.save()
    _run_due(django_capture_on_commit_callbacks)
    failed = HarvestRun.objects.order_by("-started_at").first()
    assert failed.status == HarvestRun.Status.FAILED
    assert "HTTP 500" in failed.errors[0]
    assert failed.finished_at is not None
    assert Consultation.objects.count() == 2  # the archive keeps what it had
    source.refresh_from_db()
    assert source.consecutive_failures == 1
    wait = source.next_run_at - timezone.now()
    assert timedelta(minutes=14) < wait <= harvest_backoff(1) == timedelta(minutes=15)

    # a second failure doubles the wait
    source.next_run_at = timezone.now() - timedelta(seconds=1)
    source.save()
    _run_due(django_capture_on_commit_callbacks)
    source.refresh_from_db()
    assert source.consecutive_failures == 2
    assert timedelta(minutes=29) < source.next_run_at - timezone.now() <= timedelta(minutes=30)

    # the feed recovers: the retry succeeds and the failures are forgotten
    feed_server.json("/feed", {"items": [_item("1"), _item("2"), _item("3")], "next": None})
    source.next_run_at = timezone.now() - timedelta(seconds=1)
    source.save()
    _run_due(django_capture_on_commit_callbacks)
    source.refresh_from_db()
    assert source.consecutive_failures == 0
    assert HarvestRun.objects.order_by("-started_at").first().status == HarvestRun.Status.SUCCESS
    assert Consultation.objects.count() == 3


def test_slow_feed_times_out_and_the_other_feed_is_still_harvested(
    entity, other_entity, feed_server, django_capture_on_commit_callbacks
):
    slow = feed_server.json("/slow", {"items": [_item("9")], "next": None}, delay=3)
    good = feed_server.json("/good", {"items": [_item("1")], "next": None})
    slow_source = _source(entity, slow, timeout_seconds=1)
    good_source = _source(other_entity, good)

    assert _run_due(django_capture_on_commit_callbacks) == 2

    slow_run = HarvestRun.objects.get(source=slow_source)
    assert slow_run.status == HarvestRun.Status.FAILED
    assert "timed out" in slow_run.errors[0]
    good_run = HarvestRun.objects.get(source=good_source)
    assert good_run.status == HarvestRun.Status.SUCCESS
    assert good_run.created == 1
    slow_source.refresh_from_db()
    assert slow_source.consecutive_failures == 1
    assert slow_source.next_run_at > timezone.now() + timedelta(minutes=14)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_feeds_are_fetched_side_by_side_by_a_real_worker(
    entity, other_entity, feed_server, celery_worker_process
):
    """One beat tick, two slow feeds: a real worker with two processes fetches them at the same time.

    Proved by the test server's own record of each fetch (received, answered): the two intervals
    overlap. One after the other, the second would be received after the first was answered.
    """
    first = feed_server.json("/first", {"items": [_item("1")], "next": None}, delay=2)
    second = feed_server.json("/second", {"items": [_item("2")], "next": None}, delay=2)
    _source(entity, first, timeout_seconds=20)
    _source(other_entity, second, timeout_seconds=20)
    celery_worker_process.send("consultations.harvest_due")
    done = HarvestRun.objects.filter(status=HarvestRun.Status.SUCCESS, created=1)
    wait_for(lambda: done.count() == 2, 90, "both feeds to be harvested")
    fetches = {path: (received, answered) for path, received, answered in feed_server.intervals}
    assert set(fetches) == {"/first", "/second"}, feed_server.intervals
    (start_a, end_a), (start_b, end_b) = fetches["/first"], fetches["/second"]
    assert start_a < end_b and start_b < end_a, f"the fetches did not overlap: {fetches}"


@pytest.mark.postgres
@pytest.mark.worker_concurrency(1)
@pytest.mark.django_db(transaction=True)
def test_a_run_under_way_in_this_process_stops_the_worker_harvesting_the_same_feed(
    entity, other_entity, good_feed, feed_server, celery_worker_process
):
    """The per-source lock is held in the shared cache (Redis): a lock taken here is seen by another
    process. Taken, the worker's run of that source does nothing; released, the same job harvests."""
    from django.core.cache import cache

    source = _source(entity, good_feed)
    lock = f"harvest-source-{source.pk}"
    assert cache.add(lock, "1", timeout=60)
    celery_worker_process.send("consultations.harvest_source", source.pk)
    marker = _source(other_entity, feed_server.json("/marker", {"items": [_item("m")], "next": None}))
    celery_worker_process.send("consultations.harvest_source", marker.pk)  # one process: run after the first
    wait_for(
        lambda: HarvestRun.objects.filter(source=marker).exclude(finished_at=None).exists(), 90, "the marker"
    )
    assert not HarvestRun.objects.filter(source=source).exists()
    assert "/feed" not in feed_server.hits
    cache.delete(lock)
    celery_worker_process.send("consultations.harvest_source", source.pk)
    wait_for(
        lambda: HarvestRun.objects.filter(source=source).exclude(finished_at=None).exists(), 60, "the run"
    )
    assert HarvestRun.objects.get(source=source).created == 3


def test_malformed_json_is_recorded(entity, feed_server):
    feed_server.routes["/feed"] = (200, '{"items": [ {"external_id": "1",', 0)
    source = _source(entity, feed_server.url("/feed"))
    harvest_source.delay(source.pk)
    run = HarvestRun.objects.get()
    assert run.status == HarvestRun.Status.FAILED
    assert "malformed JSON" in run.errors[0]
    assert not Consultation.objects.exists()
    source.refresh_from_db()
    assert source.consecutive_failures == 1


def test_wrong_shape_and_invalid_items_are_reported_and_the_rest_written(entity, feed_server):
    url = feed_server.json(
        "/feed", {"items": [_item("1"), _item("2", sector="space"), {"title": "x"}, _item("3")], "next": None}
    )
    source = _source(entity, url)
    harvest_source.delay(source.pk)
    run = HarvestRun.objects.get()
    assert run.status == HarvestRun.Status.PARTIAL
    assert (run.created, run.failed) == (2, 2)
    assert any("sector" in error for error in run.errors)
    assert set(Consultation.objects.values_list("external_id", flat=True)) == {"1", "3"}

    feed_server.json("/other", {"results": []})
    other = _source(entity, feed_server.url("/other"))
    harvest_source.delay(other.pk)
    assert "items" in HarvestRun.objects.get(source=other).errors[0]


def test_a_failure_on_a_later_page_keeps_the_earlier_pages(entity, feed_server):
    feed_server.json("/feed", {"items": [_item("1")], "next": feed_server.url("/feed/2")})
    feed_server.routes["/feed/2"] = (503, "busy", 0)
    source = _source(entity, feed_server.url("/feed"))
    harvest_source.delay(source.pk)
    run = HarvestRun.objects.get()
    assert run.status == HarvestRun.Status.PARTIAL
    assert run.created == 1
    assert "HTTP 503" in run.errors[0]
    assert Consultation.objects.filter(external_id="1").exists()
    source.refresh_from_db()
    assert source.consecutive_failures == 1


def test_inactive_sources_are_not_harvested(entity, good_feed, django_capture_on_commit_callbacks):
    _source(entity, good_feed, is_active=False)
    assert _run_due(django_capture_on_commit_callbacks) == 0
    assert not HarvestRun.objects.exists()


def test_harvest_runs_in_the_celery_beat_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"consultations.harvest_due", "consultations.archive_export_nightly"} <= tasks


def test_feeds_on_private_addresses_are_refused(settings, entity, good_feed, feed_server):
    settings.HARVEST_ALLOW_PRIVATE_HOSTS = False
    source = _source(entity, good_feed)
    harvest_source.delay(source.pk)
    run = HarvestRun.objects.get()
    assert run.status == HarvestRun.Status.FAILED
    assert "not a public address" in run.errors[0]
    assert feed_server.hits == []


def test_redirects_to_private_addresses_are_refused(settings):
    from consultations.services.archive import FeedError, _CheckedRedirects

    settings.HARVEST_ALLOW_PRIVATE_HOSTS = False
    with pytest.raises(FeedError, match="not a public address"):
        _CheckedRedirects().redirect_request(None, None, 302, "Found", {}, "http://169.254.169.254/latest")


def test_an_entity_registers_its_feed_over_the_api_and_sees_its_runs(
    key_client, entity, other_entity, good_feed
):
    url = f"/api/v1/entities/{entity.slug}/feeds"
    created = key_client.post(url, {"url": good_feed, "interval_minutes": 60}, format="json")
    assert created.status_code == 201
    source = HarvestSource.objects.get(entity=entity)
    assert (source.url, source.interval_minutes, source.is_active) == (good_feed, 60, True)
    assert AuditRecord.objects.filter(action="harvest_source.register", entity=entity).exists()

    again = key_client.post(url, {"url": good_feed, "interval_minutes": 60}, format="json")
    assert again.status_code == 200
    assert HarvestSource.objects.count() == 1

    harvest_source.delay(source.pk)
    listed = key_client.get(url).json()
    assert listed[0]["last_runs"][0]["status"] == "success"
    assert listed[0]["last_runs"][0]["created"] == 3

    bad = key_client.post(url, {"url": "ftp://entity.example/feed", "interval_minutes": 5}, format="json")
    assert bad.status_code == 400
    assert {"url", "interval_minutes"} <= set(bad.json()["error"]["fields"])
    refused = key_client.post(
        f"/api/v1/entities/{other_entity.slug}/feeds", {"url": good_feed}, format="json"
    )
    assert refused.status_code == 403
    assert not HarvestSource.objects.filter(entity=other_entity).exists()


def test_registering_a_feed_on_a_private_address_is_refused(settings, key_client, entity):
    settings.HARVEST_ALLOW_PRIVATE_HOSTS = False
    response = key_client.post(
        f"/api/v1/entities/{entity.slug}/feeds", {"url": "http://127.0.0.1:6379/"}, format="json"
    )
    assert response.status_code == 400
    assert "not a public address" in response.json()["error"]["fields"]["url"][0]
    assert not HarvestSource.objects.exists()


def test_a_source_is_claimed_once_per_due_time_and_never_harvested_twice_at_once(entity, good_feed):
    from django.core.cache import cache

    from consultations.services.archive import harvest_source_claim

    source = _source(entity, good_feed)
    assert harvest_source_claim(source_id=source.pk) is True
    assert harvest_source_claim(source_id=source.pk) is False  # the next beat tick leaves it alone

    cache.add(f"harvest-source-{source.pk}", "1")  # a run of this source is under way
    assert harvest_source.delay(source.pk).get() is None
    assert not HarvestRun.objects.exists()
    cache.delete(f"harvest-source-{source.pk}")
    assert harvest_source.delay(source.pk).get() is not None


def test_coordinators_see_only_their_own_entitys_feeds_in_the_admin(
    client, coordinator, entity, other_entity
):
    coordinator.is_staff = True
    coordinator.save()
    mine = _source(entity, "https://mine.example/feed")
    theirs = _source(other_entity, "https://theirs.example/feed")
    client.force_login(coordinator)
    page = client.get("/admin/consultations/harvestsource/")
    assert page.status_code == 200
    assert list(page.context["cl"].queryset) == [mine]
    assert client.get(f"/admin/consultations/harvestsource/{theirs.pk}/change/").status_code in (
        302,
        403,
        404,
    )
    assert client.get("/admin/consultations/entityapikey/").status_code == 403
