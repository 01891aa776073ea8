"""Defect 13.5: links in e-mail follow the address the site is served on (PORT under `make run`),
or the configured SITE_URL."""

import os
import subprocess
import sys

import pytest
from django.core import mail

from sharik.accounts.services import user_register


def _site_url(**env) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "PORT")}
    clean.update(env, DJANGO_SETTINGS_MODULE="sharik.settings.base")
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SITE_URL)"],
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"PORT": "9000"}, "http://127.0.0.1:9000"),
        ({}, "http://127.0.0.1:8000"),
        ({"PORT": "9000", "SITE_URL": "https://sharik.example.ae/"}, "https://sharik.example.ae"),
    ],
)
def test_the_site_address_follows_the_port_unless_configured(env, expected):
    assert _site_url(**env) == expected


@pytest.mark.django_db
def test_the_activation_mail_links_to_the_site_address(settings):
    settings.SITE_URL = "http://127.0.0.1:9000"
    user_register(email="new@example.org", password="a long enough passphrase 42", display_name="New")
    assert "http://127.0.0.1:9000/accounts/activate/" in mail.outbox[0].body
