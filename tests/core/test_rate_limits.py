"""Rate limits on web writes: the write over the limit gets 429 + Retry-After and changes nothing,
another person keeps their own allowance, and every URL pattern of the project is covered."""

import re
import uuid

import pytest
from django.urls import Resolver404, get_resolver, resolve, reverse

from consultations.models import Comment
from sharik.core.ratelimit import parse_rate
from tests.core.test_authorization_matrix import walk_patterns
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _comment(client, consultation, body, **extra):
    return client.post(
        reverse("consultations:comment-create", args=[consultation.pk]), {"body": body}, **extra
    )


def test_rates_read_like_the_settings_say():
    assert parse_rate("30/m") == (30, 60)
    assert parse_rate("10/10m") == (10, 600)
    assert parse_rate("1000/h") == (1000, 3600)
    with pytest.raises(ValueError):
        parse_rate("5/week")


def test_the_write_over_the_limit_gets_429_and_saves_nothing(client, settings, citizen, open_consultation):
    settings.RATELIMIT_WRITES = "3/m"
    client.force_login(citizen)
    for n in range(3):
        assert (
            _comment(client, open_consultation, f"Comment number {n} about rural schools.").status_code == 302
        )
    response = _comment(client, open_consultation, "The fourth comment, one too many.")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "Nothing was saved" not in response.content.decode()  # the page is in Arabic
    assert "لم يُحفظ" in response.content.decode()
    assert Comment.objects.count() == 3
    assert not Comment.objects.filter(body__startswith="The fourth").exists()


def test_the_refusal_page_speaks_english_under_en(client, settings, citizen, open_consultation, english):
    settings.RATELIMIT_WRITES = "0/m"
    client.force_login(citizen)
    response = _comment(client, open_consultation, "Refused at once.")
    assert response.status_code == 429
    assert "Nothing was saved this time" in response.content.decode()


def test_htmx_gets_a_fragment_not_a_page(client, settings, citizen, open_consultation):
    settings.RATELIMIT_WRITES = "0/m"
    client.force_login(citizen)
    response = _comment(client, open_consultation, "Refused at once.", HTTP_HX_REQUEST="true")
    assert response.status_code == 429
    body = response.content.decode()
    assert "rate-limited" in body and "<html" not in body


def test_another_person_keeps_their_own_allowance(client, settings, citizen, open_consultation):
    settings.RATELIMIT_WRITES = "2/m"
    client.force_login(citizen)
    for n in range(3):
        _comment(client, open_consultation, f"Citizen comment {n}, the last one refused.")
    assert _comment(client, open_consultation, "Still refused.").status_code == 429
    other = UserFactory()
    client.force_login(other)
    assert _comment(client, open_consultation, "Another person, another allowance.").status_code == 302
    assert Comment.objects.filter(author=other).count() == 1
    assert Comment.objects.filter(author=citizen).count() == 2


def test_anonymous_visitors_are_counted_per_address(client, settings):
    settings.RATELIMIT_ACCOUNT_WRITES = "2/m"
    url = reverse("governance:newsletter")
    for n in range(2):
        client.post(url, {"email": f"reader{n}@example.org", "language": "ar"}, REMOTE_ADDR="10.0.0.1")
    refused = client.post(url, {"email": "reader3@example.org", "language": "ar"}, REMOTE_ADDR="10.0.0.1")
    assert refused.status_code == 429 and refused["Retry-After"]
    other = client.post(url, {"email": "reader4@example.org", "language": "ar"}, REMOTE_ADDR="10.0.0.2")
    assert other.status_code == 200

    from governance.models import Subscriber

    assert set(Subscriber.objects.values_list("email", flat=True)) == {
        "reader0@example.org",
        "reader1@example.org",
        "reader4@example.org",
    }


def test_reads_are_never_limited(client, settings, open_consultation):
    settings.RATELIMIT_WRITES = "0/m"
    for _ in range(5):
        assert client.get(open_consultation.get_absolute_url()).status_code == 200


def _concrete(route: str) -> str:
    """A path that resolves to `route` (the values need not exist: the limit answers before the view)."""

    def regex_group(m):
        body = m.group("body")
        return body.split("|")[0] if re.fullmatch(r"[\w|]+", body) else "x"

    def converter(m):
        kind = m.group("kind") or "str"
        return {"int": "1", "uuid": str(uuid.uuid4())}.get(kind, "x")

    path = re.sub(r"\(\?P<\w+>(?P<body>[^)]*)\)", regex_group, route)
    path = re.sub(r"<(?:(?P<kind>\w+):)?\w+>", converter, path)
    return "/" + path.replace("^", "").replace("$", "").replace("\\", "")


def test_every_url_pattern_is_covered(client, settings):
    """A person with no allowance left gets 429 from every URL of the project, except the API views
    that carry their own throttles (they answer 429 + Retry-After themselves)."""
    settings.RATELIMIT_WRITES = "0/m"
    settings.RATELIMIT_ACCOUNT_WRITES = "0/m"
    settings.RATELIMIT_CKAN = "0/m"  # the CKAN API's writes have a rate of their own
    client.force_login(UserFactory())
    routes = sorted(set(walk_patterns(get_resolver())))
    assert len(routes) > 300
    own_throttles, uncovered, unresolved = set(), [], []
    for route, name in routes:
        path = _concrete(route)
        try:
            match = resolve(path)
        except Resolver404:
            unresolved.append(route)
            continue
        view_class = getattr(match.func, "cls", None)
        if view_class is not None and getattr(view_class, "throttle_classes", None):
            own_throttles.add(name)
            continue
        response = client.post(path, {"body": "x"})
        if response.status_code != 429 or not response.get("Retry-After"):
            uncovered.append((route, response.status_code))
    assert not uncovered
    assert len(unresolved) <= 3, unresolved
    assert own_throttles and all(
        name.startswith(("api:", "opendata-api:")) or name == "dataset-push" for name in own_throttles
    ), own_throttles


COUNTING_PROCESS = """
import json, os, sys, time
import django
django.setup()
from sharik.core.ratelimit import hit
start = float(sys.argv[1])
while time.time() < start:  # every process begins at the same moment
    time.sleep(0.001)
allowed = sum(hit(bucket="race", rate="100/h", scope="atomicity", now=float(sys.argv[2])) == 0 for _ in range(50))
print(json.dumps(allowed))
"""


def test_web_processes_counting_at_once_let_exactly_the_limit_through(settings):
    """Four processes (like gunicorn's workers) make 50 writes each at the same moment against a limit
    of 100: the count lives in Redis (add + incr, atomic there), so exactly 100 pass, none lost to a race.
    Needs Redis: the local-memory cache is one process's own and cannot be shared."""
    import json
    import os
    import subprocess
    import sys
    import time
    from pathlib import Path

    if not os.environ.get("REDIS_URL"):
        pytest.skip("needs Redis (set REDIS_URL): the limit is shared by processes only there")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sharik.settings.test",
        "SHARIK_TEST_CACHE_PREFIX": settings.CACHES["default"]["KEY_PREFIX"],
    }
    start, now = time.time() + 4, time.time()
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", COUNTING_PROCESS, str(start), str(now)],
            env=env,
            cwd=Path(__file__).resolve().parents[2],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    allowed = [json.loads(p.communicate(timeout=120)[0]) for p in processes]
    assert all(p.returncode == 0 for p in processes)
    assert time.time() > start, "the processes must have started together"
    assert sum(allowed) == 100, allowed
