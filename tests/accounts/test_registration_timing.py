"""Registration takes the same work for a known and a new address (issue 19 item 10): measured."""

import statistics
import time

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.urls import reverse

pytestmark = pytest.mark.django_db


class CostlyHasher(PBKDF2PasswordHasher):
    """A hasher with a cost the clock can see (the test settings use a fast one)."""

    iterations = 600_000


def _register(client, email):
    started = time.perf_counter()
    response = client.post(
        reverse("accounts:register"),
        {
            "email": email,
            "display_name": "Noura",
            "password1": "Tall-Palm-Trees-2026",
            "password2": "Tall-Palm-Trees-2026",
            "accept_terms": "on",
        },
    )
    assert response.status_code == 200
    return time.perf_counter() - started


def test_a_known_address_takes_as_long_as_a_new_one(client, settings, citizen):
    settings.PASSWORD_HASHERS = ["tests.accounts.test_registration_timing.CostlyHasher"]
    _register(client, "warm-up@example.org")
    hash_cost = []
    for _ in range(3):
        started = time.perf_counter()
        CostlyHasher().encode("Tall-Palm-Trees-2026", CostlyHasher().salt())
        hash_cost.append(time.perf_counter() - started)
    known, new = [], []
    for n in range(5):  # interleaved, so a busy moment of the machine touches both
        known.append(_register(client, citizen.email))
        new.append(_register(client, f"new{n}@example.org"))
    known_median, new_median = statistics.median(known), statistics.median(new)
    print(f"hash {statistics.median(hash_cost):.3f}s known {known_median:.3f}s new {new_median:.3f}s")
    # The difference is well under the cost of one password hash, which an existing address skipped.
    assert abs(new_median - known_median) < 0.5 * statistics.median(hash_cost)
