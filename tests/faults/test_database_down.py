"""The database going away: requests answer 503 with a clear, translated page and Retry-After, and
nothing half-written stays when it comes back."""

import socket

import pytest
from django.db import connection
from django.test import Client

from consultations.models import Vote, VoteChoice
from tests.factories import ConsultationFactory, PollFactory, UserFactory

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


def terminate_after(statement_start: str):
    """An execute wrapper that lets the first statement starting with `statement_start` run, then
    terminates this connection's server process from ANOTHER connection (pg_terminate_backend), so the
    service's next statement meets a database that has gone away in the middle of its transaction."""
    from django.db import connections

    state = {"killed": False}

    def wrapper(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not state["killed"] and sql.lstrip().upper().startswith(statement_start):
            raw = context["connection"].connection  # the driver's connection (psycopg 2 or 3)
            pid = raw.info.backend_pid if hasattr(raw, "info") else raw.get_backend_pid()
            other = connections.create_connection("default")
            try:
                with other.cursor() as cursor:
                    cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])
                    terminated = cursor.fetchone()[0]
            finally:
                other.close()
            assert terminated, "the write's backend must be gone before its second statement"
            state["killed"] = True
        return result

    wrapper.state = state
    return wrapper


def test_a_vote_cut_off_between_its_two_statements_leaves_nothing():
    """The vote is two statements (the ballot upserted, then its choices): the database dies after the
    first. The person gets the 503 page, and neither the ballot nor any choice is left behind."""
    poll = PollFactory(consultation=ConsultationFactory(phase="conduct"))
    option = poll.options.first()
    user = UserFactory()
    client = Client(raise_request_exception=False)
    client.force_login(user)
    url = f"/consultations/{poll.consultation_id}/polls/{poll.pk}/vote/"
    cut = terminate_after("INSERT INTO CONSULTATIONS_VOTE ")
    with connection.execute_wrapper(cut):
        response = client.post(url, {"option": option.pk})
    assert cut.state["killed"], "the ballot's first statement ran and the database was cut after it"
    assert response.status_code == 503 and response["Retry-After"] == "30"
    connection.close()
    assert not Vote.objects.filter(poll=poll).exists()
    assert not VoteChoice.objects.filter(option__poll=poll).exists()
    # Back up: the same vote goes through, whole.
    response = client.post(url, {"option": option.pk})
    assert response.status_code == 302
    assert list(
        VoteChoice.objects.filter(vote__poll=poll, vote__user=user).values_list("option", flat=True)
    ) == [option.pk]
