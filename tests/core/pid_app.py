"""A WSGI application for tests/core/test_gunicorn_worker.py: answers with its process id, after
`?sleep=<seconds>` if asked, so a test can see which gunicorn worker served a connection."""

import os
import time
from urllib.parse import parse_qs


def app(environ, start_response):
    sleep = parse_qs(environ.get("QUERY_STRING", "")).get("sleep", ["0"])[0]
    time.sleep(min(float(sleep), 5))
    body = str(os.getpid()).encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
