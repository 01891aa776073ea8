"""Harvest from a local CKAN-shaped server: datasets imported once, runs recorded, errors kept."""

import json

from opendata.models import Dataset, HarvestRun, HarvestSource
from opendata.services import harvest_run

from .conftest import reply

PACKAGES = [
    {
        "id": f"pkg-{i}",
        "name": f"remote-data-{i}",
        "title": f"Remote data {i}",
        "notes": "From another portal",
        "license_id": "cc-by-4.0",
        "metadata_modified": "2024-05-01T10:00:00.000000",
        "tags": [{"name": "remote"}],
        "resources": [{"name": "table", "url": f"https://remote.example/{i}.csv", "format": "CSV"}],
    }
    for i in range(5)
]


def _ckan(h, packages):
    from urllib.parse import parse_qs, urlparse

    params = parse_qs(urlparse(h.path).query)
    start, rows = int(params.get("start", ["0"])[0]), int(params.get("rows", ["10"])[0])
    rows = min(rows, 2)  # a server with a small page size: the harvester must page
    body = json.dumps(
        {
            "help": "x",
            "success": True,
            "result": {"count": len(packages), "results": packages[start : start + rows]},
        }
    ).encode()
    reply(200, body, "application/json")(h)


def test_ckan_harvest_is_idempotent_and_recorded(http_server, entity, licences):
    packages = [dict(p) for p in PACKAGES]
    http_server.table["/api/3/action/package_search"] = lambda h: _ckan(h, packages)
    source = HarvestSource.objects.create(entity=entity, name="Remote", url=http_server.base, kind="ckan")

    run = harvest_run(source=source)
    assert (run.status, run.created, run.updated, run.unchanged) == ("done", 5, 0, 0)
    assert Dataset.objects.filter(harvest_source=source).count() == 5
    ds = Dataset.objects.get(external_id="pkg-0")
    assert (
        ds.licence == licences["open"]
        and ds.stars == 3
        and ds.resources.get().url == "https://remote.example/0.csv"
    )
    assert ds.source == "harvested" and ds.entity == entity

    again = harvest_run(source=source)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    assert (
        Dataset.objects.count() == 5 and ds.versions.count() == Dataset.objects.get(pk=ds.pk).versions.count()
    )

    packages[1] = {**packages[1], "title": "Remote data 1, revised"}
    third = harvest_run(source=source)
    assert (third.created, third.updated, third.unchanged) == (0, 1, 4)
    assert Dataset.objects.get(external_id="pkg-1").title_en == "Remote data 1, revised"
    assert HarvestRun.objects.filter(source=source).count() == 3


def test_failing_source_records_the_error(http_server, entity):
    http_server.table["/api/3/action/package_search"] = reply(500, b"boom")
    source = HarvestSource.objects.create(entity=entity, name="Broken", url=http_server.base, kind="ckan")
    run = harvest_run(source=source)
    assert run.status == "failed" and "500" in run.errors[0]["error"]
    assert run.finished_at is not None


def test_dcat_harvest(client, http_server, make_dataset, other_entity):
    make_dataset(name="budget", tags=["finance"])
    body = client.get("/opendata/catalog.jsonld").content
    http_server.table["/catalog.jsonld"] = reply(200, body, "application/ld+json")
    source = HarvestSource.objects.create(
        entity=other_entity, name="DCAT", url=f"{http_server.base}/catalog.jsonld", kind="dcat"
    )
    run = harvest_run(source=source)
    assert (run.status, run.created) == ("done", 1), run.errors
    assert harvest_run(source=source).unchanged == 1
    copy = Dataset.objects.get(harvest_source=source)
    assert copy.entity == other_entity and list(copy.tags.values_list("name", flat=True)) == ["finance"]


def test_task_harvests_by_id(http_server, entity):
    from opendata.tasks import harvest_source

    http_server.table["/api/3/action/package_search"] = lambda h: _ckan(h, PACKAGES[:1])
    source = HarvestSource.objects.create(entity=entity, name="Remote", url=http_server.base)
    run_id = harvest_source.delay(source.pk).get()
    assert HarvestRun.objects.get(pk=run_id).created == 1


def test_harvest_refuses_private_addresses(http_server, settings, entity):
    settings.OPENDATA_FETCH_PRIVATE_HOSTS = False
    http_server.table["/api/3/action/package_search"] = lambda h: _ckan(h, PACKAGES)
    source = HarvestSource.objects.create(entity=entity, name="Internal", url=http_server.base)
    run = harvest_run(source=source)
    assert run.status == "failed" and "not allowed" in run.errors[0]["error"]
    assert http_server.hits == [] and not Dataset.objects.exists()
