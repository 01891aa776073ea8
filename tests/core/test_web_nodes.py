"""Two web nodes behind a load balancer, as `make run-full` and docker-compose.yml run them.

Two gunicorn nodes (the project's settings, as deployed) on the test's PostgreSQL database and Redis,
behind Debian's nginx with the `make run-full` configuration (deploy/nginx/local.conf.template). One
person's requests alternate between the nodes (round robin; nginx names the node in a test-only header),
and what must be shared is: the session, the page cache, the write rate limit, the visit counters; a
write refused by one node's load shedding is not saved and not replayed on the other; and a node killed
while people are writing loses no write that was answered as accepted.
Needs PostgreSQL and Redis (the nodes cannot share SQLite or a local-memory cache): skipped otherwise.
"""

import os
import re
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import httpx
import pytest
from django.conf import settings
from django.db import connection

from analytics.models import PageVisitDay
from consultations.models import Comment
from tests.factories import PASSWORD, ConsultationFactory, UserFactory
from tests.replica_cluster import free_port

NGINX = Path("/usr/sbin/nginx")
ROOT = Path(settings.BASE_DIR)
RATE = 10  # writes a person (or, signed out, an address: the sign-ins) may make per minute on the nodes

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="two nodes share Redis: set REDIS_URL"),
    pytest.mark.skipif(not NGINX.exists(), reason="Debian's nginx (nginx-light) is the load balancer"),
]


def _wait(port: int, path: str = "/healthz/live", timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}{path}", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"nothing answers on port {port}")


def _node(port: int, env: dict, **extra) -> subprocess.Popen:
    return subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "sharik.wsgi:application", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--threads", "4", "--log-level", "warning"],
        env={**env, **extra}, cwd=ROOT, start_new_session=True,
    )  # fmt: skip


@pytest.fixture
def nodes(transactional_db):
    """nginx on one port, node A and node B behind it; B sheds every write (SHED_MAX_INFLIGHT_WRITES=0)
    only when asked, so the fixture yields a way to restart it."""
    db = connection.settings_dict
    assert db["NAME"].startswith("test_"), "the nodes must use the test database"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sharik.settings.base",
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "SECRET_KEY": "two-nodes-one-secret-" + "x" * 40,  # the same on every node, as .env gives them
        "DEBUG": "off",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "TRUSTED_PROXIES": "127.0.0.1",
        "CELERY_TASK_ALWAYS_EAGER": "on",
        "RATELIMIT_WRITES": f"{RATE}/m",
        "RATELIMIT_ACCOUNT_WRITES": "1000/m",  # every sign-in of the test comes from 127.0.0.1
        "VISITS_FLUSH_SECONDS": "0",
        "LOG_LEVEL": "ERROR",
        "PROMETHEUS_MULTIPROC_DIR": tempfile.mkdtemp(prefix="sharik-nodes-metrics-"),
    }
    port, web1, web2 = free_port(), free_port(), free_port()
    folder = Path(tempfile.mkdtemp(prefix="sharik-nginx-"))
    config = (ROOT / "deploy/nginx/local.conf.template").read_text()
    config = config.replace("@PORT@", str(port)).replace("@WEB1@", str(web1)).replace("@WEB2@", str(web2))
    config = config.replace("@ROOT@/var/nginx", str(folder)).replace("@MEDIA_ROOT@", str(folder / "media"))
    # Test only: name the node that answered, so the test can see that requests alternate.
    config = config.replace(
        "proxy_pass http://sharik_web;",
        "proxy_pass http://sharik_web;\n add_header X-Node $upstream_addr always;",
    )
    if os.geteuid() == 0:  # nginx's workers would drop to "nobody", who cannot read the private folder
        config = "user root;\n" + config
    (folder / "nginx.conf").write_text(config)
    processes = {"a": _node(web1, env), "b": _node(web2, env)}
    proxy = subprocess.Popen([str(NGINX), "-c", str(folder / "nginx.conf"), "-p", str(folder)])

    def restart_b(**extra):
        os.killpg(processes["b"].pid, signal.SIGTERM)
        processes["b"].wait(timeout=30)
        processes["b"] = _node(web2, env, **extra)
        _wait(web2)

    try:
        _wait(web1)
        _wait(web2)
        _wait(port)
        yield {
            "url": f"http://127.0.0.1:{port}",
            "processes": processes,
            "restart_b": restart_b,
            "ports": {f"127.0.0.1:{web1}": "a", f"127.0.0.1:{web2}": "b"},
        }
    finally:
        proxy.terminate()
        proxy.wait(timeout=10)
        for process in processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)
        import redis

        client = redis.Redis.from_url(os.environ["REDIS_URL"])
        for key in client.scan_iter(":1:*"):  # the nodes' keys (the test process's have its own prefix)
            client.delete(key)


def _person():
    """A person whose password the nodes can check (the test settings' fast hasher is not theirs)."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    person = UserFactory()
    person.password = PBKDF2PasswordHasher().encode(PASSWORD, "nodes-salt", iterations=1000)
    person.save(update_fields=["password"])
    return person


def _signed_in(base: str, user) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=30)
    page = client.get("/en/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
    response = client.post(
        "/en/accounts/login/",
        data={"csrfmiddlewaretoken": token, "username": user.email, "password": PASSWORD},
        headers={"Referer": base + "/en/accounts/login/"},
    )
    assert response.status_code == 302, response.text[:500]
    return client


def _comment(client: httpx.Client, base: str, consultation, body: str) -> httpx.Response:
    token = client.cookies.get("csrftoken")
    return client.post(
        f"/en/consultations/{consultation.pk}/comments/new/",
        data={"csrfmiddlewaretoken": token, "body": body},
        headers={"Referer": base + f"/en/consultations/{consultation.pk}/"},
    )


def _accepted(response: httpx.Response) -> bool:
    """A comment is accepted with a redirect to it (#comment-<pk>); anything else saved nothing."""
    return response.status_code == 302 and "#comment-" in response.headers.get("location", "")


def test_one_person_across_two_nodes(nodes):
    base, ports = nodes["url"], nodes["ports"]
    person = _person()
    consultation = ConsultationFactory()
    client = _signed_in(base, person)

    # The session made on one node is known to the other: every request is the signed-in person.
    served_by = []
    for _ in range(6):
        response = client.get("/en/accounts/profile/")
        assert response.status_code == 200, response.status_code
        assert person.email in response.text
        served_by.append(ports[response.headers["x-node"]])
    assert set(served_by) == {"a", "b"}

    # The shared page cache: after a write on one node, neither node shows the page from before it.
    anonymous = httpx.Client(base_url=base, timeout=30)
    page = f"/en/consultations/{consultation.pk}/"
    for _ in range(4):
        assert anonymous.get(page).status_code == 200  # both nodes have the page cached now
    assert _accepted(_comment(client, base, consultation, "A comment written through one node"))
    for _ in range(4):
        assert "A comment written through one node" in anonymous.get(page).text

    # The rate limit counts the person's writes on both nodes together: RATE per minute, not RATE per node.
    responses = [_comment(client, base, consultation, f"comment {i}") for i in range(RATE + 3)]
    accepted = [r for r in responses if _accepted(r)]
    assert len(accepted) == RATE - 1  # one was spent above
    assert {r.status_code for r in responses if not _accepted(r)} == {429}
    assert Comment.objects.filter(consultation=consultation).count() == RATE

    # The visit counters: every anonymous visit counted once, whichever node served it.
    before = sum(PageVisitDay.objects.filter(entity=consultation.entity).values_list("visits", flat=True))
    visitor = httpx.Client(base_url=base, timeout=30)
    for _ in range(6):
        assert visitor.get(page).status_code == 200
    after = sum(PageVisitDay.objects.filter(entity=consultation.entity).values_list("visits", flat=True))
    assert after - before == 6


def test_a_write_shed_by_one_node_is_neither_saved_nor_made_on_the_other(nodes):
    base, ports = nodes["url"], nodes["ports"]
    nodes["restart_b"](SHED_MAX_INFLIGHT_WRITES="0")  # node B is overloaded: it refuses every write
    consultation = ConsultationFactory()
    people = [_person() for _ in range(3)]
    outcomes = {"a": [], "b": []}
    for person in people:
        client = _signed_in(base, person)
        for i in range(2):
            response = _comment(client, base, consultation, f"{person.email} {i}")
            node = ports[response.headers["x-node"]] if "x-node" in response.headers else "?"
            outcomes[node].append(response)
    assert outcomes["b"] and all(r.status_code == 503 and r.headers["retry-after"] for r in outcomes["b"])
    saved = Comment.objects.filter(consultation=consultation).count()
    assert saved == sum(_accepted(r) for r in outcomes["a"]) > 0


def test_a_node_killed_under_load_loses_no_accepted_write(nodes):
    base = nodes["url"]
    consultation = ConsultationFactory()
    people = [_person() for _ in range(6)]
    clients = [_signed_in(base, person) for person in people]
    results: list[tuple[str, httpx.Response | None]] = []
    lock = threading.Lock()
    half_done = threading.Event()

    def write(client, person):
        for i in range(4):  # below the rate: every refusal here is the dead node's
            body = f"load {person.pk} {i}"
            try:
                response = _comment(client, base, consultation, body)
            except httpx.HTTPError:
                response = None
            with lock:
                results.append((body, response))
                if len(results) >= 8:
                    half_done.set()

    threads = [threading.Thread(target=write, args=pair) for pair in zip(clients, people, strict=True)]
    for thread in threads:
        thread.start()
    assert half_done.wait(60)
    os.killpg(nodes["processes"]["b"].pid, signal.SIGKILL)  # node B dies mid-load
    for thread in threads:
        thread.join(120)

    accepted = {body for body, response in results if response is not None and _accepted(response)}
    stored = list(Comment.objects.filter(consultation=consultation).values_list("body", flat=True))
    assert accepted <= set(stored)  # every write answered as accepted is in the database
    assert len(stored) == len(set(stored))  # and none was made twice (nginx does not resend a sent POST)
    assert len(accepted) >= len(results) // 2  # node A kept taking writes after B died
