"""The database going away: requests answer 503 with a clear, translated page and Retry-After, and
nothing half-written stays when it comes back."""

import socket

import pytest
from django.db import connection
from django.test import Client

from consultations.models import Comment
from tests.factories import ConsultationFactory, UserFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def database_down():
    saved = dict(connection.settings_dict)

    def down():
        connection.close()
        connection.settings_dict.update(HOST="127.0.0.1", PORT=closed_port())

    def up():
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
        connection.ensure_connection()

    down.up = up
    yield down
    up()


def test_pages_answer_503_with_a_clear_page(database_down):
    consultation = ConsultationFactory()
    client = Client(raise_request_exception=False)
    database_down()
    response = client.get(f"/consultations/{consultation.pk}/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "الخدمة غير متاحة مؤقتاً" in response.content.decode()
    english = client.get(f"/en/consultations/{consultation.pk}/")
    assert english.status_code == 503
    assert "Service temporarily unavailable" in english.content.decode()


def test_a_comment_cut_off_by_the_database_leaves_nothing(database_down):
    consultation = ConsultationFactory()
    user = UserFactory()
    client = Client(raise_request_exception=False)
    client.force_login(user)
    database_down()
    response = client.post(f"/consultations/{consultation.pk}/comments/new/", {"body": "Written while down"})
    assert response.status_code == 503
    database_down.up()
    assert not Comment.objects.filter(body="Written while down").exists()
    assert client.get(f"/consultations/{consultation.pk}/").status_code == 200
