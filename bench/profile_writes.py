"""Where a write request's CPU goes: each hot write profiled in-process on the benchmark's database.

Run after `make bench` (it reads the bench database and Redis that bench/run.py used):

    BENCH_DATABASE=sharik_bench .venv/bin/python bench/profile_writes.py [REQUESTS]

For the reference insert, the vote, the comment and the signature: REQUESTS requests (default 300)
after a warm-up, through Django's whole middleware stack with a real session cookie and CSRF token
(the test client, no network), as the bench's server runs them (DEBUG off, the bench's settings).
Prints per request: database queries, cache round trips, CPU ms (`time.process_time`, this process
only: the database's and Redis's own work is not in it), and the CPU split by where it is spent
(cProfile with a CPU clock, own time of each function grouped by package).
"""

import cProfile
import itertools
import os
import pstats
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.run import DB_URL, ENV  # noqa: E402

os.environ.update({k: v for k, v in ENV.items() if k != "DATABASE_URL"}, DATABASE_URL=DB_URL)

import django  # noqa: E402

django.setup()

import redis  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

# Own time grouped by where the code lives; first match wins.
GROUPS = [
    ("psycopg2 / socket (driver, sending and reading)", ("psycopg2", "socket.py", "selectors.py")),
    ("redis-py", ("/redis/",)),
    ("celery / kombu (queueing the threshold check)", ("/celery/", "/kombu/", "/amqp/", "/vine/")),
    ("Django ORM and SQL compiler", ("django/db/",)),
    ("Django templates", ("django/template/",)),
    ("Django sessions / auth", ("django/contrib/sessions", "django/contrib/auth")),
    ("Django messages", ("django/contrib/messages",)),
    ("Django CSRF", ("django/middleware/csrf",)),
    ("Django URL resolving / i18n", ("django/urls", "django/utils/translation", "django/middleware/locale")),
    ("Django request / response / test client", ("django/http", "django/test", "django/core/handlers")),
    ("other Django", ("django/",)),
    ("Sharik", (str(ROOT / "consultations"), str(ROOT / "sharik"), str(ROOT / "analytics"))),
    ("guardian / axes / otp / whitenoise", ("guardian", "axes", "django_otp", "whitenoise")),
    ("DRF", ("rest_framework",)),
    ("Python standard library and the rest", ("",)),
]


def session_for(user) -> str:
    from importlib import import_module

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def client_for(user) -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="ar", HTTP_HOST="127.0.0.1")
    csrf = "a" * 32
    if user is not None:
        client.cookies["sessionid"] = session_for(user)
    client.cookies["csrftoken"] = csrf
    return client, csrf


def requests_for(path: str):
    """An endless supply of (client, url, data) for one write path."""
    from consultations.models import Consultation, Poll, Proposal, ProposalSignature, VoteChoice
    from sharik.accounts.models import User

    users = list(User.objects.filter(email__endswith="@bench.example").order_by("pk"))
    if path == "reference insert":
        client, _csrf = client_for(None)
        while True:
            yield client, "/bench/ref-insert/", None
    if path == "vote":
        big = Consultation.objects.get(title_ar="استشارة كبيرة")  # bench/data.py's
        polls = [
            (p.pk, list(p.options.values_list("pk", flat=True)))
            for p in Poll.objects.filter(consultation=big)
        ]
        voters = users[260:280]
        person = [client_for(u) for u in voters]
        current = {  # each request changes the person's choice: a write, never the "same again" skip
            (user_id, poll_id): option
            for user_id, poll_id, option in VoteChoice.objects.filter(
                vote__user__in=voters, vote__poll__consultation=big
            ).values_list("vote__user_id", "vote__poll_id", "option_id")
        }
        for i in itertools.count():
            k = i % len(person)
            client, csrf = person[k]
            poll, options = polls[(i // len(person)) % len(polls)]
            key = (voters[k].pk, poll)
            option = (
                options[(options.index(current[key]) + 1) % len(options)] if key in current else options[0]
            )
            current[key] = option
            yield (
                client,
                f"/consultations/{big.pk}/polls/{poll}/vote/",
                {"option": option, "csrfmiddlewaretoken": csrf},
            )
    if path == "comment":
        big = Consultation.objects.get(title_ar="استشارة كبيرة")
        person = [client_for(u) for u in users[280:300]]
        for i in itertools.count():
            client, csrf = person[i % len(person)]
            yield (
                client,
                f"/consultations/{big.pk}/comments/new/",
                {"body": f"profile-comment {i}", "csrfmiddlewaretoken": csrf},
            )
    if path == "signature":
        proposals = list(Proposal.objects.filter(kind__slug="bench-petition").values_list("pk", flat=True))
        signed = set(
            ProposalSignature.objects.filter(proposal__in=proposals).values_list("user_id", "proposal_id")
        )
        clients = {}
        for user in users:
            for pk in proposals:
                if (user.pk, pk) in signed:
                    continue
                if user.pk not in clients:
                    clients[user.pk] = client_for(user)
                client, csrf = clients[user.pk]
                yield client, f"/consultations/proposals/{pk}/sign/", {"csrfmiddlewaretoken": csrf}
        raise SystemExit("no unsigned (person, proposal) pair left: run the bench again")


def post(client, url, data):
    # The bench's client keeps no cookie the server sets (aiohttp refuses them from an IP address), so
    # it sends no `messages` cookie; the test client would keep one holding every unread flash message
    # of the run, decoded and signed again on each request (a third of a signature's CPU here).
    client.cookies.pop("messages", None)
    if data is None:
        response = client.post(url, {}, content_type="application/json")
    else:
        response = client.post(url, data)
    assert response.status_code in (201, 302), (url, response.status_code)


class RedisCount:
    calls = 0


def count_redis():
    command, pipeline = redis.Redis.execute_command, redis.client.Pipeline.execute

    def counted(client, *args, **kwargs):
        if not isinstance(client, redis.client.Pipeline):
            RedisCount.calls += 1
        return command(client, *args, **kwargs)

    def counted_pipeline(pipe, *args, **kwargs):
        RedisCount.calls += 1
        return pipeline(pipe, *args, **kwargs)

    redis.Redis.execute_command = counted
    redis.client.Pipeline.execute = counted_pipeline


def profile(path: str, n: int) -> None:
    supply = requests_for(path)
    for _ in range(30):  # warm-up: connections, templates, caches
        post(*next(supply))
    with CaptureQueriesContext(connection) as queries:
        RedisCount.calls = 0
        for _ in range(20):
            post(*next(supply))
    n_queries, n_redis = len(queries) / 20, RedisCount.calls / 20
    batch = [next(supply) for _ in range(n)]
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for request in batch:
        post(*request)
    cpu, wall = (time.process_time() - cpu0) / n * 1000, (time.perf_counter() - wall0) / n * 1000
    batch = [next(supply) for _ in range(n)]
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for request in batch:
        post(*request)
    profiler.disable()
    stats = pstats.Stats(profiler)
    groups = defaultdict(float)
    for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
        for group, needles in GROUPS:
            if any(needle in filename for needle in needles):
                groups[group] += tottime
                break
    total = sum(groups.values())
    print(
        f"\n## {path}: {n_queries:g} queries, {n_redis:g} cache round trips, {cpu:.2f} ms CPU, {wall:.2f} ms wall per request"
    )
    print("(the split is of the profiled run, slower than the plain one by cProfile's own overhead)")
    for group, seconds in sorted(groups.items(), key=lambda kv: -kv[1]):
        print(f"  {group:<55} {seconds / n * 1000:6.2f} ms  {100 * seconds / total:5.1f} %")
    print("  top functions by cumulative CPU:")
    stats.sort_stats("cumulative")
    for func, (_cc, _nc, _tt, ct, _callers) in sorted(stats.stats.items(), key=lambda kv: -kv[1][3])[:40]:
        filename, line, name = func
        short = filename.split("site-packages/")[-1].replace(str(ROOT) + "/", "")
        if ct / n * 1000 < 0.15:
            continue
        print(f"    {ct / n * 1000:6.2f} ms  {short}:{line}({name})")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    count_redis()
    for path in ("reference insert", "vote", "comment", "signature"):
        profile(path, n)


if __name__ == "__main__":
    main()
