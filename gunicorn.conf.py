"""gunicorn settings, read from the working directory by `gunicorn sharik.wsgi:application`.

Threads keep a slow database call from blocking a whole process; the worker stamps the time each
request started waiting so that LoadSheddingMiddleware can refuse writes under overload (503 +
Retry-After) while reads keep being served. Command-line options override these.
"""

import os
import tempfile

# prometheus-client's multiprocess mode: every worker writes its samples into one folder that /metrics
# adds up (sharik/core/metrics.py); set before the workers import the application.
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="sharik-metrics-"))

worker_class = "sharik.core.gunicorn.QueueStampingWorker"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
backlog = int(os.environ.get("GUNICORN_BACKLOG", "512"))  # connections the kernel holds while busy
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))  # a stuck worker is restarted
graceful_timeout = 20
keepalive = 5
# Recycle a worker now and then (a guard against a slow leak), with jitter so they do not restart together.
# At 5,000 a busy worker was recycled every few seconds under load (three times in one 12 s bench row),
# each time closing its kept-alive connections.
max_requests = 50000
max_requests_jitter = 5000
# The application is imported once, in the master, and every worker is a fork of it: a recycled worker
# starts serving at once instead of importing Django again (1-2 s of a core, while its connections wait).
preload_app = True


def child_exit(server, worker):
    """prometheus-client's multiprocess mode: drop the samples of a worker that has gone."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
