"""Activation links (issue 19 item 11): their own tokens, never reviving a deactivated account, and
no login CSRF (a link opened in another browser activates but does not sign that browser in)."""

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from sharik.accounts.models import User
from sharik.accounts.services import activation_token_generator
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _activate_path(user, token):
    return reverse("accounts:activate", args=[urlsafe_base64_encode(force_bytes(user.pk)), token])


def test_a_password_reset_token_does_not_activate(client):
    user = UserFactory(is_active=False)
    response = client.get(_activate_path(user, default_token_generator.make_token(user)))
    assert response.status_code == 400
    user.refresh_from_db()
    assert not user.is_active
    assert client.get(reverse("accounts:profile")).status_code == 302  # not signed in


def test_activation_never_revives_a_deactivated_account(client):
    banned = UserFactory(last_login=timezone.now())
    banned.is_active = False  # deactivated by staff after having used the account
    banned.save()
    for token in (activation_token_generator.make_token(banned), default_token_generator.make_token(banned)):
        assert client.get(_activate_path(banned, token)).status_code == 400
    banned.refresh_from_db()
    assert not banned.is_active
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_an_activation_link_opened_in_another_browser_does_not_sign_it_in(client):
    client.post(
        reverse("accounts:register"),
        {
            "email": "attacker@example.org",
            "display_name": "A",
            "password1": "Tall-Palm-Trees-2026",
            "password2": "Tall-Palm-Trees-2026",
            "accept_terms": "on",
        },
    )
    url = re.search(r"http://[^\s]+/accounts/activate/[^\s]+/", mail.outbox[-1].body).group(0)
    link = url.split("8000", 1)[-1]
    victim = Client()
    response = victim.get(link)
    assert response.status_code == 302 and response.url.endswith(reverse("accounts:login"))
    assert User.objects.get(email="attacker@example.org").is_active
    assert victim.get(reverse("accounts:profile")).status_code == 302  # the victim is not signed in as them
    # A second use of the link is refused: the token died with the activation.
    assert client.get(link).status_code == 400
