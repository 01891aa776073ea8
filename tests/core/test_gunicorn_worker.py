"""The gunicorn worker Sharik runs (sharik/core/gunicorn.py, with gunicorn.conf.py as deployed).

gunicorn's own thread worker lets whichever process is awake accept every connection it can, free
thread or not: a quick page could wait behind a slow one in a busy process while another process had
nothing to do, and a burst of keep-alive clients all landed on one process. Ours takes a new connection
at once only with a free thread, and one that no free worker takes after `GUNICORN_ACCEPT_WAIT_MS`.
"""

import os
import subprocess
import threading
import time
from pathlib import Path

import httpx
import pytest

from tests.replica_cluster import free_port

ROOT = Path(__file__).resolve().parents[2]
# Generous here (production: 20 ms), so that a machine busy with other test runs cannot make the free
# worker look slower than the wait.
ACCEPT_WAIT_MS = 500


def _start(workers: int, threads: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "tests.core.pid_app:app", "--config", str(ROOT / "gunicorn.conf.py"),
         "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--threads", str(threads),
         "--log-level", "warning"],
        cwd=ROOT, start_new_session=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "GUNICORN_ACCEPT_WAIT_MS": str(ACCEPT_WAIT_MS)},
    )  # fmt: skip
    return process, f"http://127.0.0.1:{port}"


def _wait_for(base: str, workers: int) -> None:
    deadline = time.monotonic() + 60
    seen = set()
    while len(seen) < workers and time.monotonic() < deadline:  # every worker has answered once
        try:
            seen.add(httpx.get(base + "/", timeout=2).text)
        except httpx.HTTPError:
            time.sleep(0.2)
    assert len(seen) == workers, f"gunicorn did not start {workers} workers"


@pytest.fixture
def serve():
    processes = []

    def start(workers: int, threads: int) -> str:
        process, base = _start(workers, threads)
        processes.append(process)  # stopped afterwards even if it never answers
        _wait_for(base, workers)
        return base

    yield start
    for process in processes:
        os.killpg(process.pid, 15)
        process.wait(timeout=30)


def _slow_page(base: str, seconds: float) -> tuple[threading.Thread, dict]:
    answer = {}

    def fetch():
        answer["pid"] = httpx.get(f"{base}/?sleep={seconds}", timeout=30).text

    thread = threading.Thread(target=fetch)
    thread.start()
    time.sleep(0.3)  # the slow page is being served
    return thread, answer


def test_a_quick_page_is_not_queued_behind_a_slow_one_while_a_worker_is_free(serve):
    """Two workers of one thread; one serves a 3 s page. Five people open the site meanwhile, each on a
    new connection: the free worker answers them all, none waits for the slow page (with gunicorn's
    own worker, each had even odds of landing behind it)."""
    base = serve(workers=2, threads=1)
    slow, answer = _slow_page(base, 3)
    quick = []
    for _ in range(5):
        started = time.monotonic()
        quick.append(httpx.get(base + "/", timeout=30).text)
        assert slow.is_alive(), f"a quick page waited {time.monotonic() - started:.1f} s for the slow one"
    slow.join(timeout=30)
    assert answer["pid"] not in quick
    assert len(set(quick)) == 1


def test_with_every_thread_busy_a_new_connection_is_taken_after_the_wait(serve):
    """One worker of one thread, busy with a 3 s page: a new connection is not left in the kernel's
    queue until the slow page ends. The worker takes it after the wait (its queue stamp, which the load
    shedding reads, starts then) and answers it once the slow page is done."""
    base = serve(workers=1, threads=1)
    slow, answer = _slow_page(base, 3)
    sent_ms = time.time() * 1000
    response = httpx.get(base + "/", timeout=30)
    slow.join(timeout=30)
    assert response.text == answer["pid"]
    taken_after_ms = int(response.headers["X-Request-Start"].removeprefix("t=")) - sent_ms
    assert taken_after_ms < 2000, f"the connection waited {taken_after_ms:.0f} ms to be taken"
