"""The gunicorn thread worker Sharik runs (configured in gunicorn.conf.py).

Two things on top of gunicorn's thread worker:

- **Queue stamp.** gunicorn queues requests in front of its threads; a view cannot see that wait. This
  worker sets `X-Request-Start: t=<milliseconds since the epoch>` (the header proxies such as nginx or
  Heroku's router set) when the connection is queued, so that the load-shedding middleware can refuse
  writes that have already waited too long.
- **A new connection goes to a worker with a free thread.** gunicorn's thread worker accepts every
  connection it can while its listener is readable, up to `worker_connections` (1,000), whether or not
  a thread is free (gunicorn issues #908 and #3433). When 50 keep-alive clients (or a proxy's pooled
  connections) connect at once, the worker awake first took all 50 and kept them: one process, so one
  core for the Python of every request, while the other workers idled (`ss` showed 50 / 0 / 0 during
  the signature bench, docs/performance.md); and a quick page could wait behind a slow one in a busy
  worker while another worker had nothing to do. This worker stops listening while all its threads are
  busy, so that a worker with a free thread takes the next connection. It still looks at the shared
  socket every few milliseconds: a connection that has waited there `ACCEPT_WAIT` seconds (every worker
  busy) is taken and queued behind this worker's requests, so none waits long in the kernel's queue.
"""

import os
import select
import time

from gunicorn.workers.gthread import ThreadWorker

# Seconds a worker whose threads are all busy leaves a new connection to the others.
ACCEPT_WAIT = float(os.environ.get("GUNICORN_ACCEPT_WAIT_MS", "20")) / 1000


class QueueStampingWorker(ThreadWorker):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Requests handed to the thread pool and not finished. Changed only on the worker's main thread:
        # gunicorn calls enqueue_req and finish_request there (the pool's threads only defer).
        self.busy = 0
        self.waiting_since = None  # while every thread is busy: when a connection was first seen waiting

    def enqueue_req(self, conn):
        conn.queued_at = time.time()
        self.busy += 1
        super().enqueue_req(conn)

    def finish_request(self, conn, fs):
        self.busy -= 1
        super().finish_request(conn, fs)

    def set_accept_enabled(self, enabled):
        super().set_accept_enabled(enabled and self.busy < self.cfg.threads)

    def wait_for_and_dispatch_events(self, timeout):
        # gunicorn's loop only turns accepting on or off when its own limit (worker_connections) is
        # crossed: look at the threads before every wait (so also right after a connection is taken).
        if self.alive and self.nr_conns < self.worker_connections:
            self.set_accept_enabled(True)
            if self._accepting:
                self.waiting_since = None
            else:
                self.take_a_long_waiting_connection()
                timeout = min(timeout, ACCEPT_WAIT / 2)
        super().wait_for_and_dispatch_events(timeout)

    def take_a_long_waiting_connection(self):
        """Every thread busy: take a connection no worker with a free thread has taken for ACCEPT_WAIT."""
        waiting = select.select(self.sockets, [], [], 0)[0]
        now = time.monotonic()
        if not waiting:
            self.waiting_since = None
        elif self.waiting_since is None:
            self.waiting_since = now
        elif now - self.waiting_since >= ACCEPT_WAIT:
            self.waiting_since = None
            self.accept(waiting[0])

    def handle_request(self, req, conn):
        queued_at = getattr(conn, "queued_at", None) or time.time()
        # Our own stamp replaces any sent by the client: the wait is measured here, not claimed.
        req.headers = [(name, value) for name, value in req.headers if name != "X-REQUEST-START"]
        req.headers.append(("X-REQUEST-START", f"t={int(queued_at * 1000)}"))
        return super().handle_request(req, conn)
