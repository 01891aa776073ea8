"""Portal-wide views: the health check."""

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .api import error_body
from .db_router import replica_configured, replica_lag


def favicon(request):
    """/favicon.ico for browsers that ask for it: the portal's icon (resolved per request, so the
    production manifest storage has been loaded)."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


def _check(fn) -> str:
    try:
        fn()
    except Exception as error:  # noqa: BLE001 - a health check reports any failure, it must not raise
        return f"error: {type(error).__name__}"
    return "ok"


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache():
    cache.set("healthz", "1", 5)
    if cache.get("healthz") != "1":
        raise RuntimeError("cache did not return what was stored")


def _broker():
    from sharik.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


@never_cache
@require_GET
def liveness(request):
    """The process answers: nothing else is checked, so a database outage does not get every web
    container restarted (that is readiness's business)."""
    return JsonResponse({"status": "alive"})


@never_cache
@require_GET
def healthz(request):
    """Readiness: database, cache and broker reachable; 503 (taken out of the load balancer) otherwise."""
    state = {
        "database": _check(_database),
        "cache": _check(_cache),
        "broker": "eager"
        if settings.CELERY_TASK_ALWAYS_EAGER and settings.CELERY_BROKER_URL.startswith("memory")
        else _check(_broker),
    }
    healthy = all(value in ("ok", "eager") for value in state.values())
    # The replica is reported, never required: when it is down or behind, reads go to the primary.
    if replica_configured():
        lag = replica_lag()
        state["replica"] = (
            "unavailable" if lag is None else ("ok" if lag <= settings.REPLICA_MAX_LAG_SECONDS else "behind")
        )
        state["replica_lag_seconds"] = lag
    else:
        state["replica"] = "not configured"
    return JsonResponse({"status": "ok" if healthy else "degraded", **state}, status=200 if healthy else 503)


def page_not_found(request, exception):
    """404: the API's one error shape under /api/ (an address no route matches), the page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse(error_body(status=404, code="not_found", message="Not found."), status=404)
    return defaults.page_not_found(request, exception)
