"""The database going away answers 503 with a clear page instead of a 500."""

from django.db import InterfaceError, OperationalError, connections, transaction
from django.http import HttpResponse
from django.template.loader import render_to_string

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
