"""The network's discussion threads (§20-5, §21-1): members only; replies told to the participants as
each chose (each reply, a weekly digest, none); the digest once per person and week; rich text
sanitised; a reported reply hidden by the federal team with a reason."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from governance.models import Thread, ThreadDigest, ThreadReply
from governance.services import network
from governance.services import threads as services
from sharik.accounts.models import Notification
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _member(entity, federal_user, name):
    user = UserFactory(display_name=name)
    nomination = network.coordinator_nominate(entity=entity, user=user, nominated_by=federal_user)
    network.coordinator_nomination_decide(nomination=nomination, approve=True, user=federal_user)
    return user


@pytest.fixture
def members(entity, other_entity, federal_user):
    return (
        _member(entity, federal_user, "Mariam"),
        _member(other_entity, federal_user, "Omar"),
        _member(entity, federal_user, "Sara"),
    )


def _client(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_the_public_and_citizens_are_refused(members, citizen, coordinator):
    mariam = members[0]
    thread = services.thread_start(user=mariam, title="Survey tips", body="<p>How do you reach parents?</p>")
    for url in (reverse("governance:threads"), reverse("governance:thread", args=[thread.pk])):
        assert "/accounts/login/" in _client().get(url)["Location"]
        assert _client(citizen).get(url).status_code == 403
        assert _client(coordinator).get(url).status_code == 403  # a coordinator not (yet) in the network
        assert _client(mariam).get(url).status_code == 200
    response = _client(citizen).post(reverse("governance:thread", args=[thread.pk]), {"body": "Hello"})
    assert response.status_code == 403 and not ThreadReply.objects.exists()
    with pytest.raises(PermissionDenied):
        services.thread_reply_add(user=citizen, thread=thread, body="Hello")


def test_a_member_starts_a_thread_others_reply_and_the_text_is_sanitised(
    members, english, django_capture_on_commit_callbacks
):
    mariam, omar, _sara = members
    response = _client(mariam).post(
        reverse("governance:threads"),
        {
            "title": "Survey tips",
            "body": '<p onclick="x()">How do you <strong>reach</strong> parents?</p><script>alert(1)</script>',
        },
    )
    thread = Thread.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "governance:thread", args=[thread.pk]
    )
    assert thread.body == "<p>How do you <strong>reach</strong> parents?</p>"
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(omar).post(
            reverse("governance:thread", args=[thread.pk]),
            {"body": "<p>By SMS<img src=x onerror=alert(1)></p>"},
        )
    assert response.status_code == 302
    html = _client(mariam).get(reverse("governance:thread", args=[thread.pk])).content.decode()
    assert "By SMS" in html and "onerror" not in html and "<script>alert" not in html
    assert "1 reply" in html
    with pytest.raises(ValidationError):
        services.thread_reply_add(user=omar, thread=thread, body="<script>only a script</script>")


def test_participants_are_told_of_a_reply_as_each_chose(
    members, federal_user, django_capture_on_commit_callbacks
):
    mariam, omar, sara = members
    thread = services.thread_start(user=mariam, title="Survey tips", body="<p>Ideas?</p>")
    with django_capture_on_commit_callbacks(execute=True):
        services.thread_reply_add(user=sara, thread=thread, body="<p>Radio</p>")
    services.thread_preference_set(user=sara, delivery="weekly")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.thread_reply_add(user=omar, thread=thread, body="<p>SMS works</p>")
    # Mariam (each reply) gets an e-mail; Sara (weekly digest) a notice on the site only; Omar wrote it
    assert [m.to for m in mail.outbox] == [[mariam.email]]
    assert "SMS works" in mail.outbox[0].body
    reply = ThreadReply.objects.get(author=omar)
    told = Notification.objects.filter(key=f"thread-reply:{reply.pk}")
    assert sorted(told.values_list("user_id", flat=True)) == sorted([mariam.pk, sara.pk])
    assert told.get(user=sara).emailed_at is None
    # Mariam turns e-mails off: the next reply reaches nobody's inbox; federal_user never took part
    services.thread_preference_set(user=mariam, delivery="none")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.thread_reply_add(user=omar, thread=thread, body="<p>And WhatsApp</p>")
    assert mail.outbox == []
    assert not Notification.objects.filter(user=federal_user, key__startswith="thread-reply").exists()


def test_the_weekly_digest_goes_once_per_person_and_week_and_not_to_those_with_nothing_new(members, english):
    mariam, omar, sara = members
    for person in members:
        services.thread_preference_set(user=person, delivery="weekly")
    thread = services.thread_start(user=mariam, title="Survey tips", body="<p>Ideas?</p>")
    services.thread_reply_add(user=omar, thread=thread, body="<p>SMS works</p>")
    services.thread_reply_add(user=omar, thread=thread, body="<p>And radio</p>")
    services.thread_start(user=sara, title="A quiet thread", body="<p>Anyone?</p>")  # nobody replies
    # the replies were last week; the job runs on the Monday after
    now = timezone.localtime()
    monday = (now - datetime.timedelta(days=now.weekday())).replace(hour=9, minute=0, second=0, microsecond=0)
    ThreadReply.objects.update(created_at=monday - datetime.timedelta(days=3))
    mail.outbox.clear()
    assert services.thread_digests_send(now=monday) == 1
    assert services.thread_digests_send(now=monday + datetime.timedelta(hours=1)) == 0  # the second run
    # Mariam: two replies by Omar; Omar wrote them himself; Sara has nothing new: no e-mail, no row
    assert [m.to for m in mail.outbox] == [[mariam.email]]
    assert mail.outbox[0].subject.endswith("ردان جديدان")  # "2 new replies", in her language (Arabic)
    assert "SMS works" in mail.outbox[0].body and "And radio" in mail.outbox[0].body
    assert ThreadDigest.objects.get().user == mariam
    # the week after: nothing new for anyone
    assert services.thread_digests_send(now=monday + datetime.timedelta(days=7)) == 0
    assert len(mail.outbox) == 1


def test_a_member_reports_a_reply_and_the_federal_team_hides_it_with_a_reason(
    members, federal_user, english, django_capture_on_commit_callbacks
):
    mariam, omar, _sara = members
    thread = services.thread_start(user=mariam, title="Survey tips", body="<p>Ideas?</p>")
    reply = services.thread_reply_add(user=omar, thread=thread, body="<p>Buy my product</p>")
    url = reverse("governance:thread", args=[thread.pk])
    _client(mariam).post(
        reverse("governance:thread-reply-report", args=[reply.pk]), {"reason": "advertising"}
    )
    assert reply.reports.count() == 1
    with pytest.raises(ValidationError):
        services.thread_reply_report(user=mariam, reply=reply, reason="again")
    # a member may not hide; the federal team must give a reason
    assert (
        _client(mariam)
        .post(reverse("governance:thread-reply-hide", args=[reply.pk]), {"reason": "x"})
        .status_code
        == 403
    )
    _client(federal_user).post(reverse("governance:thread-reply-hide", args=[reply.pk]), {"reason": ""})
    reply.refresh_from_db()
    assert not reply.is_hidden
    federal_page = _client(federal_user).get(url).content.decode()
    assert "reported 1 time" in federal_page
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(federal_user).post(
            reverse("governance:thread-reply-hide", args=[reply.pk]), {"reason": "Advertising is not allowed"}
        )
    assert response.status_code == 302
    reply.refresh_from_db()
    assert (reply.is_hidden, reply.hidden_reason, reply.hidden_by) == (
        True,
        "Advertising is not allowed",
        federal_user,
    )
    html = _client(mariam).get(url).content.decode()
    assert "Buy my product" not in html and "Advertising is not allowed" in html
    notice = Notification.objects.get(user=omar, key__startswith="thread-hidden:")
    assert "Advertising is not allowed" in notice.body
