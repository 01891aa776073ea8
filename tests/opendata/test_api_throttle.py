"""Issue 19 item 14: anonymous API reads are throttled per client address; a forged X-Forwarded-For does not reset."""

import pytest


@pytest.fixture
def three_per_minute(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "anon": "3/minute"},
    }


@pytest.mark.parametrize("url", ["/api/v1/datasets/", "/api/v1/consultations/"])
def test_a_forged_forwarded_for_does_not_reset_the_anonymous_throttle(client, db, three_per_minute, url):
    statuses = [client.get(url, HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_behind_one_proxy_each_real_client_has_its_own_bucket(client, db, three_per_minute, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]  # the test client's address: our proxy
    # The proxy appends the address it saw; what the client wrote before it is ignored.
    forged = [
        client.get("/api/v1/datasets/", HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, 198.51.100.7") for n in range(4)
    ]
    assert [r.status_code for r in forged] == [200, 200, 200, 429]
    other = client.get("/api/v1/datasets/", HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert other.status_code == 200
