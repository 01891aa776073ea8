"""Test settings: fast hashing, a clean cache per test, eager Celery that propagates errors.

DATABASE_URL (PostgreSQL in CI) and REDIS_URL are still read from the environment, so the same
suite runs on SQLite with the local-memory cache on a laptop, and on PostgreSQL with the production
cache backend (`ReusingRedisCache`) in CI. On Redis every run writes under its own key prefix and a
test empties only the keys of that prefix (tests/conftest.py), so a run never touches the portal's
keys or another run's, whatever Redis database REDIS_URL names (CI uses db 1 for the tests).
"""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "sharik.core.cache.ReusingRedisCache",
            "LOCATION": REDIS_URL,
            # Inherited by the processes a test starts (a real Celery worker), so they share the keys.
            "KEY_PREFIX": os.environ.setdefault("SHARIK_TEST_CACHE_PREFIX", f"sharik-test-{os.getpid()}"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = env.str("REDIS_URL", default="") or "memory://"
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
PRIVATE_MEDIA_ROOT = BASE_DIR / "var" / "test-private"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_FAILURE_LIMIT = 5
# Suites post many times as one user; tests/core/test_rate_limits.py sets low rates itself.
RATELIMIT_WRITES = "100000/m"
VISITS_FLUSH_SECONDS = 0  # tests read the counters right after the visit
RATELIMIT_ACCOUNT_WRITES = "100000/m"
RATELIMIT_CKAN = "100000/m"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
