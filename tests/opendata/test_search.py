"""Search and facets: PostgreSQL full-text with Arabic normalisation, and the SQLite fallback."""

import pytest
from django.db import connection

from opendata.selectors import dataset_browse
from tests.factories import EntityFactory
from tests.opendata.files import XLSX


@pytest.fixture
def corpus(make_dataset, licences):
    health = EntityFactory(slug="mohap", name_en="Health", name_ar="الصحة")
    make_dataset(
        name="budget",
        title_ar="الميزانية الاتحادية للإمارات",
        title_en="Federal budget",
        tags=["مالية"],
        sector="finance",
    )
    make_dataset(
        name="beds",
        title_ar="أسرّة المستشفيات",
        title_en="Hospital beds",
        entity=health,
        sector="health",
        tags=["صحة"],
        resources=[("XLSX", XLSX)],
    )
    make_dataset(
        name="clinics",
        title_ar="العيادات والمستشفيات الخاصة",
        title_en="Private clinics",
        entity=health,
        sector="health",
        tags=["صحة"],
        licence="closed",
    )
    make_dataset(
        name="schools",
        title_ar="المدارس",
        title_en="Schools",
        sector="education",
        resources=[
            ("TTL", b'@prefix r: <http://www.w3.org/2000/01/rdf-schema#> . <https://x.gov/a> r:label "a" .')
        ],
    )


def _names(result):
    return sorted(d.name for d in result.datasets)


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
def test_full_text_with_arabic_normalisation(corpus):
    # hamza, taa marbuta and diacritics fold; joined particles ("و", "لل") are split off
    assert _names(dataset_browse(q="الإتحادية")) == ["budget"]
    assert _names(dataset_browse(q="الميزانيه")) == ["budget"]  # taa marbuta written as haa
    assert _names(dataset_browse(q="ميزانية")) == ["budget"]  # without the article
    assert _names(dataset_browse(q="أسِرّة")) == ["beds"]  # diacritics and hamza
    assert _names(dataset_browse(q="المستشفيات")) == ["beds", "clinics"]  # "والمستشفيات" too
    assert _names(dataset_browse(q="الإمارات")) == ["budget"]  # written "للإمارات"
    assert _names(dataset_browse(q="hospital BEDS")) == ["beds"]
    assert _names(dataset_browse(q="nothing-like-this")) == []
    ranked = dataset_browse(q="المستشفيات", sort="relevance").datasets
    assert all(hasattr(d, "rank") for d in ranked)


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
def test_search_uses_the_gin_index(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'dataset_search_gin'")
        (definition,) = cursor.fetchone()
    assert "gin" in definition and "to_tsvector" in definition


def test_facets_with_counts(corpus):
    result = dataset_browse()
    facets = {key: {value: n for value, _label, n in items} for key, items in result.facets.items()}
    assert facets["publisher"]["mohap"] == 2
    assert facets["sector"] == {"health": 2, "finance": 1, "education": 1}
    assert facets["format"]["CSV"] == 2 and facets["format"]["XLSX"] == 1
    assert facets["licence"] == {"cc-by-4.0": 3, "restricted": 1}
    assert facets["stars"] == {"4": 1, "3": 1, "2": 1, "0": 1}
    assert facets["tags"]["صحة"] == 2
    narrowed = dataset_browse(filters={"publisher": ["mohap"], "stars": ["2"]})
    assert _names(narrowed) == ["beds"]
    assert {v: n for v, _l, n in narrowed.facets["sector"]} == {"health": 1}
    assert _names(dataset_browse(filters={"tags": ["صحة"], "licence": ["restricted"]})) == ["clinics"]
    assert _names(dataset_browse(filters={"format": ["ttl"]})) == ["schools"]


def test_search_normalises_on_sqlite_too(corpus):
    assert _names(dataset_browse(q="الإتحادية")) == ["budget"]
    assert _names(dataset_browse(q="hospital")) == ["beds"]


def test_sort_by_downloads_and_newest(corpus):
    from opendata.models import Dataset
    from opendata.services import usage_count

    schools = Dataset.objects.get(name="schools")
    for _ in range(3):
        usage_count(dataset_id=schools.pk, kind="downloads")
    assert next(iter(dataset_browse(sort="downloads").datasets)).name == "schools"
    assert next(iter(dataset_browse(sort="newest").datasets)).name == "schools"


def test_catalogue_page_search_facets_and_paging(client, make_dataset):
    for i in range(23):
        make_dataset(name=f"d{i}", title_en=f"Trade {i}", title_ar=f"التجارة {i}")
    page = client.get("/en/opendata/", {"q": "التجاره"}).content.decode()
    assert "23 datasets found" in page
    assert "Page 1 of 2" in page
    page2 = client.get("/en/opendata/", {"q": "التجاره", "page": 2}).content.decode()
    assert page2.count('class="aegov-card card-bordered h-full"') == 3
    filtered = client.get("/en/opendata/", {"stars": "3", "licence": "cc-by-4.0"}).content.decode()
    assert "23 datasets found" in filtered and "✓" in filtered
