"""Agreements with entities (§17-6, §17-7): an entity's coordinator sees only their entity's agreements,
the document only through a short-lived link made for them, and the review reminder goes out once."""

import datetime
import time

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from governance.models import Agreement
from governance.services.agreements import agreement_review_reminders_send
from sharik.accounts.models import Notification
from sharik.core.private_files import private_storage

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% a memorandum of understanding\n%%EOF\n"


def _agreement(entity, title, *, review_in_days=200, kind="mou"):
    today = timezone.localdate()
    agreement = Agreement(
        entity=entity,
        kind=kind,
        title=title,
        signed_on=today - datetime.timedelta(days=300),
        review_on=today + datetime.timedelta(days=review_in_days),
    )
    agreement.document.save("mou.pdf", ContentFile(PDF), save=False)
    agreement.full_clean()
    agreement.save()
    return agreement


@pytest.fixture
def agreements(entity, other_entity):
    return (
        _agreement(entity, "MoU with our entity", review_in_days=20),
        _agreement(entity, "SLA with our entity", kind="sla"),
        _agreement(other_entity, "MoU with the other entity"),
    )


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _link(client, agreement) -> str:
    response = client.get(reverse("governance:agreement-document", args=[agreement.pk]))
    assert response.status_code == 302
    return response["Location"]


def test_a_coordinator_sees_only_their_entitys_agreements_the_federal_team_all(
    agreements, coordinator, other_coordinator, federal_user, citizen, oversight_user
):
    url = reverse("governance:agreements")
    own = _client(coordinator).get(url).content.decode()
    assert "MoU with our entity" in own and "SLA with our entity" in own
    assert "MoU with the other entity" not in own
    other = _client(other_coordinator).get(url).content.decode()
    assert "MoU with the other entity" in other and "our entity" not in other
    federal = _client(federal_user).get(url).content.decode()
    assert all(a.title in federal for a in agreements)
    assert _client(citizen).get(url).status_code == 403
    assert _client(oversight_user).get(url).status_code == 403
    assert "/accounts/login/" in Client().get(url)["Location"]
    # the document: its own coordinator and the federal team, nobody else
    ours = agreements[0]
    assert (
        _client(other_coordinator).get(reverse("governance:agreement-document", args=[ours.pk])).status_code
        == 403
    )
    assert _client(citizen).get(reverse("governance:agreement-document", args=[ours.pk])).status_code == 403
    for reader in (coordinator, federal_user):
        client = _client(reader)
        response = client.get(_link(client, ours))
        assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
        assert "no-store" in response["Cache-Control"]


def test_the_document_is_private_and_another_persons_link_is_refused(
    settings, agreements, coordinator, other_coordinator
):
    ours = agreements[0]
    assert private_storage().exists(ours.document.name)
    assert not (settings.MEDIA_ROOT / ours.document.name).exists()  # never under the public /media/
    link = _link(_client(coordinator), ours)
    assert _client(other_coordinator).get(link).status_code == 403  # made for someone else
    assert Client().get(link).status_code == 403


class _Clock:
    """`time` as django.core.signing sees it, `ahead` seconds in the future."""

    def __init__(self, ahead: float):
        self.ahead = ahead

    def time(self) -> float:
        return time.time() + self.ahead


def test_an_expired_link_is_refused_and_a_fresh_one_works(settings, agreements, coordinator, monkeypatch):
    from django.core import signing

    client = _client(coordinator)
    link = _link(client, agreements[0])
    settings.PRIVATE_FILE_LINK_MAX_AGE = 60
    monkeypatch.setattr(signing, "time", _Clock(ahead=50))
    assert client.get(link).status_code == 200
    monkeypatch.setattr(signing, "time", _Clock(ahead=70))
    assert client.get(link).status_code == 410
    assert client.get(_link(client, agreements[0])).status_code == 200


def test_the_review_reminder_goes_out_once_per_agreement_and_review_day(
    agreements, coordinator, other_coordinator, federal_user
):
    mail.outbox.clear()
    # 20 days before its review day, within the 30 days: the federal team and its coordinator, once
    assert agreement_review_reminders_send() == 2
    assert agreement_review_reminders_send() == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted([coordinator.email, federal_user.email])
    assert not Notification.objects.filter(user=other_coordinator).exists()
    # the review day moves: the new day is reminded again, once
    ours = agreements[0]
    Agreement.objects.filter(pk=ours.pk).update(review_on=ours.review_on + datetime.timedelta(days=5))
    assert agreement_review_reminders_send() == 2
    assert agreement_review_reminders_send() == 0
    assert len(mail.outbox) == 4
    # the others come due for review in 200 days: nothing until 30 days before
    in_169 = timezone.localdate() + datetime.timedelta(days=169)
    assert agreement_review_reminders_send(today=in_169) == 0
    # then the SLA (the federal team and our coordinator) and the other MoU (the federal team and theirs)
    assert agreement_review_reminders_send(today=in_169 + datetime.timedelta(days=1)) == 4
