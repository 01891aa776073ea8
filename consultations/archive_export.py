"""The archive as CSV or JSON, produced row by row so that any number of rows fits in little memory.

Each writer takes a queryset of consultations and yields `(text chunk, rows in the chunk)`; the
export views stream the chunks, the nightly job writes them to the published file.
"""

import csv
import io
import json
from collections.abc import Iterator

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation

from .phases import PHASE_RULES

COLUMNS = (
    "id",
    "entity",
    "source",
    "external_id",
    "title_ar",
    "title_en",
    "summary_ar",
    "summary_en",
    "sector",
    "un_level",
    "escwa_stage",
    "phase",
    "status",
    "opens_at",
    "closes_at",
    "decision_ar",
    "decision_en",
    "decided_at",
    "url",
    "participants",
    "comments",
    "created_at",
    "updated_at",
)
_DB_COLUMNS = (
    "id",
    "entity__slug",
    "source",
    "external_id",
    "title_ar",
    "title_en",
    "summary_ar",
    "summary_en",
    "sector",
    "un_level",
    "escwa_stage",
    "phase",
    "opens_at",
    "closes_at",
    "decision_ar",
    "decision_en",
    "decided_at",
    "external_url",
    "reported_results",
    "created_at",
    "updated_at",
)
CHUNK_ROWS = 500


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def export_rows(queryset: QuerySet) -> Iterator[dict]:
    """One plain dict per consultation, read in chunks from a server-side cursor where there is one."""
    with translation.override(settings.LANGUAGE_CODE):
        detail = settings.SITE_URL.rstrip("/") + reverse("consultations:detail", args=[987654321])
    rows = queryset.order_by("pk").values_list(*_DB_COLUMNS).iterator(chunk_size=2000)
    for values in rows:
        row = dict(zip(_DB_COLUMNS, values, strict=True))
        results = row.pop("reported_results") or {}
        external_url = row.pop("external_url")
        row["entity"] = row.pop("entity__slug")
        row["status"] = str(PHASE_RULES[row["phase"]][0])
        row["url"] = external_url or detail.replace("987654321", str(row["id"]))
        row["participants"] = results.get("participants") if isinstance(results, dict) else None
        row["comments"] = results.get("comments") if isinstance(results, dict) else None
        for name in ("opens_at", "closes_at", "decided_at", "created_at", "updated_at"):
            row[name] = _iso(row[name])
        for name in ("title_ar", "title_en", "summary_ar", "summary_en", "decision_ar", "decision_en"):
            row[name] = row[name] or ""
        yield row


def csv_chunks(queryset: QuerySet) -> Iterator[tuple[str, int]]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, extrasaction="ignore")
    buffer.write("\ufeff")  # a BOM, so spreadsheet programs read the Arabic as UTF-8
    writer.writeheader()
    pending = 0
    for row in export_rows(queryset):
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
        pending += 1
        if pending >= CHUNK_ROWS:
            yield buffer.getvalue(), pending
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    yield buffer.getvalue(), pending


def json_chunks(queryset: QuerySet) -> Iterator[tuple[str, int]]:
    parts = ["["]
    pending = 0
    first = True
    for row in export_rows(queryset):
        parts.append(("" if first else ",\n") + json.dumps({k: row[k] for k in COLUMNS}, ensure_ascii=False))
        first = False
        pending += 1
        if pending >= CHUNK_ROWS:
            yield "".join(parts), pending
            parts = []
            pending = 0
    parts.append("]\n")
    yield "".join(parts), pending


EXPORT_WRITERS = {"csv": csv_chunks, "json": json_chunks}
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}
