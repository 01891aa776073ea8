"""The link checker against a real local HTTP server: 200, 404, timeout, redirect loop; never hangs."""

import threading
import time

from opendata.models import LinkCheck, Resource
from opendata.services import link_check_all, link_check_resources, link_probe

from .conftest import reply


def _redirect_loop(h):
    h.send_response(302)
    h.send_header("Location", "/loop")
    h.send_header("Content-Length", "0")
    h.end_headers()


def _setup(http_server):
    http_server.table["/ok.csv"] = reply(200, b"a,b\n1,2\n", "text/csv")
    http_server.table["/slow.csv"] = reply(200, b"late", delay=5)
    http_server.table["/loop"] = _redirect_loop
    base = http_server.base
    return {
        "ok": f"{base}/ok.csv",
        "missing": f"{base}/missing.csv",
        "slow": f"{base}/slow.csv",
        "loop": f"{base}/loop",
    }


def test_probe_reports_each_kind_of_failure(http_server):
    urls = _setup(http_server)
    assert link_probe(urls["ok"], timeout=2)["ok"] is True
    missing = link_probe(urls["missing"], timeout=2)
    assert (missing["ok"], missing["status_code"]) == (False, 404)
    started = time.monotonic()
    slow = link_probe(urls["slow"], timeout=1)
    assert time.monotonic() - started < 4
    assert (slow["ok"], slow["error"]) == (False, "timed out")
    loop = link_probe(urls["loop"], timeout=2)
    assert (loop["ok"], loop["error"]) == (False, "too many redirects")
    assert link_probe("http://127.0.0.1:1/closed", timeout=1)["ok"] is False


def test_job_checks_all_links_stores_results_and_never_hangs(http_server, make_dataset):
    urls = _setup(http_server)
    dataset = make_dataset(
        resources=[
            ("CSV", urls["ok"]),
            ("CSV", urls["missing"]),
            ("CSV", urls["slow"]),
            ("CSV", urls["loop"]),
        ]
    )
    assert dataset.quality_score == 100
    started = time.monotonic()
    results = link_check_all(timeout=1)
    elapsed = time.monotonic() - started
    # the slow host waits 5 s; the checks run side by side with a 1 s timeout
    assert elapsed < 4.5, elapsed
    assert len(results) == 4, results
    by_url = {r.url: r for r in Resource.objects.filter(dataset=dataset)}
    assert by_url[urls["ok"]].broken_since is None and by_url[urls["ok"]].last_status == 200
    assert by_url[urls["missing"]].last_status == 404 and by_url[urls["missing"]].broken_since
    assert by_url[urls["slow"]].last_error == "timed out" and by_url[urls["slow"]].broken_since
    assert by_url[urls["loop"]].last_error == "too many redirects"
    assert LinkCheck.objects.count() == 4
    dataset.refresh_from_db()
    assert dataset.quality_score == 60 and "broken_link" in dataset.quality_notes


def test_broken_since_is_kept_then_cleared_when_the_link_works_again(http_server, make_dataset):
    url = f"{http_server.base}/flaky.csv"
    dataset = make_dataset(resources=[("CSV", url)])
    resource = dataset.resources.get()
    link_check_resources(resource_ids=[resource.pk], timeout=2)
    resource.refresh_from_db()
    first_broken = resource.broken_since
    assert first_broken is not None
    link_check_resources(resource_ids=[resource.pk], timeout=2)
    resource.refresh_from_db()
    assert resource.broken_since == first_broken  # "broken since" the first failure
    http_server.table["/flaky.csv"] = reply(200, b"x")
    link_check_resources(resource_ids=[resource.pk], timeout=2)
    resource.refresh_from_db()
    assert resource.broken_since is None
    dataset.refresh_from_db()
    assert dataset.quality_score == 100


def test_broken_link_shows_on_dataset_and_entity_report(client, http_server, make_dataset):
    dataset = make_dataset(resources=[("CSV", f"{http_server.base}/gone.csv")])
    link_check_all(timeout=2)
    page = client.get(f"/en/opendata/datasets/{dataset.name}/").content.decode()
    assert "broken link since" in page
    assert "الرابط معطّل منذ" in client.get(f"/opendata/datasets/{dataset.name}/").content.decode()
    report = client.get(f"/en/opendata/organisations/{dataset.entity.slug}/").content.decode()
    assert f"{http_server.base}/gone.csv" in report


def test_celery_task_runs_the_job(http_server, make_dataset):
    from opendata.tasks import link_check_all as task

    make_dataset(resources=[("CSV", f"{http_server.base}/x.csv")])
    assert task.delay().get() == 1


def test_staleness_lowers_quality(make_dataset):
    from datetime import timedelta

    from django.utils import timezone

    from opendata.models import Dataset
    from opendata.services import staleness_check_all

    dataset = make_dataset(update_frequency="monthly")
    assert staleness_check_all() == 0
    Dataset.objects.filter(pk=dataset.pk).update(data_modified_at=timezone.now() - timedelta(days=60))
    assert staleness_check_all() == 1
    dataset.refresh_from_db()
    assert dataset.is_stale and dataset.quality_score == 70


def test_private_addresses_are_refused_unless_allowed(http_server, settings, make_dataset):
    """A URL typed by a coordinator must not make the portal probe internal systems (SSRF)."""
    http_server.table["/ok.csv"] = reply(200, b"ok")
    settings.OPENDATA_FETCH_PRIVATE_HOSTS = False
    for url in (f"{http_server.base}/ok.csv", "http://localhost:6379/", "http://10.0.0.1/x", "http://[::1]/"):
        result = link_probe(url, timeout=1)
        assert result["ok"] is False and "not allowed" in result["error"], url
    assert http_server.hits == []  # nothing reached the server
    settings.OPENDATA_FETCH_PRIVATE_HOSTS = True
    assert link_probe(f"{http_server.base}/ok.csv", timeout=1)["ok"] is True


def test_job_checks_the_links_side_by_side(http_server, make_dataset):
    """Two links that answer only while both are being checked at the same moment: a job checking
    one link after the other would see each time out (the other request never comes)."""
    together = threading.Barrier(2, timeout=3)

    def answer_when_both_arrive(h):
        try:
            together.wait()
        except threading.BrokenBarrierError:
            reply(503, b"alone")(h)
            return
        reply(200, b"a,b\n1,2\n", "text/csv")(h)

    http_server.table["/pair-a.csv"] = answer_when_both_arrive
    http_server.table["/pair-b.csv"] = answer_when_both_arrive
    dataset = make_dataset(
        resources=[("CSV", f"{http_server.base}/pair-a.csv"), ("CSV", f"{http_server.base}/pair-b.csv")]
    )
    link_check_all(timeout=2)
    statuses = {r.url.rsplit("/", 1)[1]: (r.last_status, r.last_error) for r in dataset.resources.all()}
    assert statuses == {"pair-a.csv": (200, ""), "pair-b.csv": (200, "")}, statuses
