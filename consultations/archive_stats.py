"""Counts of the archive, federal and per entity, for /archive/ and `GET /api/v1/archive/summary`."""

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Coalesce, ExtractYear

from governance.models import Entity

from .filters import _has_decision
from .phases import PHASE_RULES


def _counter(queryset: QuerySet, field: str) -> dict[str, int]:
    rows = queryset.order_by().values(field).annotate(n=Count("pk")).values_list(field, "n")
    return {str(key): n for key, n in sorted(rows, key=lambda row: str(row[0])) if key is not None}


def archive_summary(queryset: QuerySet) -> dict:
    """Federal-level counts of `queryset` and one row of counts per entity, in a few queries."""
    by_phase = _counter(queryset, "phase")
    by_status: dict[str, int] = {}
    for phase, n in by_phase.items():
        status = str(PHASE_RULES[phase][0])
        by_status[status] = by_status.get(status, 0) + n
    years = queryset.annotate(_year=ExtractYear(Coalesce("opens_at", "created_at")))
    entity_rows = (
        queryset.order_by()
        .values("entity")
        .annotate(
            total=Count("pk"),
            with_decision=Count("pk", filter=_has_decision()),
            native=Count("pk", filter=Q(source="native")),
            pushed=Count("pk", filter=Q(source="pushed")),
            harvested=Count("pk", filter=Q(source="harvested")),
        )
    )
    entities = Entity.objects.in_bulk([row["entity"] for row in entity_rows])
    per_entity = []
    for row in entity_rows:
        entity = entities[row["entity"]]
        per_entity.append(
            {
                "slug": entity.slug,
                "name": {lang: getattr(entity, f"name_{lang}", None) or entity.name for lang in ("ar", "en")},
                "entity": entity,
                "total": row["total"],
                "with_decision": row["with_decision"],
                "by_source": {s: row[s] for s in ("native", "pushed", "harvested") if row[s]},
                "external": row["pushed"] + row["harvested"],
            }
        )
    per_entity.sort(key=lambda row: (-row["total"], row["slug"]))
    return {
        "total": sum(row["total"] for row in per_entity),
        "with_decision": sum(row["with_decision"] for row in per_entity),
        "by_source": _counter(queryset, "source"),
        "by_status": by_status,
        "by_sector": _counter(queryset, "sector"),
        "by_year": _counter(years, "_year"),
        "entities": per_entity,
    }
