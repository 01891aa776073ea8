"""A gunicorn thread worker that stamps each request with the time it started waiting.

gunicorn's thread worker queues requests in front of its threads; a view cannot see that wait.
This worker sets `X-Request-Start: t=<milliseconds since the epoch>` (the header proxies such as
nginx or Heroku's router set) when the connection is queued, so that the load-shedding middleware
can refuse writes that have already waited too long. Configured in gunicorn.conf.py.
"""

import time

from gunicorn.workers.gthread import ThreadWorker


class QueueStampingWorker(ThreadWorker):
    def enqueue_req(self, conn):
        conn.queued_at = time.time()
        super().enqueue_req(conn)

    def handle_request(self, req, conn):
        queued_at = getattr(conn, "queued_at", None) or time.time()
        # Our own stamp replaces any sent by the client: the wait is measured here, not claimed.
        req.headers = [(name, value) for name, value in req.headers if name != "X-REQUEST-START"]
        req.headers.append(("X-REQUEST-START", f"t={int(queued_at * 1000)}"))
        return super().handle_request(req, conn)
