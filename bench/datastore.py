"""Time the Datastore: loading a big CSV resource, and datastore_search with a filter and a q on it.

    DATABASE_URL=postgres://... .venv/bin/python bench/datastore.py [ROWS] [SEARCHES]

Not part of `make test`. Makes (once per database) a dataset `bench-datastore` with one CSV resource of
ROWS rows (default 1,000,000: city, year, value, note), loads it into the Datastore (PostgreSQL COPY)
and times the load; then runs SEARCHES (default 200) datastore_search calls with a filter (year) and a
q (a word of the note column), in-process (the action's own code, not HTTP), and the same number of
the plain indexed query they come down to (same WHERE, LIMIT 100, no total), for the ratio.

`scenario()` is what `bench/run.py` calls: it returns one row of the results table.
Targets (issue 18): p95 <= 100 ms with a filter and a q on 1,000,000 rows; the load <= 60 s.
"""

import os
import sys
import time

TARGET_P95_MS = 100.0
TARGET_LOAD_SECONDS = 60.0
NAME = "bench-datastore"
CITIES = ["Dubai", "Abu Dhabi", "Sharjah", "Ajman", "Fujairah", "Ras Al Khaimah", "Umm Al Quwain"]
WORDS = ["coastal", "desert", "mountain", "island", "oasis", "harbour", "market", "garden"]


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sharik.settings.base")
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    if root not in sys.path:
        sys.path.insert(0, root)
    import django

    django.setup()


def _csv(rows: int) -> bytes:
    lines = ["city,year,value,note"]
    for i in range(rows):
        lines.append(
            f"{CITIES[i % 7]},{2000 + i % 25},{(i * 37) % 100000},{WORDS[i % 8]} {WORDS[(i // 8) % 8]} {i}"
        )
    return ("\n".join(lines) + "\n").encode()


def _resource(rows: int):
    """The bench resource, made once (directly: a bench file is bigger than the upload limit)."""
    from django.core.files.base import ContentFile

    from governance.models import Entity
    from opendata.models import Dataset, Resource

    dataset = Dataset.objects.filter(name=NAME).first()
    if dataset is None:
        entity = Entity.objects.first() or Entity.objects.create(slug="bench", name="Bench", name_ar="Bench")
        dataset = Dataset.objects.create(entity=entity, name=NAME, title=NAME, title_ar=NAME)
    resource = dataset.resources.first()
    if resource is None:
        resource = Resource(dataset=dataset, name="rows", format="CSV")
        resource.file.save("bench-datastore.csv", ContentFile(_csv(rows)), save=False)
        resource.checksum = f"bench-{rows}"
        resource.save()
    return resource


def _p95(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]


def scenario(rows: int = 1_000_000, searches: int = 200, *, verbose: bool = False) -> dict:
    _setup()
    from django.db import connection

    from opendata.models import DatastoreTable
    from opendata.selectors_datastore import SearchArgs, datastore_search
    from opendata.services.datastore import datastore_load

    resource = _resource(rows)
    began = time.perf_counter()
    datastore_load(resource=resource, force=True)
    load_seconds = round(time.perf_counter() - began, 2)
    table = DatastoreTable.objects.get(resource=resource)
    table.resource = resource
    if verbose:
        print(f"loaded {table.rows_loaded} rows in {load_seconds} s ({table.status})", flush=True)

    def timed(fn) -> list[float]:
        out = []
        for i in range(searches):
            start = time.perf_counter()
            fn(i)
            out.append((time.perf_counter() - start) * 1000)
        return out

    def search(i):
        args = SearchArgs(q=WORDS[i % 8], filters={"year": 2000 + i % 25}, limit=100)
        return datastore_search(table=table, args=args)

    year_col = "c1"
    full_text = (
        "_full_text @@ plainto_tsquery('simple', %s)" if connection.vendor == "postgresql" else "c3 LIKE %s"
    )

    def plain(i):
        word = WORDS[i % 8] if connection.vendor == "postgresql" else f"%{WORDS[i % 8]}%"
        with connection.cursor() as cursor:
            cursor.execute(
                f'SELECT * FROM "{table.table_name}" WHERE "{year_col}" = %s AND {full_text} ORDER BY _id LIMIT 100',  # noqa: S608 - bench
                [2000 + i % 25, word],
            )
            cursor.fetchall()

    search(0)  # warm the caches
    plain(0)
    ours, reference = timed(search), timed(plain)
    p95, ref_p95 = round(_p95(ours), 1), round(_p95(reference), 1)
    return {
        "scenario": f"datastore_search (filter + q) on {table.rows_loaded:,} rows",
        "p95_ms": p95,
        "reference_p95_ms": ref_p95,
        "ratio": round(p95 / ref_p95, 2) if ref_p95 else None,
        "load_seconds": load_seconds,
        "rows": table.rows_loaded,
        "target": f"p95 <= {TARGET_P95_MS:.0f} ms and load <= {TARGET_LOAD_SECONDS:.0f} s on 1,000,000 rows",
        "met": p95 <= TARGET_P95_MS
        and load_seconds <= TARGET_LOAD_SECONDS
        and table.rows_loaded >= 1_000_000,
    }


if __name__ == "__main__":
    import json

    args = [int(a) for a in sys.argv[1:3]]
    print(json.dumps(scenario(*args, verbose=True), indent=2))
