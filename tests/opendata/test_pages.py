"""Public pages, bulk exports, the /api/v1/datasets/ API, the nightly portal datasets, and the admin."""

import csv
import io
import json

from opendata.exports import portal_datasets_publish
from opendata.models import Dataset, DatasetVersion, Reuse
from opendata.services import reuse_moderate


def test_catalogue_dataset_and_organisation_pages(client, make_dataset, entity):
    dataset = make_dataset(name="budget", tags=["finance"], title_en="Federal budget")
    for url in [
        "/opendata/",
        "/en/opendata/",
        "/en/opendata/organisations/",
        f"/en/opendata/organisations/{entity.slug}/",
        "/en/opendata/requests/",
        "/en/opendata/licences/cc-by-4.0/",
        dataset.get_absolute_url(),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get("/en/opendata/datasets/budget/").content.decode()
    assert "Federal budget" in page and "version 2" in page and "SHA-256" in page
    assert 'href="/en/opendata/"' in client.get("/en/").content.decode()  # the nav link


def test_bulk_exports(client, make_dataset):
    make_dataset(name="budget", title_ar="الميزانية", tags=["finance"])
    make_dataset(name="hidden", is_published=False)
    response = client.get("/opendata/datasets.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert (
        [r["name"] for r in rows] == ["budget"]
        and rows[0]["title_ar"] == "الميزانية"
        and rows[0]["stars"] == "3"
    )
    data = json.loads(client.get("/opendata/datasets.json").content)
    assert data[0]["formats"] == "CSV" and data[0]["tags"] == "finance"


def test_api_v1_datasets(client, make_dataset):
    make_dataset(name="budget", tags=["finance"])
    make_dataset(name="beds", licence="closed")
    body = client.get("/api/v1/datasets/").json()
    assert body["count"] == 2
    one = client.get("/api/v1/datasets/budget/").json()
    assert one["name"] == "budget" and one["stars"] == 3 and "CSV" in one["stars_reason"]
    assert one["resources"][0]["url"].endswith("/download/") and one["licence"]["slug"] == "cc-by-4.0"
    assert client.get("/api/v1/datasets/", {"min_stars": 1}).json()["count"] == 1
    assert client.get("/api/v1/datasets/", {"tag": "finance"}).json()["count"] == 1
    # `format` filters by resource format (it used to be taken for DRF's renderer switch: 404)
    assert client.get("/api/v1/datasets/", {"format": "csv"}).json()["count"] == 2
    assert client.get("/api/v1/datasets/", {"format": "XLSX"}).json()["count"] == 0
    missing = client.get("/api/v1/nothing-here/")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    assert client.post("/api/v1/datasets/", {}).status_code in (401, 403, 405)


def test_openapi_schema_has_the_dataset_endpoints(db):
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    assert "/api/v1/datasets/" in schema["paths"] and "/api/v1/datasets/{name}/" in schema["paths"]


def test_nightly_job_publishes_catalogue_and_statistics_idempotently(make_dataset, licences):
    make_dataset(name="budget")
    resources = portal_datasets_publish()
    assert {r.dataset.name for r in resources} == {"sharik-open-data-catalogue", "sharik-portal-statistics"}
    catalogue = Dataset.objects.get(name="sharik-open-data-catalogue")
    assert catalogue.resources.count() == 2 and catalogue.source == "generated" and catalogue.stars == 3
    with catalogue.resources.get(name="catalogue.csv").file.open("rb") as fh:
        assert b"budget" in fh.read()
    versions = DatasetVersion.objects.count()
    portal_datasets_publish()
    assert DatasetVersion.objects.count() == versions  # nothing changed, nothing new
    make_dataset(name="beds")
    portal_datasets_publish()
    catalogue.refresh_from_db()
    assert catalogue.resources.count() == 2
    with catalogue.resources.get(name="catalogue.csv").file.open("rb") as fh:
        assert b"beds" in fh.read()


def test_reuse_showcase_is_moderated(client, citizen, coordinator, other_coordinator, make_dataset):
    import pytest
    from django.core.exceptions import PermissionDenied

    dataset = make_dataset()
    client.force_login(citizen)
    client.post(
        f"/en/opendata/datasets/{dataset.name}/reuses/",
        {"kind": "application", "title": "Bus app", "url": "https://example.org/app"},
    )
    reuse = Reuse.objects.get()
    assert reuse.status == "pending"
    assert "Bus app" not in client.get(dataset.get_absolute_url()).content.decode()
    with pytest.raises(PermissionDenied):
        reuse_moderate(reuse=reuse, actor=other_coordinator, approve=True)
    reuse_moderate(reuse=reuse, actor=coordinator, approve=True)
    assert "Bus app" in client.get(dataset.get_absolute_url()).content.decode()


def test_coordinator_sees_only_own_entity_in_admin(client, coordinator, make_dataset, other_entity):
    mine = make_dataset(name="mine")
    theirs = make_dataset(name="theirs", entity=other_entity)
    client.force_login(coordinator)
    listing = client.get("/en/admin/opendata/dataset/").content.decode()
    assert f"/opendata/dataset/{mine.pk}/change/" in listing
    assert f"/opendata/dataset/{theirs.pk}/change/" not in listing
    assert client.get(f"/en/admin/opendata/dataset/{theirs.pk}/change/").status_code in (302, 403, 404)
    assert client.get("/en/admin/opendata/datasetrequest/").status_code == 200


def test_coordinator_publishes_in_the_admin_and_stars_are_computed(client, coordinator, entity, licences):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(coordinator)
    data = {
        "entity": entity.pk,
        "name": "from-admin",
        "title_ar": "من لوحة الإدارة",
        "title_en": "From the admin",
        "description_ar": "وصف",
        "sector": "education",
        "licence": licences["open"].pk,
        "update_frequency": "annual",
        "is_published": "on",
        "resources-TOTAL_FORMS": "1",
        "resources-INITIAL_FORMS": "0",
        "resources-MIN_NUM_FORMS": "0",
        "resources-MAX_NUM_FORMS": "1000",
        "resources-0-name_ar": "جدول",
        "resources-0-file": SimpleUploadedFile("table.csv", b"a,b\n1,2\n", content_type="text/csv"),
        "resources-0-url": "",
        "resources-0-format": "",
        "resources-0-position": "0",
    }
    response = client.post("/en/admin/opendata/dataset/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    dataset = Dataset.objects.get(name="from-admin")
    resource = dataset.resources.get()
    assert resource.format == "CSV" and len(resource.checksum) == 64
    assert dataset.stars == 3 and dataset.versions.count() == 1
