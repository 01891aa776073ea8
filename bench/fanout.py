"""Bench scenario: the results announcement of one consultation to 100,000 participants, fanned
out by two real Celery worker processes over Redis.

Called by bench/run.py (`scenario(...)` returns one table row). `python -m bench.fanout prepare N`
runs in the benchmark's database and creates N people who took part (70 % commented, 30 % follow)
in a consultation that is announcing its results. The workers are started, the announcement job is
sent, and the clock runs until every participant has exactly one notification, e-mailed.
"""

import json
import os
import subprocess
import sys
import time

from bench import run_prepare

PEOPLE = int(os.environ.get("BENCH_FANOUT_PEOPLE", "100000"))
BATCH = 5000


def scenario(*, py: str, env: dict, cwd, people: int = PEOPLE) -> list[dict]:
    prepared = run_prepare("bench.fanout", str(people), py=py, env=env, cwd=cwd)
    worker_env = {**env, "DJANGO_SETTINGS_MODULE": "bench.worker_settings", "CELERY_TASK_ALWAYS_EAGER": "0"}
    workers = [
        subprocess.Popen(
            [py, "-m", "celery", "-A", "sharik", "worker", "-Q", "default", "-c", "1", "-n", f"bench{i}@%h"]
            + ["--loglevel", "WARNING", "--without-gossip", "--without-mingle"],
            env=worker_env,
            cwd=cwd,
            start_new_session=True,
        )
        for i in range(2)
    ]
    try:
        from celery import Celery

        time.sleep(3)  # let both workers connect before the first job
        key = prepared["key"]
        t0 = time.perf_counter()
        Celery(broker=env["REDIS_URL"]).send_task(
            "consultations.announce_outcome", args=[prepared["consultation"]], queue="default"
        )
        deadline = t0 + float(os.environ.get("BENCH_FANOUT_TIMEOUT", "600"))
        done = 0
        while time.perf_counter() < deadline:
            done = _count(
                env, "SELECT count(*) FROM accounts_notification WHERE key=%s AND emailed_at IS NOT NULL", key
            )
            if done >= people:
                break
            time.sleep(0.5)
        elapsed = time.perf_counter() - t0
    finally:
        for worker in workers:
            os.killpg(worker.pid, 15)
        for worker in workers:
            worker.wait(timeout=30)
    rows = _count(env, "SELECT count(*) FROM accounts_notification WHERE key=%s", key)
    distinct = _count(env, "SELECT count(DISTINCT user_id) FROM accounts_notification WHERE key=%s", key)
    once = rows == distinct == people and done == people
    return [
        {
            "scenario": f"results announcement fan-out to {people:,} participants, 2 Celery workers",
            "requests": people,
            "seconds": round(elapsed, 1),
            "throughput": round(done / elapsed, 1),
            "errors": people - done,
            "notified_once": once,
            "target": "all notified (and e-mailed) exactly once, <= 120 s",
            "met": once and elapsed <= 120,
        }
    ]


def _count(env: dict, query: str, *params) -> int:
    import psycopg2

    with psycopg2.connect(env["DATABASE_URL"]) as conn, conn.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchone()[0]


def prepare(people: int) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sharik.settings.base")
    django.setup()
    from tqdm import tqdm

    from consultations.models import Comment, Consultation, Follow
    from consultations.phases import Phase
    from consultations.services.lifecycle import outcome_key
    from governance.models import Entity
    from sharik.accounts.models import User

    entity = Entity.objects.filter(is_active=True).order_by("pk").first()
    consultation = Consultation.objects.create(
        entity=entity,
        title_ar="خطة النقل العام 2030",
        title_en="Public transport plan 2030",
        phase=Phase.ANNOUNCEMENT,
        decision_ar="اعتمدنا الخطة مع خطوط ليلية إضافية",
        decision_en="We adopted the plan with extra night lines",
    )
    run = int(time.time())
    with tqdm(total=people, desc="fan-out participants", unit="person", file=sys.stderr) as progress:
        for start in range(0, people, BATCH):
            size = min(BATCH, people - start)
            users = User.objects.bulk_create(
                [
                    User(
                        email=f"fanout-{run}-{start + i}@example.org",
                        is_active=True,
                        preferred_language="en" if (start + i) % 4 == 0 else "ar",
                    )
                    for i in range(size)
                ]
            )
            Comment.objects.bulk_create(
                [
                    Comment(consultation=consultation, author=user, body="أؤيد الخطوط الليلية")
                    for n, user in enumerate(users)
                    if n % 10 < 7
                ]
            )
            Follow.objects.bulk_create(
                [Follow(consultation=consultation, user=user) for n, user in enumerate(users) if n % 10 >= 7]
            )
            progress.update(size)
    print(json.dumps({"consultation": consultation.pk, "key": outcome_key(consultation)}))


if __name__ == "__main__":
    if sys.argv[1:2] == ["prepare"]:
        prepare(int(sys.argv[2]))
