"""The client address behind the proxy, and a lockout that cannot deny a named person (issue 19 item 4)."""

import time

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from sharik.core.client_address import client_ip
from tests.factories import PASSWORD

PROXY = "10.0.0.1"
ATTACKER = "203.0.113.5"
OWNER = "198.51.100.7"


def _via_proxy(address: str, forged: str = "") -> dict:
    """The request as our proxy hands it on: the proxy appends the address it saw."""
    chain = f"{forged}, {address}" if forged else address
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": chain}


@pytest.mark.parametrize(
    "proxies, meta, expected",
    [
        ([], {"REMOTE_ADDR": OWNER, "HTTP_X_FORWARDED_FOR": ATTACKER}, OWNER),  # no proxy: header ignored
        (["10.0.0.0/8"], _via_proxy(OWNER), OWNER),
        (["10.0.0.0/8"], _via_proxy(OWNER, forged="1.2.3.4"), OWNER),  # a forged hop on the left is not read
        (["10.0.0.0/8"], {"REMOTE_ADDR": OWNER, "HTTP_X_FORWARDED_FOR": ATTACKER}, OWNER),  # not our proxy
        (["10.0.0.0/8"], {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"{OWNER}, 10.0.0.9"}, OWNER),
        (["10.0.0.0/8"], {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "garbage"}, PROXY),
    ],
)
def test_client_ip_trusts_only_configured_proxies(settings, proxies, meta, expected):
    settings.TRUSTED_PROXIES = proxies
    assert client_ip(RequestFactory().get("/", **meta)) == expected


def _login(client, address, email, password, forged=""):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, **_via_proxy(address, forged)
    )


@pytest.mark.django_db
def test_failures_from_one_address_do_not_lock_the_owner_out(settings, citizen):
    settings.TRUSTED_PROXIES = [PROXY]
    settings.LOGIN_DELAY_STEP = settings.LOGIN_DELAY_MAX = 0.01
    attacker = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(attacker, ATTACKER, citizen.email, "wrong-password")
    # The attacker is locked out, even with the right password and a forged hop…
    assert _login(attacker, ATTACKER, citizen.email, PASSWORD, forged=OWNER).status_code == 429
    # …the owner, through the same proxy, signs in.
    owner = Client()
    assert _login(owner, OWNER, citizen.email, PASSWORD).status_code == 302
    assert owner.get(reverse("accounts:profile")).status_code == 200


@pytest.mark.django_db
def test_one_address_guessing_many_names_is_locked(settings, citizen):
    settings.TRUSTED_PROXIES = [PROXY]
    attacker = Client()
    for n in range(settings.AXES_FAILURE_LIMIT):
        _login(attacker, ATTACKER, f"guess{n}@example.org", "wrong-password")
    assert _login(attacker, ATTACKER, citizen.email, PASSWORD).status_code == 429


@pytest.mark.django_db
def test_a_name_failed_from_many_addresses_is_slowed_not_locked(settings, citizen):
    settings.TRUSTED_PROXIES = [PROXY]
    settings.LOGIN_DELAY_STEP = 0.2
    settings.LOGIN_DELAY_MAX = 0.4
    for n in range(settings.AXES_FAILURE_LIMIT + 2):
        _login(Client(), f"203.0.113.{10 + n}", citizen.email, "wrong-password")
    owner = Client()
    started = time.monotonic()
    response = _login(owner, OWNER, citizen.email, PASSWORD)
    elapsed = time.monotonic() - started
    assert response.status_code == 302  # signed in, never locked by name
    assert elapsed >= 0.4  # but after a delay


@pytest.mark.django_db
def test_anonymous_writes_are_counted_per_client_behind_the_proxy(client, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    settings.RATELIMIT_ACCOUNT_WRITES = "2/m"
    url = reverse("governance:newsletter")
    for n in range(2):
        client.post(url, {"email": f"reader{n}@example.org", "language": "ar"}, **_via_proxy(ATTACKER))
    refused = client.post(
        url, {"email": "r3@example.org", "language": "ar"}, **_via_proxy(ATTACKER, forged=OWNER)
    )
    assert refused.status_code == 429
    other = Client().post(url, {"email": "r4@example.org", "language": "ar"}, **_via_proxy(OWNER))
    assert other.status_code == 200
