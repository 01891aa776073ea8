"""Entities publish datasets with their API keys: idempotent upsert, ownership, refusals, concurrency."""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from consultations.services.archive import api_key_issue, api_key_revoke
from opendata import services
from opendata.models import Dataset, DatasetVersion
from sharik.core.models import AuditRecord


@pytest.fixture
def key(entity):
    return api_key_issue(entity=entity, name="Data platform")


@pytest.fixture
def client(key):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key[1]}")
    return api


@pytest.fixture
def body(licences):
    return {
        "title": {"ar": "جودة الهواء اليومية", "en": "Daily air quality"},
        "description": {"ar": "قراءات محطات الرصد.", "en": "Readings of the monitoring stations."},
        "sector": "environment",
        "tags": ["air", "environment"],
        "licence": "cc-by-4.0",
        "temporal_start": "2025-01-01",
        "spatial": "UAE",
        "update_frequency": "daily",
        "contact_email": "opendata@entity.example",
        "resources": [
            {"name": "Readings (CSV)", "url": "https://data.entity.example/air.csv"},
            {"name": "Readings (JSON)", "url": "https://data.entity.example/air.json", "format": "json"},
        ],
    }


def _url(entity, name="air-quality-daily"):
    return f"/api/v1/entities/{entity.slug}/datasets/{name}"


def test_push_creates_updates_and_leaves_unchanged(client, entity, body):
    created = client.put(_url(entity), body, format="json")
    assert created.status_code == 201, created.json()
    assert created["Sharik-Outcome"] == "created"
    data = created.json()
    assert data["name"] == "air-quality-daily"
    assert data["publisher"] == entity.slug
    assert data["title_ar"] == "جودة الهواء اليومية"
    assert data["licence"]["slug"] == "cc-by-4.0"
    assert sorted(data["tags"]) == ["air", "environment"]
    assert [r["format"] for r in data["resources"]] == ["CSV", "JSON"]
    # Stars are computed from what was sent: open licence + CSV/JSON = 3 stars.
    assert data["stars"] == 3
    dataset = Dataset.objects.get(name="air-quality-daily")
    assert dataset.source == Dataset.Source.PUSHED
    assert dataset.versions.count() == 1
    # On the public catalogue and in the CKAN API like any other dataset.
    assert APIClient().get("/api/3/action/package_show", {"id": "air-quality-daily"}).json()["success"]

    body["title"]["en"] = "Air quality, every day"
    body["resources"] = body["resources"][:1] + [
        {"name": "Linked readings", "url": "https://data.entity.example/air.jsonld", "format": "JSON-LD"}
    ]
    updated = client.put(_url(entity), body, format="json")
    assert updated.status_code == 200
    assert updated["Sharik-Outcome"] == "updated"
    assert updated.json()["title_en"] == "Air quality, every day"
    assert [r["format"] for r in updated.json()["resources"]] == ["CSV", "JSON-LD"]
    assert updated.json()["stars"] == 4
    assert dataset.versions.count() == 2

    stamp = Dataset.objects.get(pk=dataset.pk).updated_at
    audits = AuditRecord.objects.count()
    again = client.put(_url(entity), body, format="json")
    assert again.status_code == 200
    assert again["Sharik-Outcome"] == "unchanged"
    assert Dataset.objects.get(pk=dataset.pk).updated_at == stamp
    assert dataset.versions.count() == 2
    assert AuditRecord.objects.count() == audits


def test_a_kept_resource_keeps_its_link_check(client, entity, body):
    client.put(_url(entity), body, format="json")
    csv = Dataset.objects.get(name="air-quality-daily").resources.get(format="CSV")
    services.quality.link_check_record(
        resource=csv, result={"status_code": 404, "error": "", "ok": False, "elapsed_ms": 12}
    )
    body["description"]["en"] = "Readings, hourly averaged."
    assert client.put(_url(entity), body, format="json").status_code == 200
    csv.refresh_from_db()
    assert csv.last_status == 404, "the same address is the same resource: its check history stays"


def test_the_push_is_audited_with_the_key(client, entity, body):
    client.put(_url(entity), body, format="json")
    record = AuditRecord.objects.get(action="dataset.create")
    assert record.source == "api"
    assert record.actor_label.startswith("api-key:")
    assert record.entity == entity


def test_unpublished_dataset_is_kept_off_the_catalogue_but_readable_by_its_entity(client, entity, body):
    body["is_published"] = False
    assert client.put(_url(entity), body, format="json").status_code == 201
    assert APIClient().get("/api/v1/datasets/air-quality-daily/").status_code == 404
    read_back = client.get(_url(entity))
    assert read_back.status_code == 200
    assert read_back.json()["is_published"] is False


def test_invalid_body_is_refused_and_writes_nothing(client, entity, body):
    body["licence"] = "cc-xx"
    body["sector"] = "space"
    body["resources"][0]["url"] = "ftp://files.example/air.csv"
    response = client.put(_url(entity), body, format="json")
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert {"licence", "sector", "resources"} <= fields.keys()
    assert "http أو https" in str(fields["resources"])  # the API answers in Arabic, like the portal
    assert not Dataset.objects.filter(name="air-quality-daily").exists()


def test_messages_are_arabic_by_default(client, entity, body):
    body["resources"].append(dict(body["resources"][0]))
    response = client.put(_url(entity), body, format="json")
    assert response.status_code == 400
    assert "مرة واحدة" in str(response.json()["error"]["fields"]["resources"])


def test_a_name_of_another_entity_is_refused_with_409(client, entity, other_entity, make_dataset, body):
    theirs = make_dataset(entity=other_entity, name="hospital-beds")
    response = client.put(_url(entity, "hospital-beds"), body, format="json")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "name_taken"
    theirs.refresh_from_db()
    assert theirs.entity == other_entity
    assert theirs.title_ar != body["title"]["ar"]


def test_a_key_cannot_publish_for_another_entity(client, other_entity, body):
    response = client.put(_url(other_entity), body, format="json")
    assert response.status_code == 403
    assert not Dataset.objects.filter(name="air-quality-daily").exists()
    assert AuditRecord.objects.filter(action="api.refused").exists()


def test_no_key_or_revoked_key_is_refused(entity, key, body):
    assert APIClient().put(_url(entity), body, format="json").status_code in (401, 403)
    api_key_revoke(key=key[0])
    revoked = APIClient()
    revoked.credentials(HTTP_AUTHORIZATION=f"Bearer {key[1]}")
    assert revoked.put(_url(entity), body, format="json").status_code == 401
    assert not Dataset.objects.exists()


def test_a_signed_in_person_cannot_push(entity, body, citizen):
    api = APIClient()
    api.force_authenticate(citizen)
    assert api.put(_url(entity), body, format="json").status_code in (401, 403)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_identical_pushes_make_one_dataset(entity, licences):
    _key, raw = api_key_issue(entity=entity, name="Race")
    body = {
        "title": {"ar": "سباق", "en": "Race"},
        "sector": "health",
        "licence": "cc-by-4.0",
        "resources": [{"name": "CSV", "url": "https://data.entity.example/race.csv"}],
    }
    statuses, barrier = [], threading.Barrier(12)

    def push():
        try:
            api = APIClient()
            api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
            barrier.wait()
            statuses.append(api.put(_url(entity, "race"), body, format="json").status_code)
        except Exception as exc:  # noqa: BLE001 - an exception is an outcome too, asserted below
            statuses.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=push) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(statuses) == 12 and all(s in (200, 201) for s in statuses), statuses
    assert statuses.count(201) == 1
    dataset = Dataset.objects.get(name="race")
    assert dataset.resources.count() == 1
    assert DatasetVersion.objects.filter(dataset=dataset).count() == 1
