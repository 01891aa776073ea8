"""A WSGI application for tests/core/test_gunicorn_worker.py: answers with its process id, after
`?sleep=<seconds>` if asked, so a test can see which gunicorn worker served a connection; and in the
`X-Request-Start` header the moment the worker took the connection (its queue stamp)."""

import os
import time
from urllib.parse import parse_qs


def app(environ, start_response):
    sleep = parse_qs(environ.get("QUERY_STRING", "")).get("sleep", ["0"])[0]
    time.sleep(min(float(sleep), 5))
    body = str(os.getpid()).encode()
    headers = [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))]
    headers.append(("X-Request-Start", environ.get("HTTP_X_REQUEST_START", "")))
    start_response("200 OK", headers)
    return [body]
