"""Load shedding: under overload a write is refused at once with 503 + Retry-After; reads pass."""

import time

import pytest

from consultations.models import Comment

pytestmark = pytest.mark.django_db


def _comment_url(consultation):
    return f"/consultations/{consultation.pk}/comments/new/"


def test_no_write_capacity_refuses_writes_with_retry_after_and_keeps_reads(
    client, citizen, open_consultation, settings
):
    settings.SHED_MAX_INFLIGHT_WRITES = 0
    client.force_login(citizen)
    response = client.post(_comment_url(open_consultation), {"body": "رأيي في المسودة"})
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "مشغول" in response.content.decode()  # the page is in Arabic, the default language
    assert not Comment.objects.exists()  # nothing written
    assert client.get(f"/consultations/{open_consultation.pk}/").status_code == 200


def test_refusal_speaks_the_visitors_language(client, open_consultation, settings):
    settings.SHED_MAX_INFLIGHT_WRITES = 0
    response = client.post(_comment_url(open_consultation), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    assert "Sharik is very busy" in response.content.decode()


def test_api_writes_get_the_api_error_shape(client, settings):
    settings.SHED_MAX_INFLIGHT_WRITES = 0
    response = client.post("/api/v1/consultations/push/", {}, content_type="application/json")
    assert response.status_code == 503
    assert response["Retry-After"]
    assert response.json()["error"]["code"] == "overloaded"


def test_a_write_that_waited_too_long_in_the_queue_is_refused(client, citizen, open_consultation, settings):
    settings.SHED_MAX_QUEUE_MS = 500
    client.force_login(citizen)
    stale = f"t={int((time.time() - 2) * 1000)}"
    refused = client.post(_comment_url(open_consultation), {"body": "أولا"}, HTTP_X_REQUEST_START=stale)
    assert refused.status_code == 503 and refused["Retry-After"]
    fresh = f"t={int(time.time() * 1000)}"
    accepted = client.post(_comment_url(open_consultation), {"body": "ثانيا"}, HTTP_X_REQUEST_START=fresh)
    assert accepted.status_code == 302
    assert list(Comment.objects.values_list("body", flat=True)) == ["ثانيا"]


def test_the_in_flight_count_is_released_after_each_write(client, citizen, open_consultation, settings):
    settings.SHED_MAX_INFLIGHT_WRITES = 1
    client.force_login(citizen)
    for body in ("الأول", "الثاني", "الثالث"):
        assert client.post(_comment_url(open_consultation), {"body": body}).status_code == 302
    assert Comment.objects.count() == 3
