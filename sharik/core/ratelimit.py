"""Rate limits on every web write: one middleware, so a new view cannot forget them.

Every unsafe request (POST, PUT, PATCH, DELETE) counts against the sender's bucket: the user id when
signed in, the IP address otherwise. Over the limit the view does not run: 429, a Retry-After header and
a translated page (a fragment for htmx). The default rate is RATELIMIT_WRITES ("30/m"); a view may ask
for another rate with `@write_rate("RATELIMIT_ACCOUNT_WRITES")` (a setting name) or a literal "5/m".
API views that carry their own DRF throttles (429 + Retry-After too) are left to them.

Fixed windows on Django's cache (Redis in production, shared by every web process). On Redis one
round trip counts: `INCR` and `EXPIRE … NX` in one MULTI/EXEC, so parallel requests cannot slip past
the count and a window's key always expires (Django's `add` + `incr` took three round trips:
SET NX, EXISTS, INCRBY). Other caches (the local-memory default) use `cache.add` then `cache.incr`.
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string

from sharik.core.cache import redis_client
from sharik.core.client_address import client_ip
from sharik.core.middleware import DATABASE_ERRORS, UNSAFE_METHODS, database_unavailable

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
DEFAULT_RATE_SETTING = "RATELIMIT_WRITES"


def parse_rate(rate: str) -> tuple[int, int]:
    """ "30/m" -> (30, 60); "10/5m" -> (10, 300); "100/h" -> (100, 3600)."""
    count, _, period = rate.partition("/")
    period = period.strip().lower() or "m"
    multiplier = int(period[:-1]) if period[:-1].isdigit() else 1
    unit = period[-1]
    if unit not in PERIODS:
        raise ValueError(f"Unknown rate period in {rate!r}; use s, m, h or d.")
    return int(count), multiplier * PERIODS[unit]


def write_rate(rate: str) -> Callable:
    """Give a view its own write rate: a setting name ("RATELIMIT_ACCOUNT_WRITES") or a rate ("5/m")."""

    def decorate(view):
        view.write_rate = rate
        return view

    return decorate


def _rate_for(view_func) -> tuple[str, str] | None:
    """(scope, rate) for a view's writes, or None when the view has its own throttles (DRF)."""
    cls = getattr(view_func, "cls", None)
    if cls is not None and getattr(cls, "throttle_classes", None):
        return None
    scope = getattr(view_func, "write_rate", DEFAULT_RATE_SETTING)
    return scope, (getattr(settings, scope) if scope.isupper() else scope)


def bucket_for(request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"ip:{client_ip(request)}"


def hit(*, bucket: str, rate: str, scope: str = DEFAULT_RATE_SETTING, now: float | None = None) -> int:
    """Count one write in the bucket's current window; 0 when allowed, else the seconds to wait."""
    limit, period = parse_rate(rate)
    now = time.time() if now is None else now
    window = int(now // period)
    key = f"ratelimit:{scope}:{period}:{bucket}:{window}"
    count = _count(key, timeout=period + 1)
    if count <= limit:
        return 0
    return max(1, int((window + 1) * period - now + 0.999))


def _count(key: str, *, timeout: int) -> int:
    """Add one to the window's count and return it, atomically."""
    client = redis_client()
    if client is not None:
        full_key = cache.make_and_validate_key(key)
        # One round trip, no MULTI … EXEC around it: INCR is atomic by itself, and every hit sends the
        # EXPIRE NX, so a count left without its expiry (a client gone between the two) gets it next time.
        with client.pipeline(transaction=False) as pipe:
            pipe.incr(full_key)
            pipe.expire(full_key, timeout, nx=True)
            count, _expiry_set = pipe.execute()
        return int(count)
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.add(key, 1, timeout=timeout)
        return 1


def too_many_requests(request, retry_after: int) -> HttpResponse:
    template = "includes/rate_limited.html" if request.headers.get("HX-Request") else "429.html"
    body = render_to_string(template, {"retry_after": retry_after}, request=request)
    response = HttpResponse(body, status=429)
    response["Retry-After"] = str(retry_after)
    return response


class WriteRateLimitMiddleware:
    """After authentication and CSRF: count unsafe requests per person (or IP) before the view runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method not in UNSAFE_METHODS or not settings.RATELIMIT_ENABLED:
            return None
        scope_rate = _rate_for(view_func)
        if scope_rate is None:
            return None
        scope, rate = scope_rate
        try:
            bucket = bucket_for(request)  # loads the session and the user: the database
        except DATABASE_ERRORS:
            return database_unavailable()
        retry_after = hit(bucket=bucket, rate=rate, scope=scope)
        if retry_after:
            return too_many_requests(request, retry_after)
        return None
