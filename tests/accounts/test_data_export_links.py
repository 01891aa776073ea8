"""The personal-data export: a signed link, for the same signed-in person, usable once, expiring."""

import json

import pytest
from django.urls import reverse

from sharik.accounts.models import DataExportLink
from tests.accounts.test_accounts import export_link
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_link_downloads_the_persons_data_once(client, citizen, english):
    client.force_login(citizen)
    page = client.post(reverse("accounts:data-export"))
    assert "works once, for you only, within the next 15 minutes" in page.content.decode()
    url = export_link(client)
    first = client.get(url)
    assert first.status_code == 200 and first["Cache-Control"] == "no-store"
    assert json.loads(first.content)["profile"]["email"] == citizen.email
    again = client.get(url)
    assert again.status_code == 410
    assert "already used" in again.content.decode() and citizen.email not in again.content.decode()


def test_an_expired_link_is_refused_with_a_clear_page(client, citizen, settings, english):
    client.force_login(citizen)
    url = export_link(client)
    settings.DATA_EXPORT_LINK_MAX_AGE = -1  # every link is now older than the limit
    response = client.get(url)
    assert response.status_code == 410
    assert "expired" in response.content.decode() and citizen.email not in response.content.decode()
    assert DataExportLink.objects.get().used_at is None


def test_another_person_cannot_use_the_link(client, citizen, english):
    client.force_login(citizen)
    url = export_link(client)
    client.force_login(UserFactory())
    response = client.get(url)
    assert response.status_code == 403
    assert "another account" in response.content.decode() and citizen.email not in response.content.decode()
    client.logout()
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    client.force_login(citizen)
    assert client.get(url).status_code == 200  # still unused: the owner can take it


def test_a_forged_link_is_refused(client, citizen):
    client.force_login(citizen)
    url = export_link(client)
    token = url.rstrip("/").rsplit("/", 1)[1]
    forged = reverse("accounts:data-export-download", args=[token[:-2] + "xx"])
    assert client.get(forged).status_code == 404
    assert DataExportLink.objects.filter(used_at__isnull=False).count() == 0
    assert not DataExportLink.objects.filter(token_hash=token).exists()
