"""The database going away: requests answer 503 with a clear, translated page and Retry-After, and
nothing half-written stays when it comes back."""

import socket
import threading
import time

import pytest
from django.db import connection, connections
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


def test_a_vote_cut_off_between_its_two_statements_leaves_nothing():
    """The vote is one query string of two statements (the ballot upserted, then its choices), which
    PostgreSQL runs as one transaction. The database dies between them: another session holds the
    choices' table, so the vote's second statement waits after the ballot is written, and its server
    process is terminated there. The person gets the 503 page, and neither the ballot nor any choice is
    left behind; once the database is back, the same vote goes through whole."""
    poll = PollFactory(consultation=ConsultationFactory(phase="conduct"))
    option = poll.options.first()
    user = UserFactory()
    client = Client(raise_request_exception=False)
    client.force_login(user)
    url = f"/consultations/{poll.consultation_id}/polls/{poll.pk}/vote/"
    blocker = connections.create_connection("default")
    blocker.set_autocommit(False)
    with blocker.cursor() as cursor:
        cursor.execute("LOCK TABLE consultations_votechoice IN SHARE MODE")
    killed = {}

    def kill_the_waiting_vote():
        watcher = connections.create_connection("default")
        try:
            with watcher.cursor() as cursor:
                for _ in range(200):
                    cursor.execute(
                        "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                        "AND query LIKE 'INSERT INTO consultations_vote %%'"
                    )
                    row = cursor.fetchone()
                    if row:
                        # the ballot is written (uncommitted) and the choices wait: cut the database here
                        cursor.execute(
                            "SELECT count(*) FROM pg_locks WHERE pid = %s AND granted "
                            "AND relation = 'consultations_vote'::regclass",
                            [row[0]],
                        )
                        killed["ballot_locked"] = cursor.fetchone()[0] > 0
                        cursor.execute("SELECT pg_terminate_backend(%s, 5000)", [row[0]])
                        killed["pid"] = cursor.fetchone()[0]
                        return
                    time.sleep(0.05)
        finally:
            watcher.close()

    thread = threading.Thread(target=kill_the_waiting_vote)
    thread.start()
    try:
        response = client.post(url, {"option": option.pk})
    finally:
        thread.join()
        blocker.rollback()
        blocker.close()
        connection.close()
    assert killed.get("pid"), "the vote waited between its statements and its backend was terminated there"
    assert killed["ballot_locked"], "the ballot's statement had run when the database went away"
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert not Vote.objects.filter(poll=poll).exists()
    assert not VoteChoice.objects.filter(option__poll=poll).exists()
    # Back up: the same vote goes through, whole.
    response = client.post(url, {"option": option.pk})
    assert response.status_code == 302
    assert list(
        VoteChoice.objects.filter(vote__poll=poll, vote__user=user).values_list("option", flat=True)
    ) == [option.pk]
