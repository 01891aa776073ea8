"""Fixtures of the consultations tests: lifecycle campaigns walked by the services, the archive's
API client, entity keys, push body and a local feed server, and a count of the round trips to Redis."""

import copy
import json
import threading
import time
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import redis
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.utils import timezone
from rest_framework.test import APIClient

from consultations.models import Decision, Evaluation, Plan, Readiness, TargetGroup
from consultations.phases import Phase
from consultations.services import lifecycle as services
from consultations.services.archive import api_key_issue
from tests.factories import ConsultationFactory, PollFactory

READINESS = {
    "goal_type": Readiness.GoalType.VOTE,
    "goal": "Choose the best option",
    "management_support": "The director general sponsors it",
    "readiness_people": "Two staff",
    "readiness_budget": "Within the communication budget",
    "readiness_procedures": "No legal obstacle",
    "audience": "Parents",
    "audience_readiness": "Used to online services",
}

EVALUATION = {
    "plan_complete": "Yes",
    "participation_level": "High, thanks to SMS",
    "channels_effective": "SMS worked best",
    "contributions_useful": "Yes",
    "improvements": "Start earlier",
}


def walk(consultation, to_phase, *, coordinator, reviewer, binding=False, winning=None):
    """Move `consultation` (in Preparation) to `to_phase` through the real services."""
    order = list(Phase.values)
    target = order.index(to_phase)
    if target >= 1:
        readiness = Readiness(consultation=consultation, **READINESS)
        services.readiness_save(readiness=readiness, user=coordinator)
        services.readiness_green_light(readiness=readiness, user=coordinator, given_by="Director general")
        services.consultation_advance(consultation=consultation, to_phase=Phase.PLANNING, user=coordinator)
    if target >= 2:
        plan = Plan(
            consultation=consultation,
            objective="Decide the option",
            decision_method=Plan.DecisionMethod.BINDING_VOTE
            if binding
            else Plan.DecisionMethod.ENTITY_DECIDES,
        )
        services.plan_save(plan=plan, user=coordinator)
        TargetGroup.objects.create(plan=plan, name="Parents in Dubai", language="ar", place="dubai")
        services.plan_submit(plan=plan, user=coordinator)
        services.plan_review(plan=plan, user=reviewer, approve=True)
        now = timezone.now()
        consultation.opens_at, consultation.closes_at = now, now + timedelta(days=10)
        consultation.save()
        services.consultation_advance(consultation=consultation, to_phase=Phase.CONDUCT, user=coordinator)
    if target >= 3:
        services.consultation_advance(consultation=consultation, to_phase=Phase.ANALYSIS, user=coordinator)
    if target >= 4:
        decision = Decision(
            consultation=consultation,
            text_ar="قرار",
            text_en="Decision",
            rationale_ar="لأن",
            rationale_en="Because",
            winning_option=winning,
        )
        services.decision_save(decision=decision, user=coordinator)
        services.decision_approve(decision=decision, user=coordinator, approved_from="Director general")
        services.consultation_advance(
            consultation=consultation, to_phase=Phase.ANNOUNCEMENT, user=coordinator
        )
    if target >= 5:
        services.consultation_advance(consultation=consultation, to_phase=Phase.EVALUATION, user=coordinator)
    if target >= 6:
        evaluation = Evaluation.objects.get(consultation=consultation)
        for name, value in EVALUATION.items():
            setattr(evaluation, name, value)
        services.evaluation_save(evaluation=evaluation, user=coordinator)
        services.consultation_advance(consultation=consultation, to_phase=Phase.ARCHIVED, user=coordinator)
    consultation.refresh_from_db()
    return consultation


@pytest.fixture
def campaign(db, entity, coordinator, federal_user):
    """A factory: `campaign("analysis")` is a consultation of `entity` walked to Analysis."""

    def make(phase=Phase.PREPARATION, *, entity_=None, binding=False, with_poll=True, **kwargs):
        consultation = ConsultationFactory(
            entity=entity_ or entity, phase=Phase.PREPARATION, opens_at=None, closes_at=None
        )
        if with_poll:
            PollFactory(consultation=consultation, options=["A", "B"])
        walker = coordinator
        if entity_ is not None and entity_ != entity:
            from governance.services import entity_coordinator_assign
            from tests.factories import UserFactory

            walker = UserFactory()
            entity_coordinator_assign(entity=entity_, user=walker)
        return walk(consultation, phase, coordinator=walker, reviewer=federal_user, binding=binding, **kwargs)

    return make


@pytest.fixture
def english():
    """Run a test in English: reverse() and get_absolute_url() give /en/ addresses."""
    from django.utils import translation

    with translation.override("en"):
        yield


PUSH_BODY = {
    "title": {
        "ar": "اختيار موقع المحمية الطبيعية الجديدة",
        "en": "Choosing the site of the new nature reserve",
    },
    "summary": {"ar": "تصويت عام على موقع المحمية.", "en": "A public vote on the reserve's site."},
    "sector": "environment",
    "un_level": "e-consultation",
    "escwa_stage": "participation",
    "phase": "conduct",
    "opens_at": "2026-01-01T00:00:00Z",
    "closes_at": "2026-03-01T00:00:00Z",
    "url": "https://entity.example/consultations/42",
    "results": {
        "participants": 1200,
        "comments": 340,
        "polls": [
            {
                "question": {"ar": "أي موقع تفضل؟", "en": "Which site?"},
                "options": [{"label": {"ar": "الساحل", "en": "Coast"}, "votes": 700}],
            }
        ],
    },
    "decision": {"ar": "", "en": ""},
    "decided_at": None,
}


@pytest.fixture
def push_body():
    return copy.deepcopy(PUSH_BODY)


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def entity_key(entity):
    """(key row, raw key) for `entity`."""
    return api_key_issue(entity=entity, name="Entity portal")


@pytest.fixture
def key_client(entity_key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {entity_key[1]}")
    return client


class FeedServer:
    """A real HTTP server on 127.0.0.1 in a thread; `routes` maps a path to (status, body, delay)."""

    def __init__(self):
        self.routes: dict[str, tuple[int, str | bytes, float]] = {}
        self.hits: list[str] = []
        self.intervals: list[tuple[str, float, float]] = []  # (path, received, answered): monotonic times
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - http.server's naming
                server.hits.append(self.path)
                received = time.monotonic()
                status, body, delay = server.routes.get(self.path, (404, "{}", 0))
                if delay:
                    time.sleep(delay)
                payload = body if isinstance(body, bytes) else body.encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                server.intervals.append((self.path, received, time.monotonic()))

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def json(self, path: str, payload, status: int = 200, delay: float = 0) -> str:
        self.routes[path] = (status, json.dumps(payload, ensure_ascii=False), delay)
        return self.url(path)


@pytest.fixture
def feed_server():
    server = FeedServer()
    server.thread.start()
    yield server
    server.httpd.shutdown()
    server.httpd.server_close()


class RedisRoundTrips:
    """Counts the commands and pipelines redis-py sends (each is one round trip)."""

    def __init__(self, monkeypatch):
        self.calls = []
        command, pipeline = redis.Redis.execute_command, redis.client.Pipeline.execute

        def count_command(client, *args, **kwargs):
            if not isinstance(client, redis.client.Pipeline):
                self.calls.append(args[0])
            return command(client, *args, **kwargs)

        def count_pipeline(pipe, *args, **kwargs):
            self.calls.append("pipeline:" + ",".join(str(c[0][0]) for c in pipe.command_stack))
            return pipeline(pipe, *args, **kwargs)

        monkeypatch.setattr(redis.Redis, "execute_command", count_command)
        monkeypatch.setattr(redis.client.Pipeline, "execute", count_pipeline)


@pytest.fixture
def redis_round_trips(monkeypatch):
    if not isinstance(caches["default"], RedisCache):
        pytest.skip("needs Redis (set REDIS_URL): the round trips counted are Redis's")
    return RedisRoundTrips(monkeypatch)
