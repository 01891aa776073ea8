"""Settings of the Celery workers the fan-out scenario starts: the project's, with the benchmark's
mail stand-in (bench/outbox.py) instead of the console."""

from sharik.settings.base import *  # noqa: F403

MAILERS = {"default": {"BACKEND": "bench.outbox.RenderingOutbox"}}
