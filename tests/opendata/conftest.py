"""Open data fixtures: licences, a dataset builder, and a real HTTP server on 127.0.0.1 in a thread."""

import contextlib
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from opendata import services


@pytest.fixture
def licences(db):
    return {
        "open": services.licence_ensure(
            slug="cc-by-4.0",
            title_ar="نسب المصنف",
            title_en="CC-BY 4.0",
            url="https://creativecommons.org/licenses/by/4.0/",
            is_open=True,
        ),
        "cc0": services.licence_ensure(slug="cc-zero", title_ar="CC0", title_en="CC0", is_open=True),
        "closed": services.licence_ensure(
            slug="restricted", title_ar="مقيد", title_en="Restricted", is_open=False
        ),
    }


@pytest.fixture
def make_dataset(entity, licences):
    counter = {"n": 0}

    def build(*, licence="open", resources=(("CSV", b"year,value\n2020,1\n2021,2\n"),), **fields):
        counter["n"] += 1
        fields.setdefault("title_ar", f"مجموعة بيانات {counter['n']}")
        fields.setdefault("title_en", f"Dataset {counter['n']}")
        fields.setdefault("entity", entity)
        fields.setdefault("description_ar", "وصف")
        fields.setdefault("contact_email", "data@example.gov")
        dataset = services.dataset_create(licence=licences[licence] if licence else None, **fields)
        for fmt, content in resources:
            if isinstance(content, str):
                services.resource_add(dataset=dataset, name=f"{fmt} link", url=content, fmt=fmt)
            else:
                services.resource_add(
                    dataset=dataset,
                    name=f"{fmt} file",
                    content=content,
                    filename=f"data.{fmt.lower()}",
                    fmt=fmt,
                )
        dataset.refresh_from_db()
        return dataset

    return build


class Routes:
    """Path -> handler(request_handler); set by each test."""

    def __init__(self):
        self.table = {}
        self.hits = []


@pytest.fixture
def http_server(settings):
    settings.OPENDATA_FETCH_PRIVATE_HOSTS = True  # the test server is on 127.0.0.1
    routes = Routes()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server API
            path = self.path.split("?", 1)[0]
            routes.hits.append(self.path)
            handler = routes.table.get(path)
            if handler is None:
                self.send_response(404)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"not found")
                return
            handler(self)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    routes.base = f"http://127.0.0.1:{server.server_address[1]}"
    yield routes
    server.shutdown()
    server.server_close()


def reply(status=200, body=b"ok", content_type="text/plain", headers=None, delay=0.0):
    def handler(h):
        if delay:
            time.sleep(delay)
        h.send_response(status)
        h.send_header("Content-Type", content_type)
        h.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            h.send_header(key, value)
        h.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            h.wfile.write(body)

    return handler
