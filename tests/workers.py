"""A real Celery worker for the tests that claim cross-process behaviour (locks, side-by-side jobs).

Eager Celery runs every job in the test's own thread, one after the other: a lock is never contended
and two jobs never overlap. These tests start `celery worker` in its own process group, on a Redis
broker of its own (REDIS_URL's server, the next db), against the test database, with pytest's own
cache (the Redis backend under this run's key prefix, sharik/settings/test.py), so a `cache.add`
lock taken in the test is seen by the worker and the other way round. Needs PostgreSQL and Redis:
the fixture skips otherwise.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def broker_url() -> str:
    """A Redis db of its own: REDIS_URL's server, the db after REDIS_URL's (db 15 of the local server
    without REDIS_URL)."""
    base = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/14"
    server, _, db = base.rpartition("/")
    return f"{server}/{(int(db) + 1) % 16 if db.isdigit() else 15}"


def database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    """`celery -A sharik worker` with `concurrency` processes, started in its own process group."""

    def __init__(self, env: dict, concurrency: int = 2, queues: str = "default"):
        self.env, self.concurrency, self.queues = env, concurrency, queues
        self.process: subprocess.Popen | None = None

    def start(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "sharik", "worker", "-Q", self.queues]
            + ["-c", str(self.concurrency), "--pool", "prefork", "--loglevel", "WARNING"]
            + ["--without-gossip", "--without-mingle", "--without-heartbeat"],
            env=self.env,
            cwd=ROOT,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def kill(self):
        """SIGKILL to the main process and its pool children at once: nothing gets to clean up."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


@pytest.fixture
def broker():
    """The worker's broker (a Redis db emptied before and after), or a skip without Redis."""
    redis = pytest.importorskip("redis")
    if not os.environ.get("REDIS_URL") or connection.vendor != "postgresql":
        pytest.skip("a real worker needs PostgreSQL and Redis (set DATABASE_URL and REDIS_URL)")
    url = broker_url()
    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {url}")
    client.flushdb()
    yield url
    client.flushdb()


@pytest.fixture
def celery_worker_process(request, broker):
    """A running worker on the test settings (not eager), and a sender: `send(task_name, *args)`.

    Two processes; `@pytest.mark.worker_concurrency(1)` for one (jobs then run in the order sent)."""
    from celery import Celery

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
        "DATABASE_URL": database_url(),
        "TEST_WORKER_BROKER_URL": broker,
        "SECRET_KEY": settings.SECRET_KEY,
        # the same cache keys as this pytest process (sharik/settings/test.py)
        "SHARIK_TEST_CACHE_PREFIX": settings.CACHES["default"]["KEY_PREFIX"],
    }
    marker = request.node.get_closest_marker("worker_concurrency")
    worker = Worker(env, concurrency=marker.args[0] if marker else 2)
    sender = Celery(broker=broker)
    worker.start()

    def send(name: str, *args):
        return sender.send_task(name, args=list(args), queue="default")

    worker.send = send
    try:
        yield worker
    finally:
        worker.stop()
        sender.close()
