"""A request id in every log line, carried from the request into the Celery jobs it enqueues.

The proxy's X-Request-ID is kept when it looks like one (nginx sends its own $request_id), otherwise a
new one is made; the response names it, so a person reporting a problem can quote it. Celery jobs
receive it in a message header and log under it; a job started by beat gets its own.
"""

import contextvars
import logging
import re
import uuid

from celery import signals
from django.core.signals import request_finished, request_started
from django.dispatch import receiver

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_VALID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
HEADER = "request_id"


def _new() -> str:
    return uuid.uuid4().hex


@receiver(request_started)
def _request_started(sender, environ=None, **kwargs):
    """Set as the request starts (before any middleware) and cleared when it has finished, so that
    Django's own log lines about the response (404s, 500s) carry it too."""
    incoming = (environ or {}).get("HTTP_X_REQUEST_ID", "")
    request_id.set(incoming if _VALID.match(incoming) else _new())


@receiver(request_finished)
def _request_finished(sender, **kwargs):
    request_id.set("-")


class RequestIdMiddleware:
    """Names the request id in the response (X-Request-ID)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request_id.get() == "-":  # a request that did not come through a handler (RequestFactory)
            _request_started(None, environ=request.META)
        response = self.get_response(request)
        response["X-Request-ID"] = request_id.get()
        return response


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record (the LOGGING formatters print it)."""

    def filter(self, record):
        record.request_id = request_id.get()
        return True


@signals.before_task_publish.connect
def _send_request_id(headers=None, **kwargs):
    if headers is not None and request_id.get() != "-":
        headers.setdefault(HEADER, request_id.get())


_task_tokens: dict[str, contextvars.Token] = {}


@signals.task_prerun.connect
def _receive_request_id(task_id=None, task=None, **kwargs):
    incoming = getattr(task.request, HEADER, None) if task is not None else None
    if incoming is None and task is not None and isinstance(task.request.headers, dict):
        incoming = task.request.headers.get(HEADER)
    if incoming and _VALID.match(str(incoming)):
        _task_tokens[task_id] = request_id.set(str(incoming))
    elif request_id.get() == "-":  # a job of beat's, or enqueued outside any request
        _task_tokens[task_id] = request_id.set(_new())


@signals.task_postrun.connect
def _forget_request_id(task_id=None, **kwargs):
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        request_id.reset(token)
