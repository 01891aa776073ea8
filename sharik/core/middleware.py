"""Clean 503s: when the database goes away, and when the server is overloaded with writes."""

import threading
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections, transaction
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from .api import error_body

RETRY_AFTER_SECONDS = 30


class DatabaseUnavailableMiddleware:
    """A view that loses the database gets a translated 503 page with Retry-After.

    The page does not extend base.html: its context processors read the database. Any open
    transaction was rolled back by the failure itself, so nothing half-written stays.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_ERRORS):
            return None
        return database_unavailable()


DATABASE_ERRORS = (OperationalError, InterfaceError)


def database_unavailable() -> HttpResponse:
    """Roll back what is open and answer the 503 page; also for middleware that reads the database
    before the view runs (process_exception sees only the view's exceptions)."""
    for connection in connections.all(initialized_only=True):
        if connection.in_atomic_block:
            transaction.set_rollback(True, using=connection.alias)
        connection.close_if_unusable_or_obsolete()
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _queued_ms(header: str | None) -> float | None:
    """How long the request waited before reaching Django, from `X-Request-Start: t=<time>`."""
    if not header:
        return None
    try:
        stamp = float(header.removeprefix("t="))
    except ValueError:
        return None
    if stamp > 1e14:  # microseconds
        stamp /= 1e6
    elif stamp > 1e11:  # milliseconds
        stamp /= 1e3
    return (time.time() - stamp) * 1000


class LoadSheddingMiddleware:
    """Under overload, refuse writes at once (503 + Retry-After) so that reads keep being served.

    A write is refused when it already waited longer than SHED_MAX_QUEUE_MS in the server's queue
    (the gunicorn worker stamps X-Request-Start; 0 turns this check off), or when this process is
    already handling SHED_MAX_INFLIGHT_WRITES writes. Reads always pass: the public pages are cached
    and cheap. The refusal costs no database query and no session, and nothing is written.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.lock = threading.Lock()
        self.inflight = 0

    def __call__(self, request):
        if request.method not in UNSAFE_METHODS:
            return self.get_response(request)
        max_queue = settings.SHED_MAX_QUEUE_MS
        if max_queue > 0:
            waited = _queued_ms(request.META.get("HTTP_X_REQUEST_START"))
            if waited is not None and waited > max_queue:
                return self.refuse(request)
        with self.lock:
            if self.inflight >= settings.SHED_MAX_INFLIGHT_WRITES:
                return self.refuse(request)
            self.inflight += 1
        try:
            return self.get_response(request)
        finally:
            with self.lock:
                self.inflight -= 1

    def refuse(self, request):
        with translation.override(translation.get_language_from_request(request)):
            if request.path.startswith("/api/"):
                message = _("The server is very busy. Nothing was saved: please try again in a few seconds.")
                response = JsonResponse(
                    error_body(status=503, code="overloaded", message=message), status=503
                )
            else:
                response = HttpResponse(render_to_string("busy.html"), status=503)
        response["Retry-After"] = str(settings.SHED_RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        # An expected answer under overload: not logged as a server error for each request, which
        # would cost the very CPU the refusal saves (gunicorn's access log still shows the 503s).
        response._has_been_logged = True
        return response


class NulCharacterMiddleware:
    """A form or query carrying a NUL character gets a clear 400 and reaches no view.

    PostgreSQL refuses NUL in text, so such a comment, idea or paragraph comment used to fail with a
    500 halfway through its service; no text typed by a person contains one. (JSON bodies are checked
    by sharik.core.parsers.SafeJSONParser.)
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request.GET) or (request.method in UNSAFE_METHODS and _form_has_nul(request)):
            message = _("The text you sent contains a NUL character (\\0), which is not allowed.")
            if request.path.startswith("/api/"):
                return JsonResponse(error_body(status=400, code="parse_error", message=message), status=400)
            return HttpResponse(
                render_to_string("400.html", {"message": message}, request=request), status=400
            )
        return self.get_response(request)


def _has_nul(data) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in data.lists())


def _form_has_nul(request) -> bool:
    content_type = request.content_type or ""
    if content_type not in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return False
    return _has_nul(request.POST)
