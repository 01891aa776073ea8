"""Settings of the real Celery worker the fault tests start (not pytest's own settings).

The project's settings (acks late, reject on worker lost, prefetch 1) with: the test database
(DATABASE_URL), a dedicated Redis db as broker, a short visibility timeout so that the jobs of a
killed worker come back in seconds rather than an hour, and an outbox that writes every message
to a file (tests/faults/outbox.py) so the test can count what was sent.
"""

import os

from sharik.settings.base import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_URL = os.environ["FAULTS_BROKER_URL"]
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("FAULTS_VISIBILITY_TIMEOUT", "3"))
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "worker"}}
MAILERS = {
    "default": {
        "BACKEND": "tests.faults.outbox.FileOutbox",
        "OPTIONS": {"directory": os.environ["FAULTS_OUTBOX"]},
    }
}
CONSULTATIONS_OUTCOME_BATCH_SIZE = int(os.environ.get("FAULTS_BATCH_SIZE", "50"))
