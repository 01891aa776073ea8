"""Portal-wide views: the health check, the language switch."""

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import get_language_from_path
from django.utils.translation import gettext_lazy as _
from django.views import defaults, i18n
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


def set_language(request):
    """Django's set_language, landing on the same page in the chosen language both ways.

    Django translates `next` while the request's own language is active; with Arabic unprefixed
    at the root, `/en/...` does not resolve under Arabic (nor `/...` under English from a cookie),
    so the switch stayed on the page it came from. The path is resolved in the language its own
    prefix names instead, then reversed in the chosen one.
    """
    response = i18n.set_language(request)
    language = request.POST.get("language")
    target = response.get("Location")
    if response.status_code != 302 or not target or not translation.check_for_language(language):
        return response
    source = get_language_from_path(target) or settings.LANGUAGE_CODE
    with translation.override(source):
        response["Location"] = translate_url(target, language)
    return response


def media_not_served(request, path: str):
    """/media/ reached Django with DEBUG off: the reverse proxy is not serving MEDIA_ROOT.

    Uploaded images are served by the proxy in production (docs/security.md, "Uploaded media in
    production"). A 404 alone would look like a missing file; the log says what to configure.
    """
    import logging

    logging.getLogger("sharik.media").error(
        "/media/ request reached Django: configure the reverse proxy to serve MEDIA_ROOT (%s) at %s",
        settings.MEDIA_ROOT,
        settings.MEDIA_URL,
    )
    return page_not_found(request, None)


_PRIVATE_LINK_REFUSALS = {
    "invalid": (404, _("This download link is not valid.")),
    "expired": (410, _("This download link has expired. Go back to the page and open the file again.")),
    "other-person": (403, _("This download link was made for another person. Open the file from its page.")),
}


@never_cache
@require_GET
def private_file(request, token: str):
    """A private file behind a signed, short-lived link made for one person (sharik/core/private_files.py)."""
    from django.http import FileResponse, HttpResponseRedirect
    from django.shortcuts import render

    from .private_files import PrivateLinkRefused, is_object_storage, private_file_resolve, private_storage

    try:
        name = private_file_resolve(token=token, user=request.user)
    except PrivateLinkRefused as refused:
        status, message = _PRIVATE_LINK_REFUSALS[refused.reason]
        return render(request, "core/private_file_refused.html", {"message": message}, status=status)
    storage = private_storage()
    if is_object_storage(storage):  # S3: a presigned URL, valid for S3_PRESIGNED_URL_MAX_AGE seconds
        response = HttpResponseRedirect(storage.url(name))
    else:
        if not storage.exists(name):
            return page_not_found(request, None)
        response = FileResponse(
            storage.open(name, "rb"), as_attachment=True, filename=name.rsplit("/", 1)[-1]
        )
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"  # the link is the key: never pass it on in a Referer
    return response
