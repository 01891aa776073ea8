"""Metrics, logs and errors as an operator meets them: /metrics for the monitoring network only, with
latency and query counts per view, Celery task durations and failures, notifications; a request id
that follows a request into its log lines and into the Celery job it enqueued (a real worker);
error reports sent to a Sentry-compatible server only when a DSN is set, without personal data;
liveness and readiness answering apart.
"""

import gzip
import json
import logging
import os
import re
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from celery import Celery, shared_task
from django.conf import settings
from django.db import connection
from django.test import override_settings

from sharik.accounts.services import notification_send
from sharik.core.requestid import RequestIdFilter, request_id
from tests.factories import ConsultationFactory, UserFactory


def sample(text: str, name: str, **labels) -> float:
    """The value of one sample in Prometheus's text format (0 when the series is absent)."""
    for line in text.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', line.split(" ")[0]))
        if all(found.get(k) == v for k, v in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def scrape(client) -> str:
    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 200
    return response.content.decode()


def test_metrics_count_requests_and_queries_per_view(client, db):
    ConsultationFactory.create_batch(3)
    before = scrape(client)
    for _ in range(2):
        assert client.get("/en/consultations/").status_code == 200
    after = scrape(client)
    labels = {"view": "consultations:list", "method": "GET", "status": "2xx"}
    assert (
        sample(after, "sharik_request_duration_seconds_count", **labels)
        - sample(before, "sharik_request_duration_seconds_count", **labels)
        == 2
    )
    # Queries: the histogram's sum grew by the queries the two pages really ran.
    queries = sample(after, "sharik_request_db_queries_sum", view="consultations:list") - sample(
        before, "sharik_request_db_queries_sum", view="consultations:list"
    )
    assert queries >= 2


def test_metrics_are_not_for_the_public(client, db):
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 404
    # A forged forwarded header does not make an outsider the monitoring network.
    assert (
        client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="127.0.0.1").status_code == 404
    )
    with override_settings(METRICS_ALLOWED_NETWORKS=["203.0.113.0/24"]):
        assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 200
        assert client.get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 404


@shared_task(name="tests.observability.sometimes_fails")
def sometimes_fails(fail: bool):
    if fail:
        raise ValueError("as asked")
    return "fine"


def test_task_durations_failures_and_notifications_are_measured(client, db, settings):
    settings.CELERY_TASK_EAGER_PROPAGATES = False
    before = scrape(client)
    sometimes_fails.delay(False)
    sometimes_fails.delay(True)
    notification_send(user=UserFactory(), key="metrics-test", title="t", body="b")
    after = scrape(client)
    task = "tests.observability.sometimes_fails"
    assert (
        sample(after, "sharik_celery_task_duration_seconds_count", task=task, state="SUCCESS")
        - sample(before, "sharik_celery_task_duration_seconds_count", task=task, state="SUCCESS")
        == 1
    )
    assert (
        sample(after, "sharik_celery_task_failures_total", task=task)
        - sample(before, "sharik_celery_task_failures_total", task=task)
        == 1
    )
    for channel in ("site", "email"):
        assert (
            sample(after, "sharik_notifications_sent_total", channel=channel)
            - sample(before, "sharik_notifications_sent_total", channel=channel)
            == 1
        )


def test_liveness_and_readiness_answer_apart(client, db, settings):
    assert client.get("/healthz/live").json() == {"status": "alive"}
    assert client.get("/healthz/ready").status_code == 200
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    from sharik.celery import app

    app.conf.broker_url = settings.CELERY_BROKER_URL
    try:
        assert client.get("/healthz/ready").status_code == 503
        assert client.get("/healthz/live").status_code == 200  # not restarted for a broker outage
    finally:
        app.conf.broker_url = "memory://"


def test_every_response_names_its_request_id_and_log_lines_carry_it(client, db):
    kept = client.get("/healthz/live", HTTP_X_REQUEST_ID="edge-1234abcd")
    assert kept["X-Request-ID"] == "edge-1234abcd"
    made = client.get("/healthz/live", HTTP_X_REQUEST_ID="<script>")
    assert re.fullmatch(r"[0-9a-f]{32}", made["X-Request-ID"])
    records = []
    handler = logging.Handler()
    handler.addFilter(RequestIdFilter())
    handler.emit = records.append
    logging.getLogger("django.request").addHandler(handler)
    try:
        response = client.get("/en/no-such-page/", HTTP_X_REQUEST_ID="trace-5678efgh")
    finally:
        logging.getLogger("django.request").removeHandler(handler)
    assert response.status_code == 404
    assert [r.request_id for r in records] == ["trace-5678efgh"]


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_request_id_follows_a_job_into_a_real_worker(tmp_path):
    redis = pytest.importorskip("redis")
    base = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/14"
    server, _, db = base.rpartition("/")
    broker = f"{server}/{(int(db) + 2) % 16 if db.isdigit() else 13}"
    client = redis.Redis.from_url(broker)
    client.flushdb()
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.faults.worker_settings",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": broker,
        "FAULTS_BROKER_URL": broker,
        "FAULTS_OUTBOX": str(tmp_path),
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "INFO",
        "SECRET_KEY": settings.SECRET_KEY,
    }
    with open(log, "wb") as out:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "sharik", "worker", "-Q", "default", "--pool", "solo"]
            + ["--loglevel", "INFO", "--without-gossip", "--without-mingle"],
            env=env,
            cwd=settings.BASE_DIR,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        token = request_id.set("req-0123456789abcdef")
        try:
            Celery(broker=broker).send_task("consultations.close_due", queue="default")
        finally:
            request_id.reset(token)
        deadline = time.monotonic() + 60
        lines = []
        while time.monotonic() < deadline:
            lines = [json.loads(x) for x in log.read_text().splitlines() if x.startswith("{")]
            if any("succeeded" in line.get("message", "") for line in lines):
                break
            time.sleep(0.2)
        done = [line for line in lines if "consultations.close_due" in line.get("message", "")]
        assert done, log.read_text()[-2000:]
        assert {line["request_id"] for line in done if "succeeded" in line["message"]} == {
            "req-0123456789abcdef"
        }
        assert all({"time", "level", "logger", "message"} <= set(line) for line in lines)
    finally:
        worker.terminate()
        worker.wait(timeout=20)
        client.flushdb()


class _Ingest(BaseHTTPRequestHandler):
    received: list[bytes] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br":
            import brotli

            body = brotli.decompress(body)
        _Ingest.received.append(body)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.fixture
def ingest():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Ingest)
    _Ingest.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://publickey@127.0.0.1:{server.server_address[1]}/1"
    server.shutdown()


def test_an_error_reaches_the_error_service_without_personal_data(ingest, db, client, settings):
    import sentry_sdk

    from sharik.core.sentry import sentry_init

    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    address = "-".join(["private", "person"]) + "@example.org"  # not a literal: sources are sent too
    person = UserFactory(email=address)
    client.force_login(person)
    sentry_init(dsn=ingest, environment="test")
    try:
        with pytest.raises(ZeroDivisionError):
            client.raise_request_exception = True
            from django.urls import path

            with override_settings(ROOT_URLCONF=_BrokenUrls):
                client.get("/broken/", HTTP_X_REQUEST_ID="err-00112233")
        sentry_sdk.flush(timeout=10)
    finally:
        sentry_sdk.get_client().close()
        sentry_sdk.init()  # no DSN: nothing is sent from here on
    sent = b"".join(_Ingest.received).decode()
    assert "ZeroDivisionError" in sent and "err-00112233" in sent
    assert address not in sent
    assert client.cookies[settings.SESSION_COOKIE_NAME].value not in sent
    del path


def _broken(request):
    return 1 / 0


class _BrokenUrls:
    from django.urls import path

    urlpatterns = [path("broken/", _broken)]
