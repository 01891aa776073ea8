"""Prometheus metrics (prometheus-client): request latency and database queries per view, Celery task
durations and failures, queue lengths, notifications sent.

Served at /metrics to the monitoring network only (METRICS_ALLOWED_NETWORKS; the bundled nginx also
refuses /metrics from outside). Under gunicorn's several processes set PROMETHEUS_MULTIPROC_DIR to an
empty folder: every process writes its samples there and /metrics adds them up
(prometheus-client's multiprocess mode; gunicorn.conf.py cleans up after a dead process).
A Celery worker serves its own task metrics on CELERY_METRICS_PORT when that is set.
"""

import ipaddress
import os
import time

from celery import signals
from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

REQUEST_LATENCY = Histogram(
    "sharik_request_duration_seconds",
    "Time to answer a request, by view, method and status class.",
    ["view", "method", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10),
)
REQUEST_QUERIES = Histogram(
    "sharik_request_db_queries",
    "Database queries run to answer a request, by view.",
    ["view"],
    buckets=(0, 1, 2, 5, 10, 20, 50, 100, 250),
)
TASK_DURATION = Histogram(
    "sharik_celery_task_duration_seconds",
    "Time a Celery task ran, by task and final state.",
    ["task", "state"],
    buckets=(0.01, 0.1, 0.5, 1, 5, 15, 60, 300, 1800),
)
TASK_FAILURES = Counter("sharik_celery_task_failures_total", "Celery tasks that raised, by task.", ["task"])
NOTIFICATIONS = Counter(
    "sharik_notifications_sent_total", "Notifications sent, by channel (site, email).", ["channel"]
)


def notifications_sent(*, channel: str, count: int = 1) -> None:
    if count:
        NOTIFICATIONS.labels(channel=channel).inc(count)


# --- Requests --------------------------------------------------------------------------------------
class _QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class MetricsMiddleware:
    """Times every request and counts its queries, labelled by the URL pattern's name (not the path,
    so the number of series stays bounded)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        counter = _QueryCounter()
        started = time.perf_counter()
        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = (match.view_name or match._func_path) if match else "unresolved"
        REQUEST_LATENCY.labels(
            view=view, method=request.method, status=f"{response.status_code // 100}xx"
        ).observe(time.perf_counter() - started)
        REQUEST_QUERIES.labels(view=view).observe(counter.count)
        return response


# --- Celery ------------------------------------------------------------------------------------------
_task_started: dict[str, float] = {}


@signals.task_prerun.connect
def _task_prerun(task_id=None, **kwargs):
    _task_started[task_id] = time.perf_counter()


@signals.task_postrun.connect
def _task_postrun(task_id=None, task=None, state=None, **kwargs):
    started = _task_started.pop(task_id, None)
    if started is not None and task is not None:
        TASK_DURATION.labels(task=task.name, state=state or "UNKNOWN").observe(time.perf_counter() - started)


@signals.task_failure.connect
def _task_failure(sender=None, **kwargs):
    TASK_FAILURES.labels(task=getattr(sender, "name", "unknown")).inc()


@signals.worker_ready.connect
def _worker_metrics_server(**kwargs):
    port = getattr(settings, "CELERY_METRICS_PORT", 0)
    if port:
        from prometheus_client import start_http_server

        start_http_server(port, addr=settings.CELERY_METRICS_ADDRESS)


class QueueLengthCollector:
    """Jobs waiting in each Celery queue, read from the broker (Redis) when /metrics is scraped."""

    def collect(self):
        family = GaugeMetricFamily(
            "sharik_celery_queue_length", "Jobs waiting in a Celery queue.", labels=["queue"]
        )
        url = settings.CELERY_BROKER_URL
        if url.startswith(("redis://", "rediss://")):
            import redis

            client = redis.Redis.from_url(url, socket_timeout=1)
            try:
                for queue in settings.CELERY_QUEUES_MEASURED:
                    family.add_metric([queue], client.llen(queue))
            except redis.RedisError:
                pass  # the broker being down shows in /healthz/ready; the metric is left out
            finally:
                client.close()
        yield family


_queue_collector = QueueLengthCollector()


# --- The endpoint ---------------------------------------------------------------------------------------
def _allowed(request) -> bool:
    address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", "0.0.0.0"))  # noqa: S104
    return any(address in ipaddress.ip_network(net) for net in settings.METRICS_ALLOWED_NETWORKS)


def metrics_view(request):
    """Prometheus text format; 404 to anyone outside the monitoring networks (the page does not exist
    for them). The direct peer's address is used, never a forwarded header."""
    if not settings.METRICS_ENABLED or not _allowed(request):
        raise Http404
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    body = generate_latest(registry) + generate_latest(_QueueRegistry())
    return HttpResponse(body, content_type=CONTENT_TYPE_LATEST)


class _QueueRegistry(CollectorRegistry):
    def __init__(self):
        super().__init__(auto_describe=False)
        self.register(_queue_collector)
