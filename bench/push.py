"""Bench scenario: an entity pushes 1,000 consultations in one bulk request, then the same 1,000 again.

Called by bench/run.py (`scenario(...)` returns table rows). `python -m bench.push prepare` runs
inside the benchmark's database (DATABASE_URL) and prints the entity slug and a fresh entity API key;
the pushes themselves go over HTTP to gunicorn, as an entity's system would send them.
"""

import json
import os
import subprocess
import sys
import time
import urllib.request

ITEMS = 1000
WORDS = [
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
]


def items(run: str) -> list[dict]:
    return [
        {
            "external_id": f"bench-{run}-{i}",
            "title": {"ar": f"استشارة {WORDS[i % 10]} رقم {i}", "en": f"Consultation {i}"},
            "summary": {"ar": f"ملخص استشارة {WORDS[(i * 7) % 10]} للعموم", "en": "A public summary"},
            "sector": "health",
            "un_level": "e-consultation",
            "escwa_stage": "participation",
            "phase": "conduct",
            "opens_at": "2026-01-01T00:00:00Z",
            "closes_at": "2026-12-31T00:00:00Z",
            "url": f"https://entity.example/consultations/{i}",
            "results": {"participants": i, "comments": i % 50},
        }
        for i in range(ITEMS)
    ]


def _post(url: str, key: str, body: dict) -> tuple[float, int, dict]:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    )
    t0 = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 - local bench server
        answer = json.loads(response.read())
        return time.perf_counter() - t0, response.status, answer


def scenario(*, base: str, py: str, env: dict, cwd) -> list[dict]:
    prepared = json.loads(
        subprocess.run(
            [py, "-m", "bench.push", "prepare"], check=True, env=env, cwd=cwd, capture_output=True, text=True
        ).stdout
    )
    url = f"{base}/api/v1/entities/{prepared['slug']}/consultations:bulk"
    body = {"items": items(str(int(time.time())))}
    first_s, first_status, first = _post(url, prepared["key"], body)
    again_s, again_status, again = _post(url, prepared["key"], body)
    created_ok = first_status == 200 and first["counts"]["created"] == ITEMS
    unchanged_ok = again_status == 200 and again["counts"]["unchanged"] == ITEMS
    return [
        {
            "scenario": f"bulk entity push of {ITEMS} new consultations (one request)",
            "requests": 1,
            "seconds": round(first_s, 2),
            "p50_ms": round(first_s * 1000, 1),
            "p95_ms": round(first_s * 1000, 1),
            "p99_ms": round(first_s * 1000, 1),
            "errors": 0 if created_ok else 1,
            "counts": first.get("counts"),
            "target": "<= 3 s; all created",
            "met": created_ok and first_s <= 3,
        },
        {
            "scenario": f"re-push of the same {ITEMS} consultations",
            "requests": 1,
            "seconds": round(again_s, 2),
            "p50_ms": round(again_s * 1000, 1),
            "p95_ms": round(again_s * 1000, 1),
            "p99_ms": round(again_s * 1000, 1),
            "errors": 0 if unchanged_ok else 1,
            "counts": again.get("counts"),
            "target": 'all "unchanged" (and <= 3 s)',
            "met": unchanged_ok and again_s <= 3,
        },
    ]


def prepare() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sharik.settings.base")
    django.setup()
    from consultations.services.archive import api_key_issue
    from governance.models import Entity

    entity = Entity.objects.filter(is_active=True).order_by("pk").first()
    _, raw_key = api_key_issue(entity=entity, name="bench push")
    print(json.dumps({"slug": entity.slug, "key": raw_key}))


if __name__ == "__main__":
    if sys.argv[1:] == ["prepare"]:
        prepare()
