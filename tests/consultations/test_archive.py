"""The public archive: pages, filters, counts, Arabic search, the read API, and exports."""

import csv
import io
import json
import tracemalloc
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from consultations.models import ArchiveExport, Consultation
from consultations.search import consultation_search
from consultations.tasks.archive import archive_export_nightly
from tests.factories import ConsultationFactory, EntityFactory


def _external(entity, external_id, source="pushed", **kwargs):
    defaults = {
        "phase": "announcement",
        "sector": "health",
        "source": source,
        "external_id": external_id,
        "opens_at": datetime(2025, 3, 1, tzinfo=UTC),
        "closes_at": datetime(2025, 4, 1, tzinfo=UTC),
    }
    return ConsultationFactory(entity=entity, **{**defaults, **kwargs})


@pytest.fixture
def archive(entity, other_entity):
    return {
        "native": ConsultationFactory(
            entity=entity, title_ar="الأستشارة حول التعليم عن بعد", sector="education"
        ),
        "pushed": _external(entity, "p1", title_ar="الإستشارة الصحية", decision_ar="تم اعتماد الخطة"),
        "harvested": _external(other_entity, "h1", source="harvested", title_ar="تقييم خدمة المواعيد"),
        "draft": ConsultationFactory(entity=entity, phase="preparation", title_ar="مسودة داخلية"),
    }


# --- Search ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stored", "query"),
    [
        ("الإستشارة العامة", "الاستشارة"),
        ("الاستشارة العامة", "الإستشارة"),
        ("الاستشارة العامة", "الأستشاره"),
        ("الاسْتِشَارَة العامة", "الاستشارة"),
        ("الاستـــشارة العامة", "الاستشارة"),
        ("Public CONSULTATION on roads", "consultation"),
        ("الإستشارة العامة", "استشارة"),
        ("الإستشارة العامة", "'استشار' & !"),
    ],
)
def test_search_ignores_arabic_spelling_variants(entity, stored, query):
    # Both titles are given: the factory's own ("Consultation 12") would match "consultation" by itself.
    field = "title_en" if stored.isascii() else "title_ar"
    titles = {"title_ar": "موضوع", "title_en": "Topic"} | {field: stored}
    wanted = ConsultationFactory(entity=entity, **titles)
    ConsultationFactory(entity=entity, title_ar="موضوع آخر", title_en="Another topic, a preconsultation")
    found = list(consultation_search(Consultation.objects.all(), query))
    assert found == [wanted]


def test_search_matches_the_start_of_words_on_every_database(entity):
    """SQLite and PostgreSQL answer the same: each word of the query begins a word of the text
    (PostgreSQL's `word:*`), never a piece from inside a word ("3" is not found in "13")."""
    plan_3 = ConsultationFactory(entity=entity, title_ar="خطة", title_en="Roads plan 3")
    plan_13 = ConsultationFactory(entity=entity, title_ar="خطة", title_en="Schools plan 13")
    flights = ConsultationFactory(entity=entity, title_ar="موضوع", title_en="Airplanes (31)")

    def found(q):
        return set(consultation_search(Consultation.objects.all(), q))

    assert found("3") == {plan_3, flights}  # "31" begins with 3; "13" does not
    assert found("13") == {plan_13}
    assert found("plan") == {plan_3, plan_13}  # not "Airplanes"
    assert found("lan") == set()
    assert found("plan 1") == {plan_13}


@pytest.mark.postgres
def test_postgres_full_text_search_finds_hamza_variants_both_ways(entity):
    assert connection.vendor == "postgresql"
    with_hamza = ConsultationFactory(entity=entity, title_ar="الإستشارة الوطنية للتعليم")
    without = ConsultationFactory(entity=entity, title_ar="الاستشارة الوطنية للصحة")
    ConsultationFactory(entity=entity, title_ar="مبادرة أخرى")
    assert set(consultation_search(Consultation.objects.all(), "الاستشارة")) == {with_hamza, without}
    assert set(consultation_search(Consultation.objects.all(), "الإستشارة")) == {with_hamza, without}
    # "التعليم" finds "للتعليم" (ل joined to the article: issue 13, defect 12), and only there.
    assert list(consultation_search(Consultation.objects.all(), "الإستشارة التعليم")) == [with_hamza]
    assert list(consultation_search(Consultation.objects.all(), "الإستشارة للتعليم")) == [with_hamza]
    sql = str(consultation_search(Consultation.objects.all(), "الاستشارة").query)
    assert ".search_vector) @@ (to_tsquery" in sql  # the stored, indexed vector (migration 0007)


@pytest.mark.postgres
@pytest.mark.parametrize(
    "query", ["استشارة", "استشاره", "الاستشار", "إستشار", "الاستشارة!", "'الاستشارة' & | !"]
)
def test_postgres_search_by_prefix_and_without_the_article(entity, query):
    wanted = ConsultationFactory(entity=entity, title_ar="الإستشارة الوطنية")
    ConsultationFactory(entity=entity, title_ar="مبادرة أخرى")
    assert list(consultation_search(Consultation.objects.all(), query)) == [wanted]


@pytest.mark.postgres
def test_postgres_search_uses_the_gin_index_on_the_stored_vector(entity):
    """The search reads the stored, indexed vector (migration 0007), not one recomputed per row."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'consultation_search_gin'")
        (definition,) = cursor.fetchone()
        assert "gin" in definition.lower() and "(search_vector)" in definition
        ConsultationFactory(entity=entity, title_ar="الإستشارة الوطنية")
        sql, params = consultation_search(Consultation.objects.all(), "الاستشارة").query.sql_with_params()
        cursor.execute("SET LOCAL enable_seqscan = off")  # a handful of rows: the planner would scan
        # nor walk another index in the page's order and filter: only the search condition can use an
        # index, and a GIN index is read by a bitmap scan
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "consultation_search_gin" in plan
    assert "to_tsvector" not in plan


def test_search_text_follows_edits(entity):
    consultation = ConsultationFactory(entity=entity, title_ar="عنوان قديم")
    consultation.title_ar = "الإستشارة الجديدة"
    consultation.save(update_fields=["title_ar"])
    assert list(consultation_search(Consultation.objects.all(), "الاستشارة")) == [consultation]


# --- Pages ------------------------------------------------------------------------------------------


def test_archive_page_lists_every_source_with_counts(client, archive, entity, other_entity):
    response = client.get("/archive/")
    assert response.status_code == 200
    page = response.content.decode()
    for key in ("native", "pushed", "harvested"):
        assert archive[key].title_ar in page
    assert archive["draft"].title_ar not in page
    summary = response.context["summary"]
    assert summary["total"] == 3
    assert summary["with_decision"] == 1
    assert summary["by_source"] == {"harvested": 1, "native": 1, "pushed": 1}
    assert {row["slug"]: row["total"] for row in summary["entities"]} == {
        entity.slug: 2,
        other_entity.slug: 1,
    }
    assert 'dir="rtl"' in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("source=pushed", {"pushed"}),
        ("source=harvested", {"harvested"}),
        ("has_decision=true", {"pushed"}),
        ("has_decision=false", {"native", "harvested"}),
        ("sector=education", {"native"}),
        ("year=2025", {"pushed", "harvested"}),
        ("status=decided", {"pushed", "harvested"}),
        ("phase=conduct", {"native"}),
        ("q=الاستشاره", {"native", "pushed"}),
    ],
)
def test_archive_filters(client, archive, query, expected):
    response = client.get(f"/archive/?{query}")
    shown = {c.pk for c in response.context["page"].object_list}
    assert shown == {archive[key].pk for key in expected}


def test_archive_entity_filter_and_entity_page(client, archive, entity, other_entity):
    response = client.get(f"/archive/?entity={other_entity.slug}")
    assert [c.pk for c in response.context["page"]] == [archive["harvested"].pk]
    page = client.get(f"/archive/entities/{entity.slug}/")
    assert page.status_code == 200
    assert page.context["summary"]["total"] == 2
    assert {c.pk for c in page.context["page"]} == {archive["native"].pk, archive["pushed"].pk}
    assert client.get("/archive/entities/nobody/").status_code == 404


def test_archive_page_in_english(client, archive):
    response = client.get("/en/archive/")
    assert response.status_code == 200
    assert "The participation archive" in response.content.decode()


def test_invalid_filter_shows_nothing_and_says_why(client, archive):
    response = client.get("/archive/?sector=space")
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 0
    assert response.context["filterset"].errors


# --- Read API ---------------------------------------------------------------------------------------


def test_api_count_stops_at_its_limit_and_paging_still_reaches_the_end(api_client, entity, monkeypatch):
    """Counting every match of a broad search costs as much as reading them: above the limit the
    count says "at least", and the next links still lead through every page to the last row."""
    from sharik.core.pagination import CappedCountPagination

    monkeypatch.setattr(CappedCountPagination, "count_limit", 3)
    for i in range(7):
        # Both titles given: the factory's "Consultation 13" would answer "3" too on either database.
        ConsultationFactory(
            entity=entity, title_ar=f"استشارة {i}", title_en=f"Archive item {i}", phase="archived"
        )
    first = api_client.get("/api/v1/consultations/", {"page_size": 2}).json()
    assert (first["count"], first["count_exact"]) == (3, False)
    seen, url, pages = [row["id"] for row in first["results"]], first["next"], 1
    while url:
        page = api_client.get(url).json()
        seen += [row["id"] for row in page["results"]]
        url, pages = page["next"], pages + 1
    assert pages == 4 and len(set(seen)) == 7
    assert (page["count"], page["count_exact"]) == (7, True)  # the last page knows the total
    few = api_client.get("/api/v1/consultations/", {"q": "استشارة 3"}).json()
    assert (few["count"], few["count_exact"]) == (1, True)


def test_api_list_filters_paginates_and_answers_304(api_client, archive, entity):
    response = api_client.get("/api/v1/consultations/", {"page_size": 2})
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3 and body["count_exact"] is True
    assert body["next"] and "page=2" in body["next"]
    assert len(body["results"]) == 2
    assert response.has_header("ETag") and response.has_header("Last-Modified")

    again = api_client.get("/api/v1/consultations/", {"page_size": 2}, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304

    pushed = api_client.get("/api/v1/consultations/", {"source": "pushed", "entity": entity.slug}).json()
    assert [row["external_id"] for row in pushed["results"]] == ["p1"]
    searched = api_client.get("/api/v1/consultations/", {"q": "الاستشاره"}).json()
    assert {row["id"] for row in searched["results"]} == {archive["native"].pk, archive["pushed"].pk}
    ordered = api_client.get("/api/v1/consultations/", {"ordering": "opens_at"}).json()
    assert ordered["results"][0]["id"] in {archive["pushed"].pk, archive["harvested"].pk}
    bad = api_client.get("/api/v1/consultations/", {"sector": "space"})
    assert bad.status_code == 400
    assert "sector" in bad.json()["error"]["fields"]


def test_api_detail_with_etag_and_last_modified(api_client, archive):
    pushed, native = archive["pushed"], archive["native"]
    Consultation.objects.filter(pk=pushed.pk).update(external_url="https://health.example/c/p1")
    response = api_client.get(f"/api/v1/consultations/{pushed.pk}")
    assert response.status_code == 200
    assert response.json()["decision"]["ar"] == "تم اعتماد الخطة"
    assert response.json()["url"] == "https://health.example/c/p1"  # the entity's own page of it
    # a consultation held on the portal links to its page here, absolute
    native_url = api_client.get(f"/api/v1/consultations/{native.pk}").json()["url"]
    assert native_url.startswith("http") and native_url.endswith(native.get_absolute_url())
    assert response["ETag"] and response["Last-Modified"]
    not_modified = api_client.get(
        f"/api/v1/consultations/{pushed.pk}", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]
    )
    assert not_modified.status_code == 304
    same = api_client.get(f"/api/v1/consultations/{pushed.pk}", HTTP_IF_NONE_MATCH=response["ETag"])
    assert same.status_code == 304
    changed = api_client.get(f"/api/v1/consultations/{pushed.pk}", HTTP_IF_NONE_MATCH='"another-version"')
    assert changed.status_code == 200
    assert api_client.get(f"/api/v1/consultations/{archive['draft'].pk}").status_code == 404


def test_api_summary_counts(api_client, archive, entity):
    body = api_client.get("/api/v1/archive/summary").json()
    assert body["total"] == 3
    assert body["by_source"] == {"harvested": 1, "native": 1, "pushed": 1}
    assert body["entities"][0]["slug"] == entity.slug
    assert body["entities"][0]["total"] == 2
    assert api_client.get("/api/v1/archive/summary", {"sector": "education"}).json()["total"] == 1


def test_anonymous_reads_are_rate_limited_per_address(settings, api_client, archive):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "anon": "2/minute"},
    }
    assert api_client.get("/api/v1/consultations/").status_code == 200
    assert api_client.get("/api/v1/consultations/").status_code == 200
    limited = api_client.get("/api/v1/consultations/")
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    other_ip = api_client.get("/api/v1/consultations/", REMOTE_ADDR="10.0.0.9")
    assert other_ip.status_code == 200


# --- Export -----------------------------------------------------------------------------------------


def _stream(response) -> bytes:
    return b"".join(response.streaming_content)


def test_csv_and_json_exports_follow_the_filter(client, archive):
    response = client.get("/archive/export.csv?source=pushed")
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(_stream(response).decode("utf-8-sig"))))
    assert [row["external_id"] for row in rows] == ["p1"]
    assert rows[0]["title_ar"] == "الإستشارة الصحية"
    assert rows[0]["status"] == "decided"

    data = json.loads(_stream(client.get("/archive/export.json?has_decision=false")))
    assert {row["id"] for row in data} == {archive["native"].pk, archive["harvested"].pk}
    assert client.get("/archive/export.xml").status_code == 404


def _insert_archived_rows(entity, count: int) -> None:
    """`count` archived, pushed consultations generated inside the database in one statement.

    (Building 100,000 model instances for bulk_create costs minutes of Python on a shared machine;
    the database makes the same rows in seconds.)
    """
    ops = connection.ops
    now = timezone.now()
    stamp = ops.adapt_datetimefield_value(now)
    opened = ops.adapt_datetimefield_value(now - timedelta(days=30))
    closed = ops.adapt_datetimefield_value(now - timedelta(days=1))
    results = "'{\"participants\": ' || n || ', \"comments\": 1}'"
    if connection.vendor == "postgresql":
        results = f"CAST({results} AS jsonb)"
    sql = f"""
        WITH RECURSIVE seq(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM seq WHERE n < {count - 1})
        INSERT INTO consultations_consultation (
            created_at, updated_at, entity_id, title, title_ar, title_en, summary, summary_ar, summary_en,
            body, sector, un_level, escwa_stage, phase, opens_at, closes_at, cover_image, decision,
            decision_rationale, source, external_id, external_url, reported_results, search_text, pre_moderated
        )
        SELECT %s, %s, %s, 'الاستشارة رقم ' || n, 'الاستشارة رقم ' || n, 'Consultation number ' || n,
            'ملخص الاستشارة ملخص الاستشارة', 'ملخص الاستشارة ملخص الاستشارة',
            'A summary of the consultation, a summary of the consultation', '', 'health', 'e-consultation',
            'participation', 'archived', %s, %s, '', '', '', 'pushed', 'ext-' || n, '', {results}, '', %s
        FROM seq
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [stamp, stamp, entity.pk, opened, closed, False])


def test_csv_export_of_100000_rows_streams_in_bounded_memory(client, entity):
    _insert_archived_rows(entity, 100_000)
    assert Consultation.objects.public().count() == 100_000
    response = client.get("/archive/export.csv")
    assert response.streaming
    tracemalloc.start()
    try:
        rows = 0
        size = 0
        for chunk in response.streaming_content:
            rows += chunk.count(b"\n")
            size += len(chunk)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert rows == 100_001  # the header and every row
    print(
        f"\nCSV export: {rows - 1} rows, {size / 1e6:.1f} MB streamed, peak traced memory {peak / 1e6:.1f} MB"
    )
    assert size > 20_000_000
    assert peak < 16_000_000  # bounded: far below the size of the file it streamed


def test_nightly_export_publishes_the_archive_as_files(client, archive):
    archive_export_nightly.delay()
    exports = {e.format: e for e in ArchiveExport.objects.all()}
    assert set(exports) == {"csv", "json"}
    assert exports["csv"].rows == 3
    with exports["json"].file.open("rb") as handle:
        data = json.loads(handle.read())
    assert {row["id"] for row in data} == {archive[k].pk for k in ("native", "pushed", "harvested")}

    archive_export_nightly.delay()  # a second run replaces the files, it does not add rows
    assert ArchiveExport.objects.count() == 2
    page = client.get("/archive/").content.decode()
    assert exports["csv"].file.url.rsplit("/", 1)[0] in page


def test_pages_for_each_entity_in_a_bigger_archive(client, db):
    entities = [EntityFactory() for _ in range(3)]
    for i, entity in enumerate(entities):
        for n in range(i + 1):
            _external(entity, f"{entity.slug}-{n}")
    summary = client.get("/archive/").context["summary"]
    assert [row["total"] for row in summary["entities"]] == [3, 2, 1]
