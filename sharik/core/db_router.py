"""Reads that may be a little stale go to a PostgreSQL streaming replica; everything else to the primary.

Only when DATABASE_REPLICA_URL is set. A read goes to the replica when all of these hold:
- the request is a read (GET, HEAD) that `ReplicaReadsMiddleware` let through: an anonymous visitor's
  page, or a view named in REPLICA_READ_VIEWS (lists, searches, the CKAN read API, dashboards), or a job
  inside `stale_reads()` (the analytics jobs' reads);
- the person has not written in the last READ_YOUR_WRITES_SECONDS (a cookie set by any write), so
  their own vote, comment or edit is never read back from a replica that has not caught up;
- the replica answers and its replay lag is at most REPLICA_MAX_LAG_SECONDS (checked at most every
  REPLICA_CHECK_SECONDS per process). A replica that is down or behind sends every read to the primary.
Writes, and every read inside a transaction on the primary, stay on the primary.
"""

import contextlib
import contextvars
import threading
import time

from django.conf import settings
from django.db import DatabaseError, connections

REPLICA = "replica"
_stale_ok: contextvars.ContextVar[bool] = contextvars.ContextVar("stale_reads_ok", default=False)
_state = {"checked": 0.0, "usable": False, "lag": None}
_lock = threading.Lock()
WROTE_COOKIE = "sharik_wrote"


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def replica_lag() -> float | None:
    """Seconds the replica's replay is behind (0 when it has replayed all it received); None when it
    cannot be asked. A replica that has received WAL but replayed no transaction since it started has
    no replay time: it is behind by at least as long as it has been up (not 0, which read as fresh)."""
    try:
        with connections[REPLICA].cursor() as cursor:
            cursor.execute(
                "SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0"
                " ELSE EXTRACT(EPOCH FROM now() - COALESCE(pg_last_xact_replay_timestamp(),"
                " pg_postmaster_start_time())) END"
            )
            return float(cursor.fetchone()[0])
    except DatabaseError:
        connections[REPLICA].close()
        return None


def replica_usable() -> bool:
    if not replica_configured():
        return False
    now = time.monotonic()
    if now - _state["checked"] < settings.REPLICA_CHECK_SECONDS:
        return _state["usable"]
    with _lock:
        if now - _state["checked"] >= settings.REPLICA_CHECK_SECONDS:
            lag = replica_lag()
            _state.update(checked=time.monotonic(), lag=lag)
            _state["usable"] = lag is not None and lag <= settings.REPLICA_MAX_LAG_SECONDS
    return _state["usable"]


def replica_mark_down() -> None:
    """Used after a failure on the replica: unusable until the next check."""
    connections[REPLICA].close()
    _state.update(checked=time.monotonic(), usable=False, lag=None)


def replica_state_forget() -> None:
    """The next read checks the replica again (tests, and after a failure on it)."""
    _state["checked"] = 0.0


@contextlib.contextmanager
def stale_reads():
    """Reads inside may come from the replica (jobs whose reads tolerate a few seconds' lag)."""
    token = _stale_ok.set(True)
    try:
        yield
    finally:
        _stale_ok.reset(token)


@contextlib.contextmanager
def primary_reads():
    """Reads inside come from the primary, even in a request that may read the replica: for what is
    rendered once and then cached for everyone under the current generation (page_cache), which a
    replica still behind the write that made that generation must not fill with what came before."""
    token = _stale_ok.set(False)
    try:
        yield
    finally:
        _stale_ok.reset(token)


def _database_error(exception: Exception) -> bool:
    """Django's error, or the driver's own: Django wraps the driver's errors from execute and fetch,
    but not from a cursor's close, which is where a replica that went away mid-query is often seen
    (the fetch fails, then the close in QuerySet iteration's `finally` raises the driver's error)."""
    return isinstance(exception, (DatabaseError, connections[REPLICA].Database.Error))


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _stale_ok.get() and not connections["default"].in_atomic_block and replica_usable():
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary: the same rows on both

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class ReplicaReadsMiddleware:
    """Marks the requests whose reads may come from the replica, and remembers who just wrote.

    After AuthenticationMiddleware: the session and the person are read from the primary first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_configured():
            return self.get_response(request)
        try:
            response = self.get_response(request)
        finally:
            token = getattr(request, "_stale_reads_token", None)
            if token is not None:
                _stale_ok.reset(token)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            response.set_cookie(
                WROTE_COOKIE,
                str(int(time.time())),
                max_age=settings.READ_YOUR_WRITES_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not replica_configured() or request.method not in ("GET", "HEAD") or self._wrote_recently(request):
            return None
        match = request.resolver_match
        view = match.view_name if match else ""
        if view.startswith("admin:"):
            return None
        if not request.user.is_authenticated or view in settings.REPLICA_READ_VIEWS:
            request._stale_reads_token = _stale_ok.set(True)
        return None

    def process_exception(self, request, exception):
        """The replica failed under a read (stopped, restarting, cut off): mark it unusable and answer
        the same read from the primary, so the visitor never sees the failure."""
        token = getattr(request, "_stale_reads_token", None)
        if token is None or not _database_error(exception):
            return None
        replica_mark_down()
        _stale_ok.reset(token)
        request._stale_reads_token = None
        match = request.resolver_match
        response = match.func(request, *match.args, **match.kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        return response

    @staticmethod
    def _wrote_recently(request) -> bool:
        try:
            wrote = int(request.COOKIES.get(WROTE_COOKIE, "0"))
        except ValueError:
            return False
        return time.time() - wrote < settings.READ_YOUR_WRITES_SECONDS
