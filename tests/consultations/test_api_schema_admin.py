"""The OpenAPI schema and its docs; issuing keys in the admin and on the command line; admin audit."""

import re

import pytest
from django.core.management import CommandError, call_command
from openapi_spec_validator import validate
from rest_framework.test import APIClient

from consultations.models import EntityApiKey
from sharik.core.models import AuditRecord
from tests.factories import ConsultationFactory


@pytest.fixture
def schema(client, db):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def test_openapi_schema_validates(schema):
    validate(schema)
    paths = set(schema["paths"])
    assert {
        "/api/v1/consultations/",
        "/api/v1/consultations/{id}",
        "/api/v1/entities/{entity_slug}/consultations/{external_id}",
        "/api/v1/entities/{entity_slug}/consultations:bulk",
        "/api/v1/archive/summary",
    } <= paths


def test_schema_generates_without_warnings(db):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", "/dev/null")


def test_every_endpoint_has_request_and_response_examples(schema):
    operations = [
        (f"{method.upper()} {path}", op)
        for path, item in schema["paths"].items()
        for method, op in item.items()
        if method in {"get", "put", "post", "patch", "delete"}
    ]
    assert len(operations) >= 10  # the archive (8) and the open data catalogue (2)
    for name, op in operations:
        if "requestBody" in op:
            content = op["requestBody"]["content"]["application/json"]
            assert content.get("examples"), f"{name}: no request example"
        else:
            assert any(p.get("examples") for p in op.get("parameters", [])), f"{name}: no request example"
        for status, response in op["responses"].items():
            examples = response.get("content", {}).get("application/json", {}).get("examples")
            assert examples, f"{name} {status}: no response example"


def test_push_contract_names_in_the_schema(schema):
    push = schema["components"]["schemas"]["ConsultationPush"]
    assert set(push["properties"]) == {
        "title",
        "summary",
        "sector",
        "un_level",
        "escwa_stage",
        "phase",
        "opens_at",
        "closes_at",
        "url",
        "results",
        "decision",
        "decided_at",
    }


def test_api_docs_load_nothing_from_outside(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "swagger-ui" in page
    for url in re.findall(r'(?:src|href)="([^"]+)"', page):
        assert not url.startswith(("http://", "https://", "//")), url


# --- Keys: the admin and the command line ------------------------------------------------------------


def test_federal_team_issues_a_key_in_the_admin_shown_once(client, federal_user, entity):
    federal_user.is_staff = True
    federal_user.save()
    client.force_login(federal_user)
    response = client.post(
        "/admin/consultations/entityapikey/add/", {"entity": entity.pk, "name": "Ministry portal"}
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    raw = re.search(r'value="(shk_[^"]+)"', response.content.decode()).group(1)
    key = EntityApiKey.objects.get()
    assert key.entity == entity and key.created_by == federal_user
    assert raw not in {key.hashed_key, key.prefix}
    assert AuditRecord.objects.filter(action="api_key.issue", actor=federal_user).exists()

    change = client.get(f"/admin/consultations/entityapikey/{key.pk}/change/").content.decode()
    assert raw not in change

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.get(f"/api/v1/entities/{entity.slug}/consultations/none").status_code == 404

    client.post(
        "/admin/consultations/entityapikey/",
        {"action": "revoke", "_selected_action": [key.pk]},
    )
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert api.get(f"/api/v1/entities/{entity.slug}/consultations/none").status_code == 401


def test_coordinators_cannot_issue_keys(client, coordinator, entity):
    coordinator.is_staff = True
    coordinator.save()
    client.force_login(coordinator)
    response = client.post("/admin/consultations/entityapikey/add/", {"entity": entity.pk, "name": "x"})
    assert response.status_code == 403
    assert not EntityApiKey.objects.exists()


def test_issue_api_key_command_prints_the_key_alone_on_the_last_line(entity, capsys):
    call_command("issue_api_key", entity.slug, "--name", "Nightly sync")
    last_line = capsys.readouterr().out.strip().splitlines()[-1]
    assert re.fullmatch(r"shk_[0-9a-f]{8}_[A-Za-z0-9_-]{40,}", last_line)
    key = EntityApiKey.objects.get()
    assert key.name == "Nightly sync" and key.entity == entity
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {last_line}")
    assert api.get(f"/api/v1/entities/{entity.slug}/consultations/none").status_code == 404

    with pytest.raises(CommandError):
        call_command("issue_api_key", "no-such-entity")


def test_admin_change_of_a_consultation_is_audited(client, federal_user, entity):
    federal_user.is_staff = True
    federal_user.save()
    client.force_login(federal_user)
    consultation = ConsultationFactory(entity=entity, source="pushed", external_id="9", phase="archived")
    url = f"/admin/consultations/consultation/{consultation.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in {"cover_image", "cover_image_ar", "cover_image_en"}
    }
    data.update(
        {
            "entity": entity.pk,
            "title_ar": "عنوان مصحح",
            "opens_at_0": consultation.opens_at.strftime("%Y-%m-%d"),
            "opens_at_1": consultation.opens_at.strftime("%H:%M:%S"),
            "closes_at_0": consultation.closes_at.strftime("%Y-%m-%d"),
            "closes_at_1": consultation.closes_at.strftime("%H:%M:%S"),
            "decided_at_0": "",
            "decided_at_1": "",
            "reported_results": "{}",
        }
    )
    for prefix in ("polls", "documents"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data.pop("opens_at", None)
    data.pop("closes_at", None)
    data.pop("decided_at", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    record = AuditRecord.objects.get(action="archive.admin_change")
    assert record.actor == federal_user
    assert record.source == "admin"
    assert record.changes["title_ar"][1] == "عنوان مصحح"
