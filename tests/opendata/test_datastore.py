"""The Datastore: a CSV/XLSX resource loaded into a typed table by a Celery job, searched with CKAN's
datastore_search and described by datastore_info (GET and POST), with a report of the rows left out."""

import pytest

from opendata.models import DatastoreTable
from opendata.services import resource_add
from opendata.services.datastore import datastore_dictionary_set, datastore_load

ACTION = "/api/3/action/"
CSV = (
    b"city,year,population,founded,note\n"
    b"Dubai,2024,3600000,1833-06-09,coastal\n"
    b"Abu Dhabi,2024,1500000,1760-01-01,capital\n"
    b"Sharjah,2023,1800000,1727-01-01,coastal\n"
    b"Ajman,2023,500000,1816-01-01,\n"
    b"Fujairah,2023,not counted,1952-01-01,east coast\n"
)


@pytest.fixture(params=["GET", "POST"])
def call(request, client):
    def run(action, expect=200, **params):
        if request.param == "GET":
            flat = {k: (v if isinstance(v, str) else __import__("json").dumps(v)) for k, v in params.items()}
            flat = {
                k: (v if not isinstance(params[k], bool) else str(params[k]).lower()) for k, v in flat.items()
            }
            response = client.get(ACTION + action, flat)
        else:
            response = client.post(ACTION + action, params, content_type="application/json")
        assert response.status_code == expect, response.content
        body = response.json()
        return body["result"] if expect == 200 else body["error"]

    return run


@pytest.fixture
def loaded(make_dataset, django_capture_on_commit_callbacks):
    dataset = make_dataset(name="cities", resources=[])
    with django_capture_on_commit_callbacks(execute=True):  # the Celery job runs (eager) after commit
        resource = resource_add(dataset=dataset, name="Cities", content=CSV, filename="cities.csv")
    return resource


def test_a_csv_is_loaded_with_guessed_types_and_its_broken_row_reported(loaded, call):
    table = DatastoreTable.objects.get(resource=loaded)
    assert table.status == "loaded" and table.rows_total == 5 and table.rows_loaded == 5
    info = call("datastore_info", id=str(loaded.uuid))
    types = {f["id"]: f["type"] for f in info["fields"]}
    # "not counted" is in the sample, so population is text; correct it in the dictionary, load again
    assert types == {
        "city": "text",
        "year": "int",
        "population": "text",
        "founded": "timestamp",
        "note": "text",
    }
    datastore_dictionary_set(table=table, types={"population": "int"})
    datastore_load(resource=loaded)
    table.refresh_from_db()
    assert table.status == "loaded" and table.rows_loaded == 4
    assert table.errors == [
        {"row": 6, "column": "population", "reason": "ليس عدداً صحيحاً: 'not counted'"}
    ]  # "not a whole number", in Arabic first
    info = call("datastore_info", resource_id=str(loaded.uuid))
    assert info["meta"]["count"] == 4 and info["meta"]["errors"][0]["row"] == 6
    assert {f["id"]: f["type"] for f in info["fields"]}["population"] == "int"
    assert call("package_show", id="cities")["resources"][0]["datastore_active"] is True


def test_datastore_search_filters_sorts_and_counts(loaded, call):
    datastore_dictionary_set(table=loaded.datastore, types={"population": "int"})
    datastore_load(resource=loaded)
    rid = str(loaded.uuid)
    everything = call("datastore_search", resource_id=rid)
    assert everything["total"] == 4 and [f["id"] for f in everything["fields"]][0] == "_id"
    assert everything["records"][0] == {
        "_id": 2,
        "city": "Dubai",
        "year": 2024,
        "population": 3600000,
        "founded": everything["records"][0]["founded"],
        "note": "coastal",
    }
    assert everything["records"][0]["founded"].startswith("1833-06-09")
    by_year = call("datastore_search", resource_id=rid, filters={"year": 2023}, sort="population desc")
    assert by_year["total"] == 2 and [r["city"] for r in by_year["records"]] == ["Sharjah", "Ajman"]
    several = call("datastore_search", resource_id=rid, filters={"city": ["Dubai", "Ajman"]})
    assert several["total"] == 2
    found = call("datastore_search", resource_id=rid, q="coastal", fields="city", sort="city asc")
    assert found["records"] == [{"city": "Dubai"}, {"city": "Sharjah"}] and found["total"] == 2
    page = call("datastore_search", resource_id=rid, sort="population asc", limit=2, offset=1)
    assert [r["city"] for r in page["records"]] == ["Abu Dhabi", "Sharjah"] and page["total"] == 4
    years = call("datastore_search", resource_id=rid, fields=["year"], distinct=True, sort="year asc")
    assert years["records"] == [{"year": 2023}, {"year": 2024}] and years["total"] == 2
    lists = call("datastore_search", resource_id=rid, fields="city,year", records_format="lists", limit=1)
    assert lists["records"] == [["Dubai", 2024]]
    as_csv = call("datastore_search", resource_id=rid, fields="city", records_format="csv", limit=2)
    assert as_csv["records"].splitlines() == ["Dubai", "Abu Dhabi"]
    no_total = call("datastore_search", resource_id=rid, include_total=False, limit=1)
    assert "total" not in no_total


def test_datastore_refusals_use_ckans_errors(loaded, call, make_dataset):
    rid = str(loaded.uuid)
    assert call("datastore_search", 409, resource_id=rid, sort="nope desc")["sort"]
    assert call("datastore_search", 409, resource_id=rid, filters={"year": "last year"})["filters"]
    assert call("datastore_search", 409, resource_id=rid, fields="city; DROP TABLE x")["fields"]
    assert call("datastore_search", 409, resource_id=rid, records_format="xml")["records_format"]
    missing = call("datastore_search", 404, resource_id="00000000-0000-0000-0000-000000000000")
    assert missing["__type"] == "Not Found Error"
    link = make_dataset(name="linked", resources=[("CSV", "https://example.org/x.csv")]).resources.get()
    assert call("datastore_search", 404, resource_id=str(link.uuid))["__type"] == "Not Found Error"
    assert DatastoreTable.objects.get(resource=loaded).rows_loaded == 5  # nothing was dropped


def test_an_unreadable_file_fails_with_a_reason_and_a_reload_is_idempotent(
    make_dataset, django_capture_on_commit_callbacks
):
    dataset = make_dataset(name="empty", resources=[])
    with django_capture_on_commit_callbacks(execute=True):
        resource = resource_add(dataset=dataset, name="Empty", content=b"\n", filename="empty.csv")
    table = DatastoreTable.objects.get(resource=resource)
    assert table.status == "failed" and table.error == "الملف فارغ."  # "The file is empty.", in Arabic first
    good = resource_add(dataset=dataset, name="Good", content=b"a,b\n1,2\n", filename="good.csv")
    first = datastore_load(resource=good)
    finished = first.finished_at
    again = datastore_load(resource=good)  # same file, same types: nothing to do
    assert again.finished_at == finished and again.rows_loaded == 1


def test_the_resource_preview_reads_from_the_datastore(client, loaded):
    datastore_dictionary_set(table=DatastoreTable.objects.get(resource=loaded), types={"population": "int"})
    datastore_load(resource=loaded)
    page = client.get(f"/en/opendata/datasets/cities/resources/{loaded.pk}/preview/").content.decode()
    # the row that did not fit is not in the loaded table, so not in the preview either
    assert "Sharjah" in page and "Fujairah" not in page


def _datastore_tables() -> set[str]:
    from django.db import connection

    return {n for n in connection.introspection.table_names() if n.startswith("datastore_")}


def test_deleting_a_dataset_in_the_admin_drops_its_datastore_table(
    loaded, make_dataset, admin_client, django_capture_on_commit_callbacks
):
    """The database removes the resource rows with their dataset, but not the tables made for them."""
    other = make_dataset(name="other-cities", resources=[])
    with django_capture_on_commit_callbacks(execute=True):
        kept = resource_add(dataset=other, name="Kept", content=CSV, filename="kept.csv")
    gone, stays = loaded.datastore.table_name, kept.datastore.table_name
    assert {gone, stays} <= _datastore_tables()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/opendata/dataset/{loaded.dataset.pk}/delete/", {"post": "yes"}, HTTP_ACCEPT_LANGUAGE="en"
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    tables = _datastore_tables()
    assert gone not in tables and stays in tables
    assert call_search_total(kept) == 5  # the other dataset's table still answers


def call_search_total(resource) -> int:
    from opendata.selectors_datastore import SearchArgs, datastore_search

    return datastore_search(table=resource.datastore, args=SearchArgs())["total"]


def test_the_sweep_drops_orphans_and_a_dead_loads_table_but_keeps_live_ones(loaded):
    from django.db import connection

    from opendata.services.datastore import datastore_sweep

    live = loaded.datastore.table_name
    with connection.cursor() as cursor:
        cursor.execute('CREATE TABLE "datastore_999999" (_id integer PRIMARY KEY)')  # its resource is gone
        cursor.execute(f'CREATE TABLE "{live}_new" (_id integer PRIMARY KEY)')  # a load died half-way
    assert sorted(datastore_sweep()) == sorted(["datastore_999999", f"{live}_new"])
    assert live in _datastore_tables() and datastore_sweep() == []  # twice: nothing more to do
    assert call_search_total(loaded) == 5


def test_a_big_file_is_streamed_not_read_whole(make_dataset, django_capture_on_commit_callbacks):
    """The load reads the file in pieces: a 1,000,000-row file must not sit in memory whole (as bytes, text
    and a list of rows, it took some fifteen times its size); here the peak stays under three times it (one batch of 5,000 rows and its COPY buffer)."""
    import tracemalloc

    rows = b"".join(b"Dubai,%d,%d,2001-01-01,n\n" % (2000 + i % 20, i) for i in range(60_000))
    content = CSV.split(b"\n")[0] + b"\n" + rows
    dataset = make_dataset(name="big-cities", resources=[])
    with django_capture_on_commit_callbacks(execute=False):
        resource = resource_add(dataset=dataset, name="Big", content=content, filename="big.csv")
    tracemalloc.start()
    try:
        table = datastore_load(resource=resource, force=True)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert table.status == "loaded" and table.rows_loaded == 60_000 == table.rows_total
    assert peak < 3 * len(content), f"peak {peak:,} bytes for a {len(content):,}-byte file"
