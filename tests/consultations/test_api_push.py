"""Entities push consultations into the archive: idempotent upsert, keys, refusals, bulk, limits."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from consultations.models import Consultation, EntityApiKey
from consultations.services.archive import api_key_issue, api_key_revoke
from sharik.core.models import AuditRecord


def _url(entity, external_id="42"):
    return f"/api/v1/entities/{entity.slug}/consultations/{external_id}"


def _bulk_url(entity):
    return f"/api/v1/entities/{entity.slug}/consultations:bulk"


def _archive_audits():
    return AuditRecord.objects.filter(object_type="consultations.consultation")


def test_push_creates_then_updates_then_leaves_unchanged(key_client, entity, push_body):
    created = key_client.put(_url(entity), push_body, format="json")
    assert created.status_code == 201
    data = created.json()
    assert data["external_id"] == "42"
    assert data["entity"] == entity.slug
    assert data["source"] == "pushed"
    assert data["title"] == push_body["title"]
    assert data["results"] == push_body["results"]
    assert {"id", "created_at", "updated_at"} <= data.keys()
    consultation = Consultation.objects.get(pk=data["id"])
    assert consultation.entity == entity
    assert consultation.title_ar == push_body["title"]["ar"]
    assert consultation.external_url == push_body["url"]

    push_body["title"]["en"] = "Where should the new nature reserve be?"
    push_body["phase"] = "analysis"
    updated = key_client.put(_url(entity), push_body, format="json")
    assert updated.status_code == 200
    assert updated["Sharik-Outcome"] == "updated"
    assert updated.json()["id"] == data["id"]
    assert updated.json()["title"]["en"] == "Where should the new nature reserve be?"
    assert updated.json()["status"] == "analysis"
    record = _archive_audits().filter(action="archive.update").get()
    assert set(record.changes) == {"title_en", "phase"}
    assert record.changes["phase"] == ["conduct", "analysis"]
    assert record.source == "api"
    assert record.actor_label.startswith("api-key:")

    unchanged = key_client.put(_url(entity), push_body, format="json")
    assert unchanged.status_code == 200
    assert unchanged["Sharik-Outcome"] == "unchanged"


def test_the_same_push_twice_is_a_no_op(key_client, entity, push_body):
    first = key_client.put(_url(entity), push_body, format="json")
    assert first.status_code == 201
    audits = _archive_audits().count()
    assert audits == 1

    second = key_client.put(_url(entity), push_body, format="json")
    assert second.status_code == 200
    assert second["Sharik-Outcome"] == "unchanged"
    assert second.json()["updated_at"] == first.json()["updated_at"]
    assert Consultation.objects.count() == 1
    assert _archive_audits().count() == audits
    assert Consultation.objects.get().updated_at.isoformat().startswith(first.json()["updated_at"][:19])


def test_optional_fields_left_out_are_emptied_and_reported_once(key_client, entity, push_body):
    key_client.put(_url(entity), push_body, format="json")
    minimal = {k: push_body[k] for k in ("title", "sector", "un_level", "escwa_stage", "phase")}
    response = key_client.put(_url(entity), minimal, format="json")
    assert response.status_code == 200
    assert response.json()["results"] == {}
    assert response.json()["opens_at"] is None
    again = key_client.put(_url(entity), minimal, format="json")
    assert again["Sharik-Outcome"] == "unchanged"


def test_a_key_cannot_push_for_another_entity_and_the_attempt_is_logged(
    key_client, entity, other_entity, push_body
):
    response = key_client.put(_url(other_entity), push_body, format="json")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "permission_denied"
    assert not Consultation.objects.exists()
    refusal = AuditRecord.objects.get(action="api.refused")
    assert refusal.entity == entity
    assert refusal.changes["target_entity"] == [None, other_entity.slug]

    bulk = key_client.post(
        _bulk_url(other_entity), {"items": [{"external_id": "1", **push_body}]}, format="json"
    )
    assert bulk.status_code == 403
    assert not Consultation.objects.exists()


def test_a_key_cannot_change_another_entitys_record(key_client, entity, other_entity, push_body):
    other_key = api_key_issue(entity=other_entity, name="Other")[1]
    other = APIClient()
    other.credentials(HTTP_AUTHORIZATION=f"Bearer {other_key}")
    assert other.put(_url(other_entity), push_body, format="json").status_code == 201

    push_body["title"]["ar"] = "عنوان آخر"
    assert key_client.put(_url(other_entity), push_body, format="json").status_code == 403
    theirs = Consultation.objects.get(entity=other_entity)
    assert theirs.title_ar == "اختيار موقع المحمية الطبيعية الجديدة"


def test_revoked_key_is_refused(key_client, entity_key, entity, push_body):
    api_key_revoke(key=entity_key[0])
    response = key_client.put(_url(entity), push_body, format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert not Consultation.objects.exists()


def test_missing_or_wrong_key_is_refused(api_client, entity_key, entity, push_body):
    assert api_client.put(_url(entity), push_body, format="json").status_code == 401
    api_client.credentials(HTTP_AUTHORIZATION=f"Bearer {entity_key[1]}x")
    assert api_client.put(_url(entity), push_body, format="json").status_code == 401
    api_client.credentials(HTTP_AUTHORIZATION="Bearer shk_nope_nope")
    assert api_client.put(_url(entity), push_body, format="json").status_code == 401
    assert not Consultation.objects.exists()


def test_key_is_stored_hashed_and_its_last_use_recorded(key_client, entity_key, entity, push_body):
    key, raw = entity_key
    assert raw not in {key.hashed_key, key.prefix}
    assert not EntityApiKey.objects.filter(hashed_key=raw).exists()
    assert key.last_used_at is None
    key_client.put(_url(entity), push_body, format="json")
    key.refresh_from_db()
    assert key.last_used_at is not None


def test_validation_errors_name_the_field_and_write_nothing(key_client, entity, push_body):
    push_body["sector"] = "space"
    push_body["closes_at"] = "2025-01-01T00:00:00Z"
    del push_body["title"]["ar"]
    response = key_client.put(_url(entity), push_body, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["status"] == 400
    assert "sector" in error["fields"]
    assert "ar" in error["fields"]["title"]
    assert not Consultation.objects.exists()
    assert not _archive_audits().exists()


def test_closing_before_opening_is_refused(key_client, entity, push_body):
    push_body["closes_at"] = "2025-01-01T00:00:00Z"
    response = key_client.put(_url(entity), push_body, format="json")
    assert response.status_code == 400
    assert "closes_at" in response.json()["error"]["fields"]


def test_entity_reads_back_its_pushed_consultation(key_client, entity, push_body):
    push_body["phase"] = "preparation"  # not public, but its own entity may read it
    key_client.put(_url(entity), push_body, format="json")
    response = key_client.get(_url(entity))
    assert response.status_code == 200
    assert response.json()["phase"] == "preparation"
    assert response.has_header("Last-Modified")
    assert key_client.get(_url(entity, "nope")).status_code == 404


def test_bulk_reports_each_item_and_writes_only_the_valid_ones(key_client, entity, push_body):
    key_client.put(_url(entity, "existing"), push_body, format="json")
    changed = {**push_body, "phase": "analysis"}
    items = [
        {"external_id": "new-1", **push_body},
        {"external_id": "bad-1", **push_body, "sector": "space"},
        {"external_id": "existing", **changed},
        {**push_body},  # no external_id
        {"external_id": "bad-2", **push_body, "closes_at": "2020-01-01T00:00:00Z"},
        {"external_id": "new-1", **push_body},  # the same as the first: unchanged
        "not an object",
    ]
    response = key_client.post(_bulk_url(entity), {"items": items}, format="json")
    assert response.status_code == 400  # a non-object item fails the envelope
    items.pop()
    response = key_client.post(_bulk_url(entity), {"items": items}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert [row["status"] for row in body["results"]] == [
        "created",
        "error",
        "updated",
        "error",
        "error",
        "unchanged",
    ]
    assert body["counts"] == {"created": 1, "updated": 1, "unchanged": 1, "error": 3}
    assert "sector" in body["results"][1]["errors"]
    assert "external_id" in body["results"][3]["errors"]
    assert "closes_at" in body["results"][4]["errors"]
    assert set(Consultation.objects.values_list("external_id", flat=True)) == {"existing", "new-1"}
    assert Consultation.objects.get(external_id="existing").phase == "analysis"


def test_bulk_never_leaves_a_half_written_item(key_client, entity, push_body, monkeypatch):
    """An item whose write fails half-way (here: its audit record) leaves no row behind."""
    import consultations.services.archive as archive

    def refusing(real):
        def audit(**kwargs):
            if kwargs["obj"].external_id == "second":
                raise ValidationError("the audit log refused this write")
            return real(**kwargs)

        return audit

    # The bulk write builds the records with audit_entry; the item-by-item retry uses audit_record.
    monkeypatch.setattr(archive, "audit_entry", refusing(archive.audit_entry))
    monkeypatch.setattr(archive, "audit_record", refusing(archive.audit_record))
    items = [{"external_id": eid, **push_body} for eid in ("first", "second", "third")]
    body = key_client.post(_bulk_url(entity), {"items": items}, format="json").json()
    assert [row["status"] for row in body["results"]] == ["created", "error", "created"]
    assert set(Consultation.objects.values_list("external_id", flat=True)) == {"first", "third"}
    assert AuditRecord.objects.filter(action="archive.create").count() == 2


def _bulk_queries(client, entity, items) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        response = client.post(_bulk_url(entity), {"items": items}, format="json")
    assert response.status_code == 200
    return len(queries.captured_queries), response.json()["counts"]


def test_bulk_push_costs_the_same_queries_for_10_and_100_items(key_client, entity, push_body):
    """1,000 items must not mean thousands of queries: creating, updating or re-sending 10 items
    costs as many queries as 100."""
    few = [{"external_id": f"few-{i}", **push_body} for i in range(10)]
    many = [{"external_id": f"many-{i}", **push_body} for i in range(100)]
    key_client.get(_url(entity, "none"))  # the key's first use of the minute records it: not counted
    created_few, counts = _bulk_queries(key_client, entity, few)
    assert counts["created"] == 10
    created_many, counts = _bulk_queries(key_client, entity, many)
    assert counts["created"] == 100
    assert created_few == created_many

    same_few, counts = _bulk_queries(key_client, entity, few)
    assert counts["unchanged"] == 10
    same_many, counts = _bulk_queries(key_client, entity, many)
    assert counts["unchanged"] == 100
    assert same_few == same_many

    changed = [{**item, "phase": "analysis"} for item in many]
    changed_many, counts = _bulk_queries(key_client, entity, changed)
    assert counts["updated"] == 100
    assert changed_many <= created_many + 2
    assert Consultation.objects.filter(external_id__startswith="many-", phase="analysis").count() == 100
    assert AuditRecord.objects.filter(action="archive.update").count() == 100


def test_bulk_updates_keep_the_search_text_and_updated_at_current(key_client, entity, push_body):
    items = [{"external_id": f"s-{i}", **push_body} for i in range(3)]
    key_client.post(_bulk_url(entity), {"items": items}, format="json")
    before = {c.external_id: c.updated_at for c in Consultation.objects.all()}
    renamed = [{**items[0], "title": {"ar": "استشارة المياه الجوفية", "en": "Groundwater"}}, *items[1:]]
    body = key_client.post(_bulk_url(entity), {"items": renamed}, format="json").json()
    assert [row["status"] for row in body["results"]] == ["updated", "unchanged", "unchanged"]
    first = Consultation.objects.get(external_id="s-0")
    assert "الجوفيه" in first.search_text  # normalised: taa marbuta folded
    assert first.updated_at > before["s-0"]
    assert Consultation.objects.get(external_id="s-1").updated_at == before["s-1"]


def test_bulk_takes_at_most_1000_items(key_client, entity, push_body):
    items = [{"external_id": str(i), **push_body} for i in range(1001)]
    response = key_client.post(_bulk_url(entity), {"items": items}, format="json")
    assert response.status_code == 400
    assert "items" in response.json()["error"]["fields"]
    assert not Consultation.objects.exists()


def test_writes_are_rate_limited_per_key_with_retry_after(
    settings, key_client, entity, other_entity, push_body
):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "entity_key": "2/minute",
        },
    }
    assert key_client.put(_url(entity, "1"), push_body, format="json").status_code == 201
    assert key_client.put(_url(entity, "2"), push_body, format="json").status_code == 201
    limited = key_client.put(_url(entity, "3"), push_body, format="json")
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    assert limited.json()["error"]["code"] == "throttled"
    assert not Consultation.objects.filter(external_id="3").exists()

    # another entity's key has its own budget
    other = APIClient()
    other.credentials(HTTP_AUTHORIZATION=f"Bearer {api_key_issue(entity=other_entity, name='x')[1]}")
    assert other.put(_url(other_entity, "1"), push_body, format="json").status_code == 201


@pytest.mark.parametrize("header", ["Token abc", "Bearer", "Bearer a b"])
def test_malformed_authorization_headers(api_client, entity, push_body, header):
    api_client.credentials(HTTP_AUTHORIZATION=header)
    assert api_client.put(_url(entity), push_body, format="json").status_code == 401


def test_service_refuses_closing_before_opening_with_the_field_named(entity):
    """Harvest and push share the service; it keeps the rule even without the serializer's check."""
    from datetime import UTC, datetime

    from consultations.services.archive import consultation_upsert

    with pytest.raises(ValidationError) as caught:
        consultation_upsert(
            entity=entity,
            external_id="x",
            values={
                "title_ar": "عنوان",
                "sector": "health",
                "un_level": "e-consultation",
                "escwa_stage": "participation",
                "phase": "conduct",
                "opens_at": datetime(2026, 2, 1, tzinfo=UTC),
                "closes_at": datetime(2026, 1, 1, tzinfo=UTC),
            },
            source="pushed",
            actor_label="test",
            audit_source="api",
        )
    assert "closes_at" in caught.value.message_dict
    assert not Consultation.objects.exists()
