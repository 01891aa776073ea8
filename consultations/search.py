"""Full-text search over consultations, with Arabic spelling variants folded on both sides.

The stored `Consultation.search_text` and the query both go through `normalize_arabic`, so
"الإستشارة" finds "الاستشارة" and the other way round. On PostgreSQL the match is a full-text
search (config "simple", GIN index from migration 0002_archive); elsewhere every word must appear.
"""

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import QuerySet

from sharik.core.text import normalize_arabic

# The translated text fields that make up a consultation's search document.
SEARCH_FIELDS = ("title_ar", "title_en", "summary_ar", "summary_en", "decision_ar", "decision_en")
SEARCH_CONFIG = "simple"


def search_document(consultation) -> str:
    """The normalised text a consultation is found by (kept in `Consultation.search_text`)."""
    parts = [getattr(consultation, name, "") or "" for name in SEARCH_FIELDS]
    parts.append(consultation.external_id or "")
    return normalize_arabic(" ".join(part for part in parts if part))


def search_vector() -> SearchVector:
    """The indexed expression; keep it identical to the index created in 0002_archive."""
    return SearchVector("search_text", config=SEARCH_CONFIG)


def consultation_search(queryset: QuerySet, q: str) -> QuerySet:
    """Consultations of `queryset` that match the words of `q`."""
    query = normalize_arabic(q or "").strip()
    if not query:
        return queryset
    if connection.vendor == "postgresql":
        return queryset.annotate(_search=search_vector()).filter(
            _search=SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
        )
    for word in query.split():
        queryset = queryset.filter(search_text__contains=word)
    return queryset
