"""A delay, never a lock, for a name that many addresses fail to sign in as.

django-axes locks an address and an (address, name) pair; it never locks a name alone, or anyone
could lock anyone out. Failures for one name from any address are still counted here, and once they
pass AXES_FAILURE_LIMIT every further attempt for that name waits a little longer (up to
LOGIN_DELAY_MAX seconds), which slows a distributed guesser while the real person still signs in.
"""

import hashlib
import time

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.dispatch import receiver

WINDOW_SECONDS = 3600


def _key(username: str) -> str:
    digest = hashlib.sha256((username or "").strip().lower().encode()).hexdigest()
    return f"login-failures:{digest}"  # no address or name in the cache key, only a hash


def failures_for(username: str) -> int:
    return cache.get(_key(username), 0)


def delay_for(username: str) -> float:
    over = failures_for(username) - settings.AXES_FAILURE_LIMIT
    if over < 0:
        return 0.0
    return min(float(settings.LOGIN_DELAY_STEP) * (over + 1), float(settings.LOGIN_DELAY_MAX))


@receiver(user_login_failed)
def _count_failure(sender, credentials, request=None, **kwargs):
    username = credentials.get("username") or credentials.get("email") or ""
    key = _key(username)
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:
        cache.add(key, 1, timeout=WINDOW_SECONDS)


class LoginDelayBackend:
    """First among the authentication backends: waits, then lets the others decide."""

    def authenticate(self, request, username=None, **credentials):
        wait = delay_for(username or credentials.get("email") or "")
        if wait:
            time.sleep(wait)
        return None  # no get_user: never the backend a session is bound to
