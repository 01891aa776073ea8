"""A second factor for staff (django-otp, TOTP): with OTP_REQUIRED_FOR_STAFF on, the admin opens only
after a valid code from the staff member's authenticator app; off (the default), nothing changes."""

import base64
import re
import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def code(key_hex: str, *, offset: int = 0) -> str:
    totp = TOTP(bytes.fromhex(key_hex))
    totp.time = time.time() + offset
    return f"{totp.token():06d}"


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def required(settings):
    settings.OTP_REQUIRED_FOR_STAFF = True


def test_off_by_default_the_admin_opens_after_the_password_alone(client, staff):
    client.force_login(staff)
    assert client.get(reverse("admin:index")).status_code == 200


def test_staff_without_a_device_are_sent_to_enrol_and_can_then_reach_the_admin(
    client, staff, required, english
):
    client.force_login(staff)
    response = client.get(reverse("admin:consultations_consultation_changelist"))
    assert response.status_code == 302 and reverse("accounts:otp-setup") in response["Location"]
    page = client.get(response["Location"])
    body = page.content.decode()
    assert 'src="data:image/svg+xml;base64,' in body  # the QR code, drawn here
    secret = re.search(r'<code class="otp-secret">([A-Z2-7 ]+)</code>', body).group(1).replace(" ", "")
    key = base64.b32decode(secret).hex()
    wrong = client.post(page.request["PATH_INFO"], {"token": "000000" if code(key) != "000000" else "111111"})
    assert "That code is not right" in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=staff).exists()
    done = client.post(
        reverse("accounts:otp-setup"),
        {"token": code(key), "next": reverse("admin:consultations_consultation_changelist")},
    )
    assert done.status_code == 302 and done["Location"] == reverse(
        "admin:consultations_consultation_changelist"
    )
    assert TOTPDevice.objects.get(user=staff).confirmed
    assert client.get(reverse("admin:index")).status_code == 200


def test_with_a_device_a_wrong_code_is_refused_and_a_valid_one_opens_the_admin(
    client, staff, required, english
):
    device = TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    client.force_login(staff)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and reverse("accounts:otp-verify") in response["Location"]
    wrong = "000000" if code(device.key) != "000000" else "111111"
    refused = client.post(reverse("accounts:otp-verify"), {"token": wrong})
    assert refused.status_code == 200 and "That code is not right" in refused.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302  # still closed
    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows down guessing after a failure; the owner waits it out
    accepted = client.post(
        reverse("accounts:otp-verify"), {"token": code(device.key), "next": "https://evil.example/"}
    )
    assert accepted.status_code == 302 and accepted["Location"] == reverse("admin:index")  # no open redirect
    assert client.get(reverse("admin:index")).status_code == 200


def test_citizens_and_visitors_never_see_the_enrolment_pages(client, citizen, required):
    assert client.get(reverse("accounts:otp-setup")).status_code == 302  # to the login page
    client.force_login(citizen)
    assert client.get(reverse("accounts:otp-setup")).status_code == 403
    assert client.get(reverse("accounts:otp-verify")).status_code == 403
