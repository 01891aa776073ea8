"""Test settings: fast hashing, a clean local-memory cache, eager Celery that propagates errors.

DATABASE_URL (PostgreSQL in CI) and REDIS_URL are still read from the environment, so the same
suite runs on SQLite on a laptop and on the real services in CI.
"""

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = env.str("REDIS_URL", default="") or "memory://"
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_FAILURE_LIMIT = 5
# Suites post many times as one user; tests/core/test_rate_limits.py sets low rates itself.
RATELIMIT_WRITES = "100000/m"
VISITS_FLUSH_SECONDS = 0  # tests read the counters right after the visit
RATELIMIT_ACCOUNT_WRITES = "100000/m"
RATELIMIT_CKAN = "100000/m"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
