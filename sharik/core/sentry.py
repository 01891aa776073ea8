"""Error reporting through sentry-sdk, only when SENTRY_DSN is set (nothing is sent otherwise).

No personal data: send_default_pii is off (no user e-mails, cookies or client addresses), request
bodies are not sent, and every event carries the request id of the log lines that go with it.
"""

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration

from .requestid import request_id


def _tag_request_id(event, hint):
    event.setdefault("tags", {})["request_id"] = request_id.get()
    return event


def sentry_init(*, dsn: str, environment: str, traces_sample_rate: float = 0.0) -> None:
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        traces_sample_rate=traces_sample_rate,
        before_send=_tag_request_id,
    )
