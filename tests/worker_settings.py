"""Settings of a real Celery worker started by a test (tests/workers.py): the test settings, not eager.

The database (DATABASE_URL: the test database) and the cache (REDIS_URL under the pytest run's
key prefix) are the test process's own; the broker is a Redis db of the worker's own.
"""

import os

from sharik.settings.test import *  # noqa: F403

CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_URL = os.environ["TEST_WORKER_BROKER_URL"]
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 30}
HARVEST_ALLOW_PRIVATE_HOSTS = True  # the test feeds are served on 127.0.0.1
