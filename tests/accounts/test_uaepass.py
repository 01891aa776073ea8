"""Sign in with UAE PASS (OpenID Connect) against a real provider on 127.0.0.1 (tests/uaepass_provider.py):
account types decide verification at every sign-in, the Emirates ID kept only as a keyed hash, linking
and unlinking, no takeover by e-mail, RP-initiated logout, staff's second factor, and every bad answer
(tampered, wrong nonce, replayed state, expired, another audience, unknown key) refused with no session."""

from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from django.db import connection
from django.urls import reverse

from sharik.accounts.models import UaePassIdentity, User
from sharik.accounts.services.identity import idn_hash
from sharik.core.models import AuditRecord
from tests.accounts.uaepass_flow import callback, provider_login, sign_in, start
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def signed_in(client) -> User | None:
    pk = client.session.get("_auth_user_id")
    return User.objects.get(pk=pk) if pk else None


def test_with_nothing_configured_the_button_is_hidden_and_the_addresses_do_not_exist(client, settings):
    settings.UAEPASS_CLIENT_ID = ""
    assert "UAE PASS" not in client.get(reverse("accounts:login")).content.decode()
    assert "UAE PASS" not in client.get(reverse("accounts:register")).content.decode()
    assert client.get(reverse("accounts:uaepass-start")).status_code == 404
    assert client.get(reverse("accounts:uaepass-callback")).status_code == 404


def test_the_button_is_on_the_login_and_registration_pages(client, uaepass_provider):
    for name in ("accounts:login", "accounts:register"):
        body = client.get(reverse(name)).content.decode()
        assert reverse("accounts:uaepass-start") in body


def test_the_request_to_uaepass_carries_pkce_state_and_nonce(client, uaepass_provider):
    location = start(client, "/en/accounts/uaepass/login/")
    query = parse_qs(urlsplit(location).query)
    assert location.startswith(uaepass_provider.url + "/authorize")
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) >= 43
    assert query["state"][0] and query["nonce"][0]
    assert query["redirect_uri"] == ["http://testserver/accounts/uaepass/callback/"]


@pytest.mark.parametrize(("username", "verified"), [("basic", False), ("verified", True), ("inperson", True)])
def test_each_account_type_signs_in_and_only_the_verified_types_make_a_verified_resident(
    client, uaepass_provider, username, verified
):
    response = sign_in(client, username)
    assert response.status_code == 302 and response["Location"] == "/en/"
    user = signed_in(client)
    claims = uaepass_provider.users[username]
    assert user.email == claims["email"] and not user.has_usable_password()
    assert user.is_verified_resident is verified
    assert user.verified_by == ("uaepass" if verified else "")
    assert user.mobile == claims["mobile"]
    assert user.uaepass_identity.user_type == claims["userType"]
    if verified:
        assert user.full_name_ar == f"{claims['firstnameAR']} {claims['lastnameAR']}"
        assert user.full_name_en == f"{claims['firstnameEN']} {claims['lastnameEN']}"


def test_the_emirates_id_is_kept_only_as_a_keyed_hash(client, uaepass_provider, settings):
    settings.UAEPASS_IDN_HASH_KEY = "a-test-key-of-the-emirates-id-hash"
    sign_in(client, "verified")
    identity = UaePassIdentity.objects.get()
    idn = uaepass_provider.users["verified"]["idn"]
    assert identity.idn_hash == idn_hash(idn) and idn not in identity.idn_hash
    settings.UAEPASS_IDN_HASH_KEY = "another-key"
    assert idn_hash(idn) != identity.idn_hash  # keyed: not a plain hash anyone could recompute
    with connection.cursor() as cursor:
        for table in ("accounts_user", "accounts_uaepassidentity", "core_auditrecord"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 (fixed table names)
            assert idn not in repr(cursor.fetchall())


def test_verification_is_read_again_at_every_sign_in(client, uaepass_provider):
    sign_in(client, "verified")
    assert signed_in(client).is_verified_resident
    client.post(reverse("accounts:logout"))
    uaepass_provider.users["verified"]["userType"] = "SOP1"  # the UAE PASS account lost its verification
    sign_in(client, "verified")
    user = signed_in(client)
    assert not user.is_verified_resident and user.verified_by == ""
    assert User.objects.count() == 1
    assert (
        AuditRecord.objects.filter(action="account.resident_verification", object_id=str(user.pk)).count()
        == 2
    )


def test_a_staff_verification_is_not_taken_away_by_a_basic_account(client, uaepass_provider):
    person = UserFactory(is_verified_resident=True, verified_by="staff")
    UaePassIdentity.objects.create(user=person, subject=uaepass_provider.users["basic"]["sub"])
    sign_in(client, "basic")
    person.refresh_from_db()
    assert signed_in(client) == person and person.is_verified_resident and person.verified_by == "staff"


def test_one_identity_one_account_by_the_emirates_id(client, uaepass_provider):
    sign_in(client, "verified")
    first = signed_in(client)
    client.post(reverse("accounts:logout"))
    # The same person (same Emirates ID) under another subject and e-mail: the same account.
    uaepass_provider.users["verified"] |= {"sub": "UAEPASS/another-subject", "email": "other@uaepass.test"}
    sign_in(client, "verified")
    assert signed_in(client) == first and User.objects.count() == 1
    assert UaePassIdentity.objects.get().subject == "UAEPASS/another-subject"


def test_an_existing_e_mail_is_not_taken_over_but_offered_to_sign_in_and_link(client, uaepass_provider):
    owner = UserFactory(email="verified.person@uaepass.test", password="An-owner-password-2026")
    response = sign_in(client, "verified")
    assert response.status_code == 409
    body = response.content.decode()
    assert "does not take it over" in body and reverse("accounts:login", urlconf=None) in body
    assert signed_in(client) is None and not UaePassIdentity.objects.exists() and User.objects.count() == 1
    # The owner signs in with the password, then links UAE PASS from the profile.
    client.force_login(owner)
    wrong = client.post("/en/accounts/uaepass/link/", {"password": "not-the-password"})
    assert wrong.status_code == 302 and wrong["Location"].endswith(reverse("accounts:profile"))
    location = start_link(client, "An-owner-password-2026")
    done = callback(client, provider_login(location, "verified"))
    assert done.status_code == 302
    owner.refresh_from_db()
    assert owner.uaepass_identity.subject == uaepass_provider.users["verified"]["sub"]
    assert owner.is_verified_resident and owner.verified_by == "uaepass"
    profile = client.get("/en/accounts/profile/").content.decode()
    assert "Your account is linked to UAE PASS" in profile and "verified by UAE PASS" in profile


def start_link(client, password: str) -> str:
    response = client.post("/en/accounts/uaepass/link/", {"password": password})
    assert response.status_code == 302 and response["Location"].startswith("http://127.0.0.1"), response
    return response["Location"]


def test_an_identity_linked_to_one_account_cannot_be_linked_to_another(client, uaepass_provider, english):
    sign_in(client, "inperson")
    client.post(reverse("accounts:logout"))
    other = UserFactory(password="Another-password-2026")
    client.force_login(other)
    response = callback(client, provider_login(start_link(client, "Another-password-2026"), "inperson"))
    assert response.status_code == 409
    assert "already linked to another Sharik account" in response.content.decode()
    assert not UaePassIdentity.objects.filter(user=other).exists()


def test_unlinking_needs_a_password_first(client, uaepass_provider):
    sign_in(client, "verified")
    user = signed_in(client)
    refused = client.post("/en/accounts/uaepass/unlink/", follow=True)
    assert "Set a password first" in refused.content.decode()
    assert UaePassIdentity.objects.filter(user=user).exists()
    user.set_password("A-new-password-2026")
    user.save()
    client.force_login(user)
    client.post("/en/accounts/uaepass/unlink/")
    user.refresh_from_db()
    assert not UaePassIdentity.objects.filter(user=user).exists()
    assert not user.is_verified_resident  # the verification came from UAE PASS


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        ("tamper", "its signature does not match"),
        ("unknown-kid", "its signature does not match"),
        ("nonce", "was not issued for this sign-in"),
        ("audience", "was not issued for this sign-in"),
        ("expired", "has expired"),
        ("no-id-token", "did not send an identity token"),
    ],
)
def test_a_bad_answer_is_refused_with_a_clear_message_and_no_session(
    client, uaepass_provider, fault, message
):
    uaepass_provider.fault = fault
    response = sign_in(client, "verified")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert signed_in(client) is None
    assert not User.objects.exists() and not UaePassIdentity.objects.exists()


def test_a_refusal_is_in_arabic_for_an_arabic_visitor(client, uaepass_provider):
    uaepass_provider.fault = "expired"
    response = sign_in(client, "verified", path="/accounts/uaepass/login/")
    assert response.status_code == 400 and "انتهت صلاحية" in response.content.decode()


def test_a_replayed_state_is_refused(client, uaepass_provider):
    location = provider_login(start(client, "/en/accounts/uaepass/login/"), "verified")
    assert callback(client, location).status_code == 302
    user = signed_in(client)
    client.post(reverse("accounts:logout"))
    replay = callback(client, location)
    # The signed-out session no longer knows the language the sign-in started in: Arabic, the default.
    assert replay.status_code == 400 and "استُخدم طلب تسجيل الدخول هذا من قبل" in replay.content.decode()
    assert signed_in(client) is None
    assert user is not None


def test_a_state_from_another_browser_is_refused(client, uaepass_provider):
    from django.test import Client

    location = provider_login(start(Client(), "/en/accounts/uaepass/login/"), "verified")
    response = callback(client, location)  # the attacker's code in the victim's browser
    assert response.status_code == 400 and signed_in(client) is None


def test_cancelling_at_uaepass_signs_nobody_in(client, uaepass_provider):
    location = provider_login(start(client, "/en/accounts/uaepass/login/"), "verified", action="cancel")
    response = callback(client, location)
    assert response.status_code == 400 and "cancelled or refused" in response.content.decode()
    assert signed_in(client) is None


def test_a_rotated_signing_key_is_fetched_once(client, uaepass_provider):
    sign_in(client, "basic")
    client.post(reverse("accounts:logout"))
    uaepass_provider.rotate_keys()
    fetches = uaepass_provider.jwks_fetches
    response = sign_in(client, "basic")
    assert response.status_code == 302 and signed_in(client) is not None
    assert uaepass_provider.jwks_fetches == fetches + 1
    client.post(reverse("accounts:logout"))
    sign_in(client, "basic")
    assert uaepass_provider.jwks_fetches == fetches + 1  # kept, not fetched for every sign-in


def test_signing_out_ends_the_uaepass_session_too(client, uaepass_provider):
    sign_in(client, "verified")
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and response["Location"].startswith(uaepass_provider.url + "/logout")
    assert signed_in(client) is None
    query = parse_qs(urlsplit(response["Location"]).query)
    assert (
        query["post_logout_redirect_uri"] == ["http://testserver/en/"]
        and query["id_token_hint"][0].count(".") == 2
    )
    back = httpx.get(response["Location"], follow_redirects=False)
    assert back.status_code == 302 and back.headers["Location"].startswith("http://testserver/en/")
    assert uaepass_provider.logouts[-1]["id_token_hint"] == query["id_token_hint"][0]


def test_a_password_sign_out_does_not_go_to_uaepass(client, uaepass_provider):
    client.force_login(UserFactory())
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and response["Location"] == "/"


@pytest.fixture
def staff_linked(uaepass_provider, settings):
    settings.OTP_REQUIRED_FOR_STAFF = True
    staff = UserFactory(is_staff=True, is_superuser=True, email="staff@sharik.example")
    UaePassIdentity.objects.create(user=staff, subject=uaepass_provider.users["inperson"]["sub"])
    return staff


def test_staff_signing_in_with_uaepass_still_give_their_second_factor(client, staff_linked):
    sign_in(client, "inperson")
    assert signed_in(client) == staff_linked
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and reverse("accounts:otp-setup") in response["Location"]


def test_the_federal_team_may_accept_uaepass_as_the_second_factor(client, staff_linked, settings):
    settings.UAEPASS_STAFF_SECOND_FACTOR = False
    sign_in(client, "inperson")
    assert client.get(reverse("admin:index")).status_code == 200
    client.post(reverse("accounts:logout"))
    client.force_login(staff_linked)  # a password sign-in still needs the code
    assert client.get(reverse("admin:index")).status_code == 302


def test_the_manual_flag_is_the_federal_teams_with_a_reason_audited_and_shown_as_staff(
    client, federal_user, coordinator, english
):
    person = UserFactory()
    url = reverse("admin:accounts_user_verification", args=[person.pk])
    client.force_login(coordinator)
    assert client.post(url, {"is_verified_resident": "on", "reason": "Checked the papers"}).status_code in (
        302,
        403,
    )
    person.refresh_from_db()
    assert not person.is_verified_resident
    client.force_login(federal_user)
    no_reason = client.post(url, {"is_verified_resident": "on", "reason": ""})
    assert no_reason.status_code == 200 and "This field is required" in no_reason.content.decode()
    person.refresh_from_db()
    assert not person.is_verified_resident
    done = client.post(
        url, {"is_verified_resident": "on", "reason": "Residence visa seen at the service centre"}
    )
    assert done.status_code == 302
    person.refresh_from_db()
    assert person.is_verified_resident and person.verified_by == "staff"
    record = AuditRecord.objects.get(action="account.resident_verification", object_id=str(person.pk))
    assert record.actor == federal_user and "service centre" in record.changes["reason"][1]
    client.force_login(person)
    assert "verified by staff" in client.get(reverse("accounts:profile")).content.decode()
