"""gunicorn settings, read from the working directory by `gunicorn sharik.wsgi:application`.

Threads keep a slow database call from blocking a whole process; the worker stamps the time each
request started waiting so that LoadSheddingMiddleware can refuse writes under overload (503 +
Retry-After) while reads keep being served. Command-line options override these.
"""

import os

worker_class = "sharik.core.gunicorn.QueueStampingWorker"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
backlog = int(os.environ.get("GUNICORN_BACKLOG", "512"))  # connections the kernel holds while busy
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))  # a stuck worker is restarted
graceful_timeout = 20
keepalive = 5
max_requests = 5000  # recycle workers now and then; jitter so they do not restart together
max_requests_jitter = 500
