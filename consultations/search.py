"""Full-text search over consultations, with Arabic spelling variants folded on both sides.

The stored `Consultation.search_text` and the query both go through `normalize_arabic`, so
"الإستشارة" finds "الاستشارة" and the other way round. The document also carries each word's stem
(`sharik.core.text.search_stem`) and a query word matches by its stem too, so "المدرسة" finds
"مدرسة" and "بالمدرسة", "المعلمين" finds "معلم". On PostgreSQL the match is a full-text search
(config "simple", over the stored, GIN-indexed `search_vector` column of migration 0007); elsewhere
(SQLite) a regular expression asks the same question: every word of the query (or its stem) begins
a word of the text. A word found inside another word ("3" in "13") matches on neither database.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorField
from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from sharik.core.text import normalize_arabic, search_stems, search_terms

# The translated text fields that make up a consultation's search document.
SEARCH_FIELDS = ("title_ar", "title_en", "summary_ar", "summary_en", "decision_ar", "decision_en")
SEARCH_CONFIG = "simple"


_WORD = re.compile(r"\w+")
_ARTICLE = "\u0627\u0644"  # ال, the Arabic definite article


def _without_article(words: list[str]) -> list[str]:
    """ "الاستشاره" → "استشاره", so a search for a word without the article finds it too."""
    return [w[2:] for w in words if w.startswith(_ARTICLE) and len(w) > 4]


def search_document(consultation) -> str:
    """The normalised text a consultation is found by (kept in `Consultation.search_text`)."""
    parts = [getattr(consultation, name, "") or "" for name in SEARCH_FIELDS]
    parts.append(consultation.external_id or "")
    raw = " ".join(part for part in parts if part)
    text = normalize_arabic(raw)
    extra = _without_article(_WORD.findall(text)) + search_stems(raw)
    return f"{text} {' '.join(dict.fromkeys(extra))}".strip()


def search_vector() -> SearchVector:
    """The expression of the stored `search_vector` column (migration 0007); kept for reference."""
    return SearchVector("search_text", config=SEARCH_CONFIG)


def _stored_vector(queryset: QuerySet) -> RawSQL:
    """The generated, GIN-indexed column of PostgreSQL (migration 0007; not a model field)."""
    table = connection.ops.quote_name(queryset.model._meta.db_table)
    return RawSQL(f"{table}.search_vector", (), output_field=SearchVectorField())  # noqa: S611 - no input


def consultation_search(queryset: QuerySet, q: str) -> QuerySet:
    """Consultations of `queryset` that contain every word of `q`, each word also as a prefix
    ("استشار" finds "الاستشارة"); punctuation and search operators in `q` are ignored."""
    words = search_terms(q)
    if not words:
        return queryset
    if connection.vendor == "postgresql":
        # Only \w characters reach the raw tsquery, so user input cannot inject its syntax.
        tsquery = " & ".join(f"({word}:* | {stem}:*)" if stem else f"{word}:*" for word, stem in words)
        return queryset.alias(_search=_stored_vector(queryset)).filter(
            _search=SearchQuery(tsquery, config=SEARCH_CONFIG, search_type="raw")
        )
    for word, stem in words:
        found = Q(search_text__regex=word_prefix_pattern(word))
        if stem:
            found |= Q(search_text__regex=word_prefix_pattern(stem))
        queryset = queryset.filter(found)
    return queryset


def word_prefix_pattern(word: str) -> str:
    """A regular expression matching `word` at the start of a word, as PostgreSQL's `word:*` does.

    PostgreSQL's parser splits words on anything but letters and digits (the underscore too), so
    the start of a word is the start of the text or a character that is not a letter or a digit.
    """
    return rf"(?:^|[\W_]){re.escape(word)}"
