"""Hostile input on the paths that take it: open redirects through `next=`, user enumeration on password
reset, and arbitrary lookups through the API's filter and ordering parameters."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD, ConsultationFactory, UserFactory

pytestmark = pytest.mark.django_db

EVIL = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "https:evil.example",
    "\\\\evil.example",
]


@pytest.mark.parametrize("target", EVIL)
def test_login_never_redirects_off_site(client, target):
    user = UserFactory()
    response = client.post(
        reverse("accounts:login") + f"?next={target}", {"username": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_login_follows_a_local_next(client):
    user = UserFactory()
    local = reverse("accounts:notifications")
    response = client.post(
        reverse("accounts:login") + f"?next={local}", {"username": user.email, "password": PASSWORD}
    )
    assert response["Location"] == local


@pytest.mark.parametrize("target", EVIL)
def test_language_switch_never_redirects_off_site(client, target):
    response = client.post(reverse("set_language"), {"language": "en", "next": target})
    assert "evil.example" not in response.get("Location", "")


@pytest.mark.parametrize("target", EVIL)
def test_logout_never_redirects_off_site(client, target):
    client.force_login(UserFactory())
    response = client.post(reverse("accounts:logout") + f"?next={target}")
    assert "evil.example" not in response.get("Location", "")


def test_password_reset_does_not_tell_who_has_an_account(client):
    UserFactory(email="known@example.org")
    known = client.post(reverse("accounts:password-reset"), {"email": "known@example.org"})
    unknown = client.post(reverse("accounts:password-reset"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code
    assert known.get("Location") == unknown.get("Location")
    assert known.content == unknown.content
    assert [m.to for m in mail.outbox] == [["known@example.org"]]  # only the owner learns anything


@pytest.mark.parametrize(
    "query",
    [
        "ordering=author__password",
        "ordering=entity__coordinators__password",
        "ordering=-entity__coordinators__email",
    ],
)
def test_archive_api_ignores_ordering_outside_the_allow_list(client, entity, query):
    ConsultationFactory(entity=entity)
    ConsultationFactory(entity=entity)
    plain = client.get("/api/v1/consultations/")
    hostile = client.get(f"/api/v1/consultations/?{query}")
    assert hostile.status_code in (200, 400)
    if hostile.status_code == 200:
        assert [r["id"] for r in hostile.json()["results"]] == [r["id"] for r in plain.json()["results"]]


def test_archive_api_ignores_lookups_that_are_not_filters(client, entity, coordinator):
    ConsultationFactory(entity=entity)
    # A lookup through relations would let anyone test guesses about a coordinator's e-mail address.
    right = client.get(f"/api/v1/consultations/?entity__coordinators__email={coordinator.email}")
    wrong = client.get("/api/v1/consultations/?entity__coordinators__email=nobody@example.org")
    assert right.status_code == wrong.status_code
    assert right.json()["count"] == wrong.json()["count"]


def test_dataset_api_ignores_ordering_outside_the_allow_list(client):
    plain = client.get("/api/v1/datasets/")
    hostile = client.get("/api/v1/datasets/?ordering=entity__coordinators__password")
    assert hostile.status_code in (200, 400)
    if hostile.status_code == 200:
        assert hostile.json() == plain.json()
    wrong = client.get("/api/v1/datasets/?entity__coordinators__email__startswith=a")
    assert wrong.status_code in (200, 400)
    if wrong.status_code == 200:
        assert wrong.json() == plain.json()


def test_no_template_carries_inline_script_or_style():
    """The CSP forbids inline script and style: a template that has one breaks in the browser.

    E-mail templates and the PDF's (WeasyPrint renders them, never a browser) are exempt."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    inline = re.compile(
        r"""<style[\s>]|\sstyle\s*=|<script(?![^>]*\ssrc=)[^>]*>|\son[a-z]+\s*=\s*["']""", re.I
    )
    offenders = []
    for path in root.glob("**/templates/**/*.html"):
        if {".venv", "node_modules", "email"} & set(path.parts) or path.stem.endswith("_pdf"):
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if inline.search(line) and "json_script" not in line:
                offenders.append(f"{path.relative_to(root)}:{number}: {line.strip()[:120]}")
    assert offenders == []
