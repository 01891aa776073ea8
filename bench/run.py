"""`make bench`: the benchmark harness (a benchmark, not a timed test; not part of `make test`).

1. a fresh PostgreSQL database (BENCH_DATABASE_URL) and Redis (REDIS_URL), migrated;
2. the generated data set (bench/data.py, with a progress bar);
3. gunicorn on 127.0.0.1 serving the project with DEBUG off and the reference endpoints on;
4. each scenario driven from a separate process (bench/load.py, asyncio + aiohttp);
5. one table printed, and bench/results/latest.json written: a list of rows with `scenario`, the
   figures, `target` as text and `met` true/false, and the ratio against a reference measured in the
   same run (a trivial Django view for reads, a minimal DRF atomic insert for writes).
"""

import json
import os
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
PORT = int(os.environ.get("BENCH_PORT", "8899"))
BASE = f"http://127.0.0.1:{PORT}"
# BENCH_DATABASE / BENCH_PORT let two benches run side by side (each drops and creates its database).
DB_NAME = os.environ.get("BENCH_DATABASE", "sharik_bench")
DB_URL = os.environ.get("BENCH_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DB_NAME}")
ENV = {
    **os.environ,
    "DATABASE_URL": DB_URL,
    "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/9"),
    "DJANGO_SETTINGS_MODULE": "sharik.settings.base",
    "DEBUG": "0",
    "SHARIK_BENCH": "1",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "AXES_ENABLED": "0",
    # Capacity is measured here, not the per-person write limits (docs/security.md): raise them.
    "RATELIMIT_WRITES": os.environ.get("RATELIMIT_WRITES", "1000000/m"),
    "RATELIMIT_ACCOUNT_WRITES": os.environ.get("RATELIMIT_ACCOUNT_WRITES", "1000000/m"),
    "LOG_LEVEL": "WARNING",
    # Load shedding off for the capacity rows; the overload row starts its own server with it on.
    "SHED_MAX_QUEUE_MS": "0",
    "SHED_MAX_INFLIGHT_WRITES": "1000",
}
DURATION = float(os.environ.get("BENCH_SECONDS", "12"))
# BENCH_ONLY=detail,vote,push,… runs only those scenarios (the references always run; empty: all).
ONLY = {name.strip() for name in os.environ.get("BENCH_ONLY", "").split(",") if name.strip()}
if "comment" in ONLY:  # the singular, as the row reads
    ONLY.add("comments")
sys.path.insert(0, str(ROOT))  # `from bench import push` … when started as `python bench/run.py`


def wanted(name: str) -> bool:
    return not ONLY or name in ONLY


def sh(*args, **kwargs):
    return subprocess.run(args, check=True, env=ENV, cwd=ROOT, **kwargs)


def load(scenario: str, **args) -> dict:
    out = subprocess.run(
        [PY, "-m", "bench.load", scenario, json.dumps(args)],
        check=True,
        env=ENV,
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out)


def warm_up(base: str, paths: list[str], sessionid: str | None = None) -> None:
    """A short unmeasured load first: each worker's first requests import and compile what the
    pages need, which is not what a row measures."""
    load("get", base=base, paths=paths, concurrency=10, duration=2, sessionid=sessionid)


def pct(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def figures(result: dict) -> dict:
    lat = result["latencies_ms"]
    ok = sum(n for s, n in result["statuses"].items() if s.isdigit() and int(s) < 400)
    errors = result["requests"] - ok
    return {
        "requests": result["requests"],
        "throughput": round(result["requests"] / result["elapsed"], 1),
        "p50_ms": round(pct(lat, 50), 1),
        "p95_ms": round(pct(lat, 95), 1),
        "p99_ms": round(pct(lat, 99), 1),
        "errors": errors,
        "statuses": result["statuses"],
    }


def sql(query: str, *params):
    import psycopg2

    with psycopg2.connect(DB_URL) as conn, conn.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def fresh_database():
    import psycopg2
    from psycopg2 import sql as psql

    name = DB_URL.rsplit("/", 1)[1]
    admin = psycopg2.connect(DB_URL.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(psql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(psql.Identifier(name)))
        cursor.execute(psql.SQL("CREATE DATABASE {}").format(psql.Identifier(name)))
    admin.close()


THREADS = os.environ.get("BENCH_THREADS", "4")


def start_server(port: int, workers: str, **extra_env) -> subprocess.Popen:
    """gunicorn as configured in gunicorn.conf.py (the queue-stamping thread worker), `BENCH_THREADS` threads."""
    return subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "sharik.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            workers,
            "--threads",
            THREADS,
            "--log-level",
            "warning",
        ],
        env={**ENV, **extra_env},
        cwd=ROOT,
        start_new_session=True,
    )


def wait_for_server(base: str = BASE):
    for _ in range(100):
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def main() -> None:
    rows = []
    print("Preparing a fresh database…", flush=True)
    fresh_database()
    sh(PY, "manage.py", "migrate", "--noinput", stdout=subprocess.DEVNULL)
    data = json.loads(sh(PY, "bench/data.py", stdout=subprocess.PIPE, text=True).stdout)
    workers = os.environ.get("BENCH_WORKERS", "3")
    server = start_server(PORT, workers)
    try:
        wait_for_server()
        sessions = data["sessions"]
        print(
            f"Server up (gunicorn, {workers} workers × {THREADS} threads). Running scenarios for {DURATION:.0f} s each…",
            flush=True,
        )

        ref_get = figures(load("get", base=BASE, path="/bench/ref/", concurrency=10, duration=DURATION))
        rows.append(
            {
                "scenario": "reference: trivial Django view (GET)",
                **ref_get,
                "target": "reference",
                "met": True,
            }
        )

        if wanted("detail"):
            detail = figures(
                load(
                    "get",
                    base=BASE,
                    path=f"/consultations/{data['big']}/",
                    concurrency=10,
                    duration=DURATION,
                    sessionid=sessions[0]["sessionid"],
                )
            )
            same_queries = data["queries_small"] == data["queries_big"]
            rows.append(
                {
                    "scenario": f"consultation detail, {data['comments_big']} comments + 5 polls (first page)",
                    **detail,
                    "ratio_vs_reference": round(detail["throughput"] / ref_get["throughput"], 3),
                    "queries_10_comments": data["queries_small"],
                    "queries_10000_comments": data["queries_big"],
                    "target": "p95 <= 150 ms; same query count with 10 and 10,000 comments",
                    "met": detail["p95_ms"] <= 150 and same_queries and detail["errors"] == 0,
                }
            )

        if wanted("list"):  # issue 20: the consultation list, in Arabic and English in turn
            warm_up(BASE, ["/consultations/", "/en/consultations/"], sessions[0]["sessionid"])
            for signed_in in (True, False):
                listing = figures(
                    load(
                        "get",
                        base=BASE,
                        paths=["/consultations/", "/en/consultations/"],
                        concurrency=10,
                        duration=DURATION,
                        sessionid=sessions[0]["sessionid"] if signed_in else None,
                    )
                )
                rows.append(
                    {
                        "scenario": f"consultation list /consultations/ (ar, en), {'signed in' if signed_in else 'anonymous'}, 10 clients",
                        **listing,
                        "ratio_vs_reference": round(listing["throughput"] / ref_get["throughput"], 3),
                        "target": "p95 <= 100 ms",
                        "met": listing["p95_ms"] <= 100 and listing["errors"] == 0,
                    }
                )

        ref_insert = figures(
            load("post_insert", base=BASE, path="/bench/ref-insert/", concurrency=50, duration=DURATION)
        )
        rows.append(
            {
                "scenario": "reference: minimal DRF endpoint, one atomic insert (POST)",
                **ref_insert,
                "target": "reference",
                "met": True,
            }
        )

        if wanted("vote"):
            voters = sessions[1:51]
            before = sql("SELECT count(*) FROM consultations_vote")[0][0]
            result = load(
                "votes",
                base=BASE,
                consultation=data["big"],
                polls=data["polls"],
                sessions=voters,
                duration=DURATION,
            )
            vote = figures(result)
            db_tallies = dict(
                sql(
                    "SELECT c.option_id, count(*) FROM consultations_votechoice c JOIN consultations_vote v ON v.id = c.vote_id "
                    "WHERE v.user_id = ANY(%s) GROUP BY c.option_id",
                    [s["user_id"] for s in voters],
                )
            )
            recorded = {int(k): v for k, v in result["recorded_tallies"].items()}
            exact = (
                db_tallies == recorded
                and sql("SELECT count(*) FROM consultations_vote")[0][0] - before == result["ballots"]
            )
            ratio = vote["throughput"] / ref_insert["throughput"] if ref_insert["throughput"] else 0
            rows.append(
                {
                    "scenario": "vote POST, 50 distinct logged-in people voting and changing votes",
                    **vote,
                    "ratio_vs_reference": round(ratio, 3),
                    "tallies_exact": exact,
                    "target": ">= 500 votes/s and >= 0.8 x reference insert rate; p99 < 250 ms; tallies exact",
                    "met": vote["throughput"] >= 500
                    and ratio >= 0.8
                    and vote["p99_ms"] < 250
                    and exact
                    and vote["errors"] == 0,
                }
            )

        if wanted("race"):
            rounds_ok, fives, race_lat = 0, 0, []
            for i in range(20):
                person = sessions[100 + i]
                poll = data["polls"][i % 5]
                r1 = load(
                    "race",
                    base=BASE,
                    path=f"/consultations/{data['big']}/polls/{poll['id']}/vote/",
                    session_info=person,
                    n=50,
                    data={"option": poll["options"][0]},
                )
                r2 = load(
                    "race",
                    base=BASE,
                    path=f"/consultations/{data['big']}/ideas/{data['ideas'][i]}/support/",
                    session_info=person,
                    n=50,
                )
                fives += sum(
                    n for s, n in {**r1["statuses"]}.items() if s.startswith("5") or s.startswith("error")
                )
                fives += sum(
                    n for s, n in {**r2["statuses"]}.items() if s.startswith("5") or s.startswith("error")
                )
                race_lat += r1["latencies_ms"] + r2["latencies_ms"]
                votes_rows = sql(
                    "SELECT count(*) FROM consultations_vote WHERE user_id=%s AND poll_id=%s",
                    person["user_id"],
                    poll["id"],
                )[0][0]
                support_rows = sql(
                    "SELECT count(*) FROM consultations_ideasupport WHERE user_id=%s AND idea_id=%s",
                    person["user_id"],
                    data["ideas"][i],
                )[0][0]
                rounds_ok += votes_rows == 1 and support_rows == 1
            rows.append(
                {
                    "scenario": "20 rounds x 50 identical concurrent vote and support requests from one person",
                    "requests": len(race_lat),
                    "p50_ms": round(pct(race_lat, 50), 1),
                    "p95_ms": round(pct(race_lat, 95), 1),
                    "p99_ms": round(pct(race_lat, 99), 1),
                    "errors": fives,
                    "rounds_with_exactly_one_row": rounds_ok,
                    "target": "exactly one row each round, no 5xx",
                    "met": rounds_ok == 20 and fives == 0,
                }
            )

        if wanted("comments"):
            commenters = sessions[150:200]
            result = load(
                "comments", base=BASE, consultation=data["big"], sessions=commenters, duration=DURATION
            )
            comment = figures(result)
            stored = [
                b for (b,) in sql("SELECT body FROM consultations_comment WHERE body LIKE 'bench-comment %%'")
            ]
            lost = len(set(result["accepted"]) - set(stored))
            duplicated = len(stored) - len(set(stored))
            ratio = comment["throughput"] / ref_insert["throughput"] if ref_insert["throughput"] else 0
            rows.append(
                {
                    "scenario": "comment POST, 50 people commenting",
                    **comment,
                    "ratio_vs_reference": round(ratio, 3),
                    "accepted": len(result["accepted"]),
                    "stored": len(stored),
                    "lost": lost,
                    "duplicated": duplicated,
                    "target": "zero lost, every comment stored once; >= 0.5 x reference insert rate",
                    "met": lost == 0 and duplicated == 0 and comment["errors"] == 0 and ratio >= 0.5,
                }
            )

        if wanted("signatures"):  # issue 14: citizen proposals
            from bench import signatures

            result = signatures.scenario(
                py=PY,
                env=ENV,
                cwd=ROOT,
                base=BASE,
                sessions=sessions[: signatures.SIGNERS],
                duration=DURATION,
                load=load,
                sql=sql,
            )
            signed = figures(result)
            ratio = signed["throughput"] / ref_insert["throughput"] if ref_insert["throughput"] else 0
            rows.append(
                {
                    "scenario": f"proposal signature POST, {signatures.SIGNERS} distinct people each signing {signatures.PROPOSALS} proposals in turn",
                    **signed,
                    "ratio_vs_reference": round(ratio, 3),
                    "signatures": result["signatures"],
                    "counts_exact": result["exact"],
                    "target": ">= 500 signatures/s; p99 < 250 ms; counts exact",
                    "met": signed["throughput"] >= 500
                    and signed["p99_ms"] < 250
                    and result["exact"]
                    and signed["errors"] == 0,
                }
            )

        # --- issue 9b: bulk push, archive API list, announcement fan-out (bench/push.py, …) -------
        if wanted("push"):
            from bench import push

            rows += push.scenario(base=BASE, py=PY, env=ENV, cwd=ROOT)
        if wanted("archive"):
            from bench import archive_api

            result = archive_api.scenario(
                py=PY, env=ENV, cwd=ROOT, base=BASE, sessions=sessions, duration=DURATION
            )[0]
            archive = figures(result)
            rows.append(
                {
                    "scenario": f"archive API list, {result['prepared']['rows']:,} consultations, filter + Arabic q",
                    **archive,
                    "ratio_vs_reference": round(archive["throughput"] / ref_get["throughput"], 3),
                    "plan": result["prepared"]["plan"],
                    "target": "p95 <= 100 ms",
                    "met": archive["p95_ms"] <= 100 and archive["errors"] == 0,
                }
            )
        if wanted("replica"):
            rows.append(replica_row(data, workers))
        if wanted("fanout"):
            from bench import fanout

            rows += fanout.scenario(py=PY, env=ENV, cwd=ROOT)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)

    if wanted("overload"):
        rows.append(overload_row(data, workers))

    if wanted("analytics"):  # no server: the nightly computation itself, on the bench database
        print("Analytics recompute: 200 entities, 1,000,000 contributions (generated once)…", flush=True)
        out = sh(
            PY,
            "-c",
            "import json; from bench.analytics_compute import scenario; "
            "print('RESULT ' + json.dumps(scenario(verbose=True)))",
            stdout=subprocess.PIPE,
            text=True,
        ).stdout
        row = json.loads([line for line in out.splitlines() if line.startswith("RESULT ")][-1][7:])
        row["scenario"] += f": {row['seconds']} s, {row['queries']} queries"
        rows.append(row)

    if wanted("datastore"):  # no server: the load and datastore_search in-process, on the bench database
        print("Datastore: a 1,000,000-row CSV resource loaded, then searched (made once)…", flush=True)
        out = sh(
            PY,
            "-c",
            "import json; from bench.datastore import scenario; "
            "print('RESULT ' + json.dumps(scenario(verbose=True)))",
            stdout=subprocess.PIPE,
            text=True,
        ).stdout
        row = json.loads([line for line in out.splitlines() if line.startswith("RESULT ")][-1][7:])
        row["scenario"] += (
            f": p95 {row['p95_ms']} ms (x{row['ratio']} a plain indexed query), load {row['load_seconds']} s"
        )
        rows.append(row)

    out = ROOT / "bench" / "results" / "latest.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    for row in rows:
        row.pop("statuses", None)
    out.write_text(json.dumps(rows, indent=2, ensure_ascii=False))
    print_table(rows)
    print(f"\nwritten: {out.relative_to(ROOT)}")


def overload_row(data: dict, workers: str) -> dict:
    """Twice the measured capacity of a read/write mix, on a server with load shedding on."""
    port = PORT + 1
    base = f"http://127.0.0.1:{port}"
    server = start_server(
        port,
        workers,
        SHED_MAX_QUEUE_MS=os.environ.get("BENCH_SHED_MAX_QUEUE_MS", "500"),
        SHED_MAX_INFLIGHT_WRITES="32",
    )
    try:
        wait_for_server(base)
        out = subprocess.run(
            [
                PY,
                "-m",
                "bench.overload",
                json.dumps(
                    {
                        "base": base,
                        "consultation": data["big"],
                        "polls": data["polls"],
                        "sessions": data["sessions"][200:260],
                        "duration": DURATION,
                    }
                ),
            ],
            check=True,
            env=ENV,
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout
        result = json.loads(out)["overload"], json.loads(out)["capacity"]
        alive = False
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
                alive = response.status == 200
        except OSError:
            pass
        crashed = server.poll() is not None
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    flood, measured = result
    reads, writes = flood["statuses"]["read"], flood["statuses"]["write"]

    def count(counter, test):
        return sum(n for s, n in counter.items() if s.isdigit() and test(int(s)))

    n_reads, n_writes = sum(reads.values()), sum(writes.values())
    reads_ok = count(reads, lambda s: s < 400)
    writes_ok = count(writes, lambda s: s < 400)
    writes_429, writes_503 = count(writes, lambda s: s == 429), count(writes, lambda s: s == 503)
    other = (
        (n_reads - reads_ok) + (n_writes - writes_ok - writes_429 - writes_503) + flood["retry_after_missing"]
    )
    total = n_reads + n_writes
    error_rate = other / total if total else 1.0
    reads_served = reads_ok / n_reads if n_reads else 0.0
    latencies = flood["latencies_ms"]["read"]
    return {
        "scenario": "overload at 2 x measured capacity (reads + votes/comments), shedding on",
        "requests": total,
        "throughput": round(total / flood["elapsed"], 1),
        "p50_ms": round(pct(latencies, 50), 1),
        "p95_ms": round(pct(latencies, 95), 1),
        "p99_ms": round(pct(latencies, 99), 1),
        "errors": other,
        "capacity_rps": round(measured["capacity_rps"], 1),
        "offered_rps": round(flood["offered_rate"], 1),
        "reads_served_pct": round(100 * reads_served, 2),
        "writes_2xx_3xx": writes_ok,
        "writes_429": writes_429,
        "writes_503": writes_503,
        "retry_after_missing": flood["retry_after_missing"],
        "error_rate_pct": round(100 * error_rate, 2),
        "server_alive_after": alive and not crashed,
        "target": "reads served (>= 99 %); writes 2xx or 429/503 with Retry-After; other errors < 1 %; no crash",
        "met": reads_served >= 0.99
        and flood["retry_after_missing"] == 0
        and error_rate < 0.01
        and alive
        and not crashed,
    }


def replica_row(data: dict, workers: str) -> dict:
    """Anonymous reads with and without a streaming replica in the same run, then the replica
    stopped in the middle of a load: the reads must go on from the primary with no error.

    The replica is made on this machine as the tests make it (tests/replica_cluster.py:
    pg_basebackup of the bench's server into a second cluster on a free port); a second server
    (port BENCH_PORT + 2) reads from it, the first one does not.
    """
    import psycopg2

    from tests.replica_cluster import ReplicaUnavailable, replica_make, replica_wait_until

    mix = _anonymous_read_mix(data)
    print(f"Replica: pg_basebackup of the bench server, then {len(mix)} anonymous pages in turn…", flush=True)
    primary = psycopg2.extensions.parse_dsn(DB_URL.split("?")[0])
    try:
        cluster = replica_make(
            host=primary.get("host", "127.0.0.1"),
            port=primary.get("port", 5432),
            user=primary.get("user", "postgres"),
            max_connections=sql("SHOW max_connections")[0][0],
        )
    except ReplicaUnavailable as error:
        return {
            "scenario": "read replica",
            "target": "a replica can be made here",
            "met": False,
            "error": str(error),
        }
    port = PORT + 2
    base = f"http://127.0.0.1:{port}"
    server = None
    try:

        def on_replica(query: str):
            conn = psycopg2.connect(cluster.url(primary.get("user", "postgres"), primary["dbname"]))
            try:
                with conn.cursor() as cursor:
                    cursor.execute(query)
                    return cursor.fetchone()
            finally:
                conn.close()

        target = sql("SELECT pg_current_wal_lsn()")[0][0]
        if not replica_wait_until(
            on_replica, f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn", timeout=120,
            tolerate=(psycopg2.OperationalError,),
        ):  # fmt: skip
            raise SystemExit("the bench replica did not catch up")
        server = start_server(
            port,
            workers,
            DATABASE_REPLICA_URL=cluster.url(primary.get("user", "postgres"), primary["dbname"]),
        )
        wait_for_server(base)
        args = {"paths": mix, "concurrency": 10, "duration": DURATION}
        warm_up(BASE, mix)
        warm_up(base, mix)
        without = figures(load("get", base=BASE, **args))
        with_replica = figures(load("get", base=base, **args))
        # The same load again on the replica's server; half-way through, the replica goes away.
        running = subprocess.Popen(
            [PY, "-m", "bench.load", "get", json.dumps({"base": base, **args})],
            env=ENV,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        time.sleep(DURATION / 2)
        cluster.stop()
        stopped = figures(json.loads(running.communicate()[0]))
        with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
            health = json.loads(response.read())
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
        cluster.remove()
    gain = with_replica["throughput"] / without["throughput"] if without["throughput"] else 0
    return {
        "scenario": "anonymous reads with a streaming replica (vs without, same run), replica stopped mid-load",
        **with_replica,
        "ratio_vs_reference": round(gain, 3),
        "without_replica": {k: v for k, v in without.items() if k != "statuses"},
        "replica_stopped_mid_load": {k: v for k, v in stopped.items() if k != "statuses"},
        "statuses_when_stopped": stopped["statuses"],
        "health_after_stop": health.get("replica"),
        "mix": mix,
        "target": "with and without the replica measured; 0 errors (5xx or refused) with the replica stopped mid-load",
        "met": with_replica["errors"] == 0 and without["errors"] == 0 and stopped["errors"] == 0,
    }


def _anonymous_read_mix(data: dict) -> list[str]:
    """What an anonymous crowd reads: the big consultation's page and the list (cached pages, both
    languages), the archive searched with a word (rendered: its query reaches the database)."""
    from urllib.parse import quote

    pages = [
        f"/consultations/{data['big']}/",
        f"/en/consultations/{data['big']}/",
        "/consultations/",
        "/en/consultations/",
    ]
    words = ["الصحة", "التعليم", "النقل", "المياه", "الطاقة", "الإسكان"]
    return pages + [f"/archive/?q={quote(word)}" for word in words]


def print_table(rows):
    head = f"{'scenario':<78} {'req':>7} {'req/s':>8} {'p50':>7} {'p95':>7} {'p99':>7} {'err':>5} {'ratio':>6}  met"
    print("\n" + head + "\n" + "-" * len(head))
    for r in rows:
        print(
            f"{r['scenario'][:78]:<78} {r.get('requests', 0):>7} {r.get('throughput', 0):>8} {r.get('p50_ms', 0):>7} "
            f"{r.get('p95_ms', 0):>7} {r.get('p99_ms', 0):>7} {r.get('errors', 0):>5} "
            f"{r.get('ratio_vs_reference', ''):>6}  {'yes' if r['met'] else 'NO'}"
        )
        if r["target"] != "reference":
            print(f"{'':<4}target: {r['target']}")
    print(f"\nmedian p95 over rows: {statistics.median(r.get('p95_ms', 0) for r in rows):.1f} ms")


if __name__ == "__main__":
    sys.exit(main())
