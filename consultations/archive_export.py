"""The archive as CSV or JSON, produced row by row so that any number of rows fits in little memory.

Each writer takes a queryset of consultations and yields `(text chunk, rows in the chunk)`; the
export views stream the chunks, the nightly job writes them to the published file.
"""

import io
import json
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.db.models.fields.json import KT
from django.urls import reverse
from django.utils import translation

from sharik.core import csvsafe

from .phases import PHASE_RULES

# What each instrument counted (native consultations; 0 for pushed and harvested ones).
INSTRUMENT_COLUMNS = (
    "survey_responses",
    "budget_allocations",
    "opinion_statements",
    "opinion_votes",
    "paragraph_comments",
    "amendments",
    "amendments_accepted",
    "follow_ups",
    "follow_ups_done",
)

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
    *INSTRUMENT_COLUMNS,
    "budget_funded",
    "opinion_groups",
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


def _with_instrument_counts(queryset: QuerySet) -> QuerySet:
    """Each instrument's count as a scalar subquery per row (no join fan-out, one query per chunk)."""
    from .models import (
        Amendment,
        BudgetAllocation,
        FollowUp,
        OpinionMap,
        OpinionStatement,
        OpinionVote,
        ParagraphComment,
        ParticipatoryBudget,
        SurveyResponse,
    )
    from .models.contributions import _count_subquery

    in_draft = "paragraph__version__draft__consultation"
    counts = {
        "survey_responses": _count_subquery(SurveyResponse, "survey__consultation"),
        "budget_allocations": _count_subquery(BudgetAllocation, "budget__consultation"),
        "opinion_statements": _count_subquery(OpinionStatement, "consultation", is_hidden=False),
        "opinion_votes": _count_subquery(OpinionVote, "statement__consultation", statement__is_hidden=False),
        "paragraph_comments": _count_subquery(ParagraphComment, in_draft, is_hidden=False),
        "amendments": _count_subquery(Amendment, in_draft, is_hidden=False),
        "amendments_accepted": _count_subquery(
            Amendment, in_draft, is_hidden=False, status=Amendment.Status.ACCEPTED
        ),
        "follow_ups": _count_subquery(FollowUp, "consultation"),
        "follow_ups_done": _count_subquery(FollowUp, "consultation", status=FollowUp.Status.DONE),
    }
    # Prefixed: some names are also the model's related names (consultation.opinion_statements).
    return queryset.annotate(
        **{f"n_{name}": value for name, value in counts.items()},
        n_has_budget=Exists(ParticipatoryBudget.objects.filter(consultation=OuterRef("pk"))),
        n_opinion_groups=Subquery(
            OpinionMap.objects.filter(consultation=OuterRef("pk")).annotate(k=KT("result__k")).values("k")[:1]
        ),
    )


def _funded_projects(consultation_id: int) -> str:
    """The projects each budget's stated rule funds, Arabic titles, "budget: a | b; other: c"."""
    from .models import ParticipatoryBudget
    from .selectors_instruments import budget_result

    parts = []
    for budget in ParticipatoryBudget.objects.filter(consultation_id=consultation_id).order_by("pk"):
        result = budget_result(budget)
        funded = " | ".join(r["project"].title_ar for r in result["rows"] if r["funded"])
        parts.append(f"{budget.title_ar}: {funded}")
    return "; ".join(parts)


def export_rows(queryset: QuerySet) -> Iterator[dict]:
    """One plain dict per consultation, read in chunks from a server-side cursor where there is one."""
    with translation.override(settings.LANGUAGE_CODE):
        detail = settings.SITE_URL.rstrip("/") + reverse("consultations:detail", args=[987654321])
    columns = (*_DB_COLUMNS, *INSTRUMENT_COLUMNS, "has_budget", "opinion_groups")
    selected = (*_DB_COLUMNS, *(f"n_{name}" for name in columns[len(_DB_COLUMNS) :]))
    rows = _with_instrument_counts(queryset).order_by("pk").values_list(*selected).iterator(chunk_size=2000)
    for values in rows:
        row = dict(zip(columns, values, strict=True))
        # The budget's computed result: a few queries, only for the consultations that have a budget.
        row["budget_funded"] = _funded_projects(row["id"]) if row.pop("has_budget") else ""
        row["opinion_groups"] = int(row["opinion_groups"]) if row["opinion_groups"] else 0
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
    writer = csvsafe.DictWriter(buffer, fieldnames=COLUMNS, extrasaction="ignore")
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
