"""Reads of the catalogue: what the public sees, search with facets, and entity indicators."""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum

from governance.models import Entity
from sharik.core.text import search_terms

from .models import Dataset, DatasetRequest, DatasetUsageDay, Licence, Resource

SORTS = {
    "relevance": None,
    "newest": ("-created_at", "-pk"),
    "modified": ("-data_modified_at", "-pk"),
    "downloads": ("-total_downloads", "-pk"),
    "title": ("title", "pk"),
    "stars": ("-stars", "-pk"),
}
FACETS = ("publisher", "sector", "format", "licence", "stars", "tags")


def datasets_public() -> QuerySet[Dataset]:
    return Dataset.objects.published().select_related("entity", "licence")


def dataset_search(qs: QuerySet[Dataset], q: str) -> QuerySet[Dataset]:
    """Full-text search on the normalised search text (PostgreSQL), or every word contained (SQLite)."""
    # Each word matches as written (normalised) or by its stem: "المدرسة" finds "مدرسة" and
    # "بالمدرسة", "المعلمين" finds "معلم" (sharik.core.text.search_stem), on both databases.
    words = search_terms(q)
    if not words:
        return qs
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector("search_text", config="simple")  # the expression of the GIN index
        # Only \w characters reach the raw tsquery, so user input cannot inject its syntax.
        tsquery = " & ".join(f"({word} | {stem})" if stem else word for word, stem in words)
        search = SearchQuery(tsquery, config="simple", search_type="raw")
        return qs.annotate(search=vector, rank=SearchRank(vector, search)).filter(search=search)
    for word, stem in words:
        found = Q(search_text__icontains=word)
        if stem:
            found |= Q(search_text__icontains=stem)
        qs = qs.filter(found)
    return qs


def dataset_filter(qs: QuerySet[Dataset], filters: dict) -> QuerySet[Dataset]:
    """Apply facet filters: each key holds a list of values (OR inside a facet, AND across facets)."""
    lookups = {
        "publisher": "entity__slug__in",
        "sector": "sector__in",
        "licence": "licence__slug__in",
        "stars": "stars__in",
    }
    for key, lookup in lookups.items():
        if filters.get(key):
            qs = qs.filter(**{lookup: filters[key]})
    if filters.get("format"):
        qs = qs.filter(
            pk__in=Resource.objects.filter(format__in=[f.upper() for f in filters["format"]]).values(
                "dataset"
            )
        )
    for tag in filters.get("tags") or []:
        qs = qs.filter(tags__name=tag)
    return qs


@dataclass
class SearchResult:
    datasets: QuerySet
    facets: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)


def _facet_counts(qs: QuerySet[Dataset]) -> dict[str, list[tuple[str, str, int]]]:
    """For each facet: (value, label, count) of datasets among the current results."""
    from sharik.core.choices import Sector

    ids = qs.values("pk")
    base = Dataset.objects.filter(pk__in=ids)
    sectors = dict(Sector.choices)
    # names in the reader's language (the translated fields' descriptors pick it)
    entity_names = {e.slug: e.name for e in Entity.objects.filter(datasets__in=ids).distinct()}
    licence_names = {lic.slug: lic.title for lic in Licence.objects.filter(dataset__in=ids).distinct()}
    facets = {
        "publisher": [
            (row["entity__slug"], entity_names.get(row["entity__slug"], row["entity__slug"]), row["n"])
            for row in base.values("entity__slug").annotate(n=Count("pk")).order_by("-n", "entity__slug")
        ],
        "sector": [
            (row["sector"], str(sectors.get(row["sector"], row["sector"])), row["n"])
            for row in base.values("sector").annotate(n=Count("pk")).order_by("-n", "sector")
        ],
        "format": [
            (row["format"], row["format"], row["n"])
            for row in Resource.objects.filter(dataset__in=ids)
            .exclude(format="")
            .values("format")
            .annotate(n=Count("dataset", distinct=True))
            .order_by("-n", "format")
        ],
        "licence": [
            (row["licence__slug"], licence_names.get(row["licence__slug"], row["licence__slug"]), row["n"])
            for row in base.filter(licence__isnull=False)
            .values("licence__slug")
            .annotate(n=Count("pk"))
            .order_by("-n", "licence__slug")
        ],
        "stars": [
            (str(row["stars"]), f"{row['stars']} ★", row["n"])
            for row in base.values("stars").annotate(n=Count("pk")).order_by("-stars")
        ],
        "tags": [
            (row["tags__name"], row["tags__name"], row["n"])
            for row in base.filter(tags__isnull=False)
            .values("tags__name")
            .annotate(n=Count("pk"))
            .order_by("-n", "tags__name")[:20]
        ],
    }
    return facets


def dataset_browse(*, q: str = "", filters: dict | None = None, sort: str = "relevance") -> SearchResult:
    qs = dataset_search(datasets_public().annotate_usage(), q)
    qs = dataset_filter(qs, filters or {})
    order = SORTS.get(sort)
    if order is None:
        order = ("-rank", "-pk") if q and connection.vendor == "postgresql" else ("-created_at", "-pk")
    qs = qs.order_by(*order).prefetch_related("tags", "resources")
    return SearchResult(datasets=qs, facets=_facet_counts(qs))


def entity_indicators(entity) -> dict:
    """The openness indicators of one entity: datasets, views, downloads, stars, quality, requests."""
    datasets = Dataset.objects.published().filter(entity=entity)
    usage = DatasetUsageDay.objects.filter(dataset__in=datasets).aggregate(
        views=Sum("views", default=0), downloads=Sum("downloads", default=0)
    )
    requests = DatasetRequest.objects.filter(entity=entity)
    return {
        "datasets": datasets.count(),
        "views": usage["views"],
        "downloads": usage["downloads"],
        "open_licence": datasets.filter(licence__is_open=True).count(),
        "stale": datasets.filter(is_stale=True).count(),
        "three_stars_or_more": datasets.filter(stars__gte=3).count(),
        "broken_resources": Resource.objects.filter(dataset__in=datasets, broken_since__isnull=False).count(),
        "requests": requests.count(),
        "requests_answered": requests.exclude(status__in=["proposed"]).count(),
    }


def broken_resources(entity) -> QuerySet[Resource]:
    return (
        Resource.objects.filter(dataset__entity=entity, broken_since__isnull=False)
        .select_related("dataset")
        .order_by("broken_since")
    )


def usage_series(dataset: Dataset, days: int = 30):
    return dataset.usage_days.order_by("-day")[:days]


def usage_totals(dataset: Dataset) -> dict:
    return dataset.usage_days.aggregate(views=Sum("views", default=0), downloads=Sum("downloads", default=0))
