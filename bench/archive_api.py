"""Bench scenario: the archive API list over 100,000 consultations, filtered, with an Arabic `q`.

Called by bench/run.py (`scenario(...)` returns one table row).
- `python -m bench.archive_api prepare N` runs in the benchmark's database: N archive consultations
  from 20 entities (bulk inserts with their normalised search text, progress bar), then ANALYZE, and
  prints the query plan of a typical request, to show the GIN index is used;
- `python -m bench.archive_api load '{json}'` drives GET /api/v1/consultations/?q=…&<filter> from
  its own process (asyncio + aiohttp), a different Arabic word and filter on each request, and prints
  what bench/load.py prints (requests, elapsed, statuses, latencies).
The readers are signed in (50 sessions, in turn): the per-IP limit for anonymous reads (600/min)
would otherwise answer most of the load with 429, which is what it is for.
"""

import asyncio
import json
import os
import random
import subprocess
import sys
import time
from collections import Counter

from bench import run_prepare

N = int(os.environ.get("BENCH_ARCHIVE_ROWS", "100000"))
BATCH = 5000
# Words of the generated titles and summaries; the queries use them with and without the article
# and with the spelling variants the search folds (hamza forms, taa marbuta).
TOPICS = [
    "الصحة",
    "التعليم",
    "النقل",
    "المياه",
    "الطاقة",
    "الإسكان",
    "البيئة",
    "الزراعة",
    "السياحة",
    "الرقمنة",
    "الثقافة",
    "الرياضة",
    "الشباب",
    "المرأة",
    "التوظيف",
    "الاستثمار",
    "الضرائب",
    "المرور",
    "النفايات",
    "الحدائق",
    "المستشفيات",
    "المدارس",
    "الجامعات",
    "الطرق",
    "الكهرباء",
    "الاتصالات",
    "الأمن",
    "الغذاء",
    "الصيد",
    "التراث",
]
# Five kinds of summary, so that no word but the topics' articles is in every row.
SUMMARIES = [
    "خطة تطوير {topic} و{other} للأعوام القادمة",
    "رأيكم في تحسين خدمات {topic} قبل اعتماد السياسة",
    "مقترحات المتعاملين حول {topic} وعلاقتها بقطاع {other}",
    "مراجعة اللوائح المنظمة لقطاع {topic}",
    "برنامج وطني جديد يشمل {topic} و{other}",
]
KINDS = ["استشارة", "مشاورة", "استطلاع", "حوار", "مسودة"]
PLACES = ["أبوظبي", "دبي", "الشارقة", "عجمان", "الفجيرة", "رأس الخيمة", "أم القيوين", "العين"]
QUERIES = [
    *TOPICS,
    "الاسكان",  # الإسكان without hamza
    "الامن",
    "استشاره",  # taa marbuta as haa
    "الإستشارة",
    "مشاورة الطاقة",
    "استطلاع المدارس",
    "حوار الشباب",
    "خطة",  # in a fifth of the rows
    "المياه الجوفية",
    "تطوير",
    "اللوائح",
    "مقترحات المتعاملين",
    "برنامج وطني",
]
SECTORS = ["health", "education", "finance", "social-welfare", "labour", "environment", "other"]
PHASES = ["archived", "evaluation", "announcement", "analysis", "conduct"]


def _filter() -> str:
    choice = random.randrange(4)
    if choice == 0:
        return f"sector={random.choice(SECTORS)}"
    if choice == 1:
        return f"year={random.randint(2016, 2026)}"
    if choice == 2:
        return "status=decided"
    return f"source={random.choice(['pushed', 'harvested'])}"


def path() -> str:
    from urllib.parse import quote

    return f"/api/v1/consultations/?q={quote(random.choice(QUERIES))}&{_filter()}"


def scenario(*, py: str, env: dict, cwd, base: str, sessions: list[dict], duration: float) -> list[dict]:
    prepared = run_prepare("bench.archive_api", str(N), py=py, env=env, cwd=cwd)
    out = subprocess.run(
        [
            py,
            "-m",
            "bench.archive_api",
            "load",
            json.dumps({"base": base, "sessions": sessions[:50], "duration": duration, "concurrency": 10}),
        ],
        check=True,
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
    ).stdout
    return [json.loads(out) | {"prepared": prepared}]


# --- load -------------------------------------------------------------------------------------------


async def _load(base: str, sessions: list[dict], duration: float, concurrency: int) -> dict:
    import aiohttp

    latencies: list[float] = []
    statuses: Counter = Counter()
    stop = time.perf_counter() + duration
    started = time.perf_counter()

    async def client(n: int):
        session_info = sessions[n % len(sessions)]
        cookies = {"sessionid": session_info["sessionid"]}
        async with aiohttp.ClientSession(cookies=cookies, timeout=aiohttp.ClientTimeout(total=30)) as http:
            while time.perf_counter() < stop:
                t0 = time.perf_counter()
                try:
                    async with http.get(base + path(), headers={"Accept-Language": "ar"}) as response:
                        await response.read()
                        status = str(response.status)
                except (TimeoutError, aiohttp.ClientError) as error:
                    status = f"error:{type(error).__name__}"
                latencies.append((time.perf_counter() - t0) * 1000)
                statuses[status] += 1

    await asyncio.gather(*(client(n) for n in range(concurrency)))
    return {
        "requests": len(latencies),
        "elapsed": time.perf_counter() - started,
        "statuses": dict(statuses),
        "latencies_ms": latencies,
    }


# --- data -------------------------------------------------------------------------------------------


def prepare(n: int) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sharik.settings.base")
    django.setup()
    from datetime import UTC, datetime, timedelta

    from django.db import connection
    from tqdm import tqdm

    from consultations.models import Consultation
    from consultations.search import search_document
    from governance.models import Entity

    rng = random.Random(9)
    entities = [
        Entity.objects.get_or_create(
            slug=f"archive-{i}", defaults={"name_ar": f"جهة الأرشيف {i}", "name_en": f"Archive entity {i}"}
        )[0]
        for i in range(20)
    ]
    start = datetime(2016, 1, 1, tzinfo=UTC)
    with tqdm(total=n, desc="archive consultations", unit="row", file=sys.stderr) as progress:
        for first in range(0, n, BATCH):
            rows = []
            for i in range(first, min(first + BATCH, n)):
                topic, other = rng.choice(TOPICS), rng.choice(TOPICS)
                opens = start + timedelta(days=rng.randrange(11 * 365))
                row = Consultation(
                    entity=entities[i % 20],
                    external_id=f"archive-{i}",
                    source="pushed" if i % 3 else "harvested",
                    title_ar=f"{rng.choice(KINDS)} {topic} في {rng.choice(PLACES)} رقم {i}",
                    title_en=f"Consultation {i}",
                    summary_ar=rng.choice(SUMMARIES).format(topic=topic, other=other),
                    summary_en="A plan for the coming years",
                    sector=rng.choice(SECTORS),
                    phase=rng.choice(PHASES),
                    opens_at=opens,
                    closes_at=opens + timedelta(days=30),
                    decision_ar=f"اعتماد خطة {topic}" if i % 2 else "",
                    reported_results={"participants": rng.randrange(5000)},
                )
                row.search_text = search_document(row)
                rows.append(row)
            Consultation.objects.bulk_create(rows)
            progress.update(len(rows))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE consultations_consultation")
    print(json.dumps({"rows": n, "plan": _plan()}, ensure_ascii=False))


def _plan() -> list[str]:
    """EXPLAIN ANALYZE of the list query and its count for one typical request."""
    from django.db import connection
    from django.test import RequestFactory
    from rest_framework.request import Request

    from consultations.api.views import ConsultationViewSet

    request = Request(RequestFactory().get("/api/v1/consultations/", {"q": "الاسكان", "sector": "health"}))
    view = ConsultationViewSet(request=request, format_kwarg=None, action="list", kwargs={})
    queryset = view.filter_queryset(view.get_queryset())
    lines = []
    for label, qs in (("page", queryset[:20]), ("count", queryset.order_by())):
        sql, params = (
            (qs.query.sql_with_params()) if label == "page" else qs.values("pk").query.sql_with_params()
        )
        if label == "count":
            sql = f"SELECT count(*) FROM ({sql}) AS counted"  # noqa: S608 - SQL of our own queryset
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, COSTS OFF) {sql}", params)
            lines += [f"{label}: {row[0]}" for row in cursor.fetchall()]
    return lines


if __name__ == "__main__":
    if sys.argv[1] == "prepare":
        prepare(int(sys.argv[2]))
    elif sys.argv[1] == "load":
        print(json.dumps(asyncio.run(_load(**json.loads(sys.argv[2])))))
