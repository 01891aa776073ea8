"""The overload scenario: measure the capacity of a read/write mix, then offer twice as much.

`python -m bench.overload '{"json": "arguments"}'` (run by bench/run.py against a server started
with load shedding on) prints one JSON object with the two phases:

1. capacity — closed loop: `concurrency` clients send the mix back to back; capacity = req/s;
2. overload — open loop: requests are *started* at 2 × capacity whatever the server answers
   (arrivals do not slow down when the server does, as on the day a consultation goes viral).

The mix: anonymous reads of the consultation page (Arabic and English) and logged-in writes (votes
and comments). What counts: reads served, writes answered 2xx/3xx or 429/503 *with* Retry-After,
and everything else (other statuses, time-outs, refused connections) as errors.
"""

import asyncio
import json
import random
import sys
import time
from collections import Counter

import aiohttp

from bench.load import TIMEOUT, _csrf


class Mix:
    """Builds the requests of the mix and classifies the answers."""

    def __init__(self, base, consultation, polls, sessions, read_share):
        self.base, self.consultation, self.polls = base, consultation, polls
        self.sessions, self.read_share = sessions, read_share
        self.rng = random.Random(9)
        self.counter = 0

    def next(self):
        self.counter += 1
        if self.rng.random() < self.read_share:
            prefix = "/en" if self.counter % 4 == 0 else ""
            return "read", "GET", f"{self.base}{prefix}/consultations/{self.consultation}/", None, None
        person = self.sessions[self.counter % len(self.sessions)]
        if self.counter % 5 == 0:
            url = f"{self.base}/consultations/{self.consultation}/comments/new/"
            body = {"body": f"overload-comment {person['user_id']}-{self.counter}"}
        else:
            poll = self.rng.choice(self.polls)
            url = f"{self.base}/consultations/{self.consultation}/polls/{poll['id']}/vote/"
            body = {"option": self.rng.choice(poll["options"])}
        return "write", "POST", url, body, person


class Tally:
    def __init__(self):
        self.kinds = {"read": Counter(), "write": Counter()}
        self.latencies = {"read": [], "write": []}
        self.retry_after_missing = 0
        self.started = time.perf_counter()

    def add(self, kind, status, retry_after, ms):
        self.kinds[kind][str(status)] += 1
        self.latencies[kind].append(ms)
        if status in (429, 503) and not retry_after:
            self.retry_after_missing += 1

    def result(self):
        return {
            "elapsed": time.perf_counter() - self.started,
            "statuses": {k: dict(v) for k, v in self.kinds.items()},
            "latencies_ms": self.latencies,
            "retry_after_missing": self.retry_after_missing,
        }


async def _send(clients, tally, request):
    kind, method, url, body, person = request
    session, csrf = clients[person["user_id"]] if person else clients[None]
    kwargs = {"allow_redirects": False}
    if body is not None:
        kwargs["data"] = {"csrfmiddlewaretoken": csrf, **body}
        kwargs["headers"] = {"Referer": url}
    t0 = time.perf_counter()
    retry_after = None
    try:
        async with session.request(method, url, **kwargs) as response:
            await response.read()
            status, retry_after = response.status, response.headers.get("Retry-After")
    except (TimeoutError, aiohttp.ClientError) as error:
        status = f"error:{type(error).__name__}"
    tally.add(kind, status, retry_after, (time.perf_counter() - t0) * 1000)


def _clients(sessions, lang="ar"):
    clients = {}
    connector = aiohttp.TCPConnector(limit=0)
    anonymous = aiohttp.ClientSession(
        timeout=TIMEOUT, connector=connector, headers={"Accept-Language": lang}, connector_owner=False
    )
    clients[None] = (anonymous, None)
    for s in sessions:
        csrf = _csrf()
        clients[s["user_id"]] = (
            aiohttp.ClientSession(
                timeout=TIMEOUT,
                connector=connector,
                connector_owner=False,
                cookies={"sessionid": s["sessionid"], "csrftoken": csrf},
                headers={"Accept-Language": lang},
            ),
            csrf,
        )
    return clients, connector


async def _close(clients, connector):
    for session, _csrf_token in clients.values():
        await session.close()
    await connector.close()


async def capacity(mix, clients, concurrency, duration):
    tally = Tally()
    deadline = time.perf_counter() + duration

    async def worker():
        while time.perf_counter() < deadline:
            await _send(clients, tally, mix.next())

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return tally.result()


async def overload(mix, clients, rate, duration):
    tally = Tally()
    tasks = []
    start = time.perf_counter()
    n = int(rate * duration)
    for i in range(n):
        delay = start + i / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(_send(clients, tally, mix.next())))
    await asyncio.gather(*tasks)
    result = tally.result()
    result["offered_rate"] = rate
    result["offered"] = n
    return result


async def main_async(base, consultation, polls, sessions, duration=10.0, concurrency=20, read_share=0.5):
    clients, connector = _clients(sessions)
    try:
        mix = Mix(base, consultation, polls, sessions, read_share)
        measured = await capacity(mix, clients, concurrency, duration)
        served = sum(
            n
            for counts in measured["statuses"].values()
            for status, n in counts.items()
            if status.isdigit() and int(status) < 400
        )
        measured["capacity_rps"] = served / measured["elapsed"]  # answered with content, not refused
        rate = max(2 * measured["capacity_rps"], 1.0)
        flooded = await overload(mix, clients, rate, duration)
    finally:
        await _close(clients, connector)
    return {"capacity": measured, "overload": flooded}


def main() -> None:
    args = json.loads(sys.argv[1])
    print(json.dumps(asyncio.run(main_async(**args))))


if __name__ == "__main__":
    main()
