"""Issue 19 item 16: a dataset push through a real WSGI server (as under `make run`) answers, not 500."""

import httpx
import pytest

from consultations.services.archive import api_key_issue

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_dataset_push_over_real_http_answers_201_with_its_outcome(live_server, entity, licences):
    _, raw = api_key_issue(entity=entity, name="Data platform")
    body = {
        "title": {"ar": "جودة الهواء اليومية", "en": "Daily air quality"},
        "licence": "cc-by-4.0",
        "sector": "environment",
        "resources": [{"name": "Readings (CSV)", "url": "https://data.entity.example/air.csv"}],
    }
    response = httpx.put(
        f"{live_server.url}/api/v1/entities/{entity.slug}/datasets/air-quality-daily",
        json=body,
        headers={"Authorization": f"Bearer {raw}"},
        timeout=30,
    )
    assert response.status_code == 201, response.text[:300]
    assert response.headers["Sharik-Outcome"] == "created"
