"""Fixtures of the archive tests: an API client, entity keys, a push body, a local feed server."""

import copy
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from rest_framework.test import APIClient

from consultations.services.archive import api_key_issue

PUSH_BODY = {
    "title": {
        "ar": "اختيار موقع المحمية الطبيعية الجديدة",
        "en": "Choosing the site of the new nature reserve",
    },
    "summary": {"ar": "تصويت عام على موقع المحمية.", "en": "A public vote on the reserve's site."},
    "sector": "environment",
    "un_level": "e-consultation",
    "escwa_stage": "participation",
    "phase": "conduct",
    "opens_at": "2026-01-01T00:00:00Z",
    "closes_at": "2026-03-01T00:00:00Z",
    "url": "https://entity.example/consultations/42",
    "results": {
        "participants": 1200,
        "comments": 340,
        "polls": [
            {
                "question": {"ar": "أي موقع تفضل؟", "en": "Which site?"},
                "options": [{"label": {"ar": "الساحل", "en": "Coast"}, "votes": 700}],
            }
        ],
    },
    "decision": {"ar": "", "en": ""},
    "decided_at": None,
}


@pytest.fixture
def push_body():
    return copy.deepcopy(PUSH_BODY)


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def entity_key(entity):
    """(key row, raw key) for `entity`."""
    return api_key_issue(entity=entity, name="Entity portal")


@pytest.fixture
def key_client(entity_key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {entity_key[1]}")
    return client


class FeedServer:
    """A real HTTP server on 127.0.0.1 in a thread; `routes` maps a path to (status, body, delay)."""

    def __init__(self):
        self.routes: dict[str, tuple[int, str | bytes, float]] = {}
        self.hits: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's naming
                server.hits.append(self.path)
                status, body, delay = server.routes.get(self.path, (404, "{}", 0))
                if delay:
                    time.sleep(delay)
                payload = body if isinstance(body, bytes) else body.encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def json(self, path: str, payload, status: int = 200, delay: float = 0) -> str:
        self.routes[path] = (status, json.dumps(payload, ensure_ascii=False), delay)
        return self.url(path)


@pytest.fixture
def feed_server():
    server = FeedServer()
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()
