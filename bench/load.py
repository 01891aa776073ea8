"""The load generator: an asyncio HTTP client (aiohttp) run as its own process by bench/run.py.

`python -m bench.load SCENARIO '{"json": "arguments"}'` prints one JSON object: requests, elapsed
seconds, status counts, latencies (ms) and, for writes, what the clients recorded so the orchestrator
can compare it with the database.
"""

import asyncio
import json
import random
import secrets
import string
import sys
import time
from collections import Counter

import aiohttp

TIMEOUT = aiohttp.ClientTimeout(total=30)


def _csrf() -> str:
    return "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))


class Recorder:
    def __init__(self):
        self.latencies: list[float] = []
        self.statuses: Counter = Counter()
        self.started = time.perf_counter()

    async def call(self, session, method, url, **kwargs):
        t0 = time.perf_counter()
        try:
            async with session.request(method, url, allow_redirects=False, **kwargs) as response:
                await response.read()
                status = response.status
        except (TimeoutError, aiohttp.ClientError) as error:
            status = f"error:{type(error).__name__}"
        self.latencies.append((time.perf_counter() - t0) * 1000)
        self.statuses[str(status)] += 1
        return status

    def result(self, **extra):
        return {
            "requests": len(self.latencies),
            "elapsed": time.perf_counter() - self.started,
            "statuses": dict(self.statuses),
            "latencies_ms": self.latencies,
            **extra,
        }


def _client(sessionid=None, csrf=None):
    """One person's HTTP client. Its cookies are one fixed header and there is no cookie jar: the load
    generator shares the machine's two cores with the server, and aiohttp's jar (matching cookies to each
    URL, parsing every Set-Cookie) cost it more CPU than the rest of a request. The server sets no cookie
    the load needs: the jar refused them from an IP address anyway."""
    cookies = []
    if sessionid:
        cookies.append(f"sessionid={sessionid}")
    if csrf:
        cookies.append(f"csrftoken={csrf}")
    headers = {"Accept-Language": "ar"}
    if cookies:
        headers["Cookie"] = "; ".join(cookies)
    connector = aiohttp.TCPConnector(limit=0)
    return aiohttp.ClientSession(
        timeout=TIMEOUT, connector=connector, headers=headers, cookie_jar=aiohttp.DummyCookieJar()
    )


async def get(base, path=None, concurrency=10, duration=10.0, sessionid=None, paths=None):
    """GET `path`, or each of `paths` in turn (a mix of pages), from `concurrency` clients."""
    rec = Recorder()
    deadline = time.perf_counter() + duration
    paths = paths or [path]
    async with _client(sessionid) as session:

        async def worker(n):
            i = n
            while time.perf_counter() < deadline:
                await rec.call(session, "GET", base + paths[i % len(paths)])
                i += 1

        await asyncio.gather(*(worker(n) for n in range(concurrency)))
    return rec.result()


async def post_insert(base, path, concurrency=50, duration=10.0):
    rec = Recorder()
    deadline = time.perf_counter() + duration
    async with _client() as session:

        async def worker():
            while time.perf_counter() < deadline:
                await rec.call(session, "POST", base + path, json={})

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return rec.result()


async def votes(base, consultation, polls, sessions, duration=15.0):
    """Each client is a distinct logged-in person who votes and changes votes on the five questions."""
    rec = Recorder()
    deadline = time.perf_counter() + duration
    recorded: dict[str, int] = {}

    async def person(s):
        csrf = _csrf()
        rng = random.Random(s["user_id"])
        async with _client(s["sessionid"], csrf) as session:
            while time.perf_counter() < deadline:
                poll = rng.choice(polls)
                option = rng.choice(poll["options"])
                url = f"{base}/consultations/{consultation}/polls/{poll['id']}/vote/"
                status = await rec.call(
                    session,
                    "POST",
                    url,
                    data={"csrfmiddlewaretoken": csrf, "option": option},
                    headers={"Referer": base + "/"},
                )
                if status == 302:
                    recorded[f"{s['user_id']}:{poll['id']}"] = option

    await asyncio.gather(*(person(s) for s in sessions))
    tallies = Counter(recorded.values())
    return rec.result(recorded_tallies={str(k): v for k, v in tallies.items()}, ballots=len(recorded))


async def race(base, path, session_info, n=50, data=None):
    """n identical requests from one person at the same instant."""
    rec = Recorder()
    csrf = _csrf()
    async with _client(session_info["sessionid"], csrf) as session:
        payload = {"csrfmiddlewaretoken": csrf, **(data or {})}
        await asyncio.gather(
            *(
                rec.call(session, "POST", base + path, data=payload, headers={"Referer": base + "/"})
                for _ in range(n)
            )
        )
    return rec.result()


async def comments(base, consultation, sessions, duration=10.0):
    rec = Recorder()
    deadline = time.perf_counter() + duration
    stored: list[str] = []

    async def person(s):
        csrf = _csrf()
        async with _client(s["sessionid"], csrf) as session:
            i = 0
            while time.perf_counter() < deadline:
                body = f"bench-comment {s['user_id']}-{i}"
                i += 1
                status = await rec.call(
                    session,
                    "POST",
                    f"{base}/consultations/{consultation}/comments/new/",
                    data={"csrfmiddlewaretoken": csrf, "body": body},
                    headers={"Referer": base + "/"},
                )
                if status == 302:
                    stored.append(body)

    await asyncio.gather(*(person(s) for s in sessions))
    return rec.result(accepted=stored)


async def signatures(base, proposals, sessions, duration=10.0, concurrency=50):
    """Each person signs the proposals in turn: every request is a new (person, proposal) signature.
    At most `concurrency` requests are in flight at once (50, as the reference insert and the vote), so
    the latencies compare with theirs; waiting for a turn is not counted in them."""
    rec = Recorder()
    deadline = time.perf_counter() + duration
    accepted: Counter = Counter()
    turn = asyncio.Semaphore(concurrency)

    async def person(s):
        csrf = _csrf()
        async with _client(s["sessionid"], csrf) as session:
            for pk in proposals:
                async with turn:
                    if time.perf_counter() >= deadline:
                        break
                    status = await rec.call(
                        session,
                        "POST",
                        f"{base}/consultations/proposals/{pk}/sign/",
                        data={"csrfmiddlewaretoken": csrf},
                        headers={"Referer": base + "/"},
                    )
                if status == 302:
                    accepted[pk] += 1

    await asyncio.gather(*(person(s) for s in sessions))
    return rec.result(accepted={str(k): v for k, v in accepted.items()})


SCENARIOS = {
    "signatures": signatures,
    "get": get,
    "post_insert": post_insert,
    "votes": votes,
    "race": race,
    "comments": comments,
}


def main() -> None:
    name, args = sys.argv[1], json.loads(sys.argv[2])
    print(json.dumps(asyncio.run(SCENARIOS[name](**args))))


if __name__ == "__main__":
    main()
