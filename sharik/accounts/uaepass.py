"""The UAE PASS OpenID Connect client (Authlib's Django client).

Authorization code flow with PKCE (S256), `state` and `nonce`; the id_token's signature is checked
against the provider's published keys (JWKS, fetched again once when a token names an unknown key:
key rotation), and its issuer, audience, expiry and nonce are checked. Client id, secret and the
discovery address come from the environment (settings.UAEPASS_*); with no client id the feature is
off and the "Sign in with UAE PASS" button is not shown.

The provider's address is configuration, not something a visitor types, so these requests do not go
through opendata.netguard (which refuses private addresses on purpose).
"""

import threading
from dataclasses import dataclass

from authlib.integrations.base_client.errors import MismatchingStateError, OAuthError
from authlib.integrations.django_client import OAuth
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from joserfc.errors import (
    BadSignatureError,
    ExpiredTokenError,
    InvalidClaimError,
    InvalidKeyIdError,
    JoseError,
    MissingClaimError,
)
from requests import RequestException

_clients: dict[tuple, object] = {}
_lock = threading.Lock()


def configured() -> bool:
    return bool(settings.UAEPASS_CLIENT_ID and settings.UAEPASS_DISCOVERY_URL)


def client():
    """One client per configuration and process: it keeps the discovery document and the JWKS."""
    key = (
        settings.UAEPASS_CLIENT_ID,
        settings.UAEPASS_CLIENT_SECRET,
        settings.UAEPASS_DISCOVERY_URL,
        settings.UAEPASS_SCOPE,
    )
    with _lock:
        found = _clients.get(key)
        if found is None:
            oauth = OAuth()
            oauth.register(
                name="uaepass",
                client_id=settings.UAEPASS_CLIENT_ID,
                client_secret=settings.UAEPASS_CLIENT_SECRET,
                server_metadata_url=settings.UAEPASS_DISCOVERY_URL,
                client_kwargs={
                    "scope": settings.UAEPASS_SCOPE,
                    "code_challenge_method": "S256",
                    "token_endpoint_auth_method": "client_secret_basic",
                    "default_timeout": settings.UAEPASS_TIMEOUT,
                },
            )
            found = _clients[key] = oauth.create_client("uaepass")
        return found


@dataclass
class SignInRefused(Exception):
    """Why a UAE PASS answer is not accepted: `reason` is one of REFUSALS' keys."""

    reason: str

    def __str__(self) -> str:
        return self.reason


REFUSALS = {
    "state": _("This UAE PASS sign-in was already used or has expired. Please start again."),
    "expired": _("UAE PASS's answer has expired. Please sign in again."),
    "signature": _(
        "UAE PASS's answer could not be verified: its signature does not match. You are not signed in."
    ),
    "claims": _("UAE PASS's answer was not issued for this sign-in. You are not signed in."),
    "no-id-token": _("UAE PASS did not send an identity token. You are not signed in."),
    "cancelled": _("The sign-in with UAE PASS was cancelled or refused."),
    "unreachable": _("UAE PASS cannot be reached at the moment. Please try again in a few minutes."),
}


def authorize_redirect(request, redirect_uri: str):
    lang = (getattr(request, "LANGUAGE_CODE", "") or "ar")[:2]
    extra = {"ui_locales": lang}
    if settings.UAEPASS_ACR_VALUES:
        extra["acr_values"] = settings.UAEPASS_ACR_VALUES
    try:
        return client().authorize_redirect(request, redirect_uri, **extra)
    except (RequestException, ValueError) as exc:
        raise SignInRefused("unreachable") from exc


def authorize_callback(request) -> tuple[dict, str]:
    """The verified claims (id_token, completed by the userinfo endpoint) and the raw id_token.

    Raises SignInRefused with a reason; nothing is signed in then."""
    oidc = client()
    try:
        token = oidc.authorize_access_token(request)
        if "id_token" not in token or not token.get("userinfo"):
            raise SignInRefused("no-id-token")
        claims = dict(token["userinfo"])
        if oidc.load_server_metadata().get("userinfo_endpoint"):
            extra = dict(oidc.userinfo(token=token))
            if extra.get("sub") != claims.get("sub"):
                raise SignInRefused("claims")
            claims = {**extra, **claims}
    except MismatchingStateError as exc:
        raise SignInRefused("state") from exc
    except OAuthError as exc:
        raise SignInRefused("cancelled") from exc
    except ExpiredTokenError as exc:
        raise SignInRefused("expired") from exc
    except (BadSignatureError, InvalidKeyIdError) as exc:
        raise SignInRefused("signature") from exc
    except (InvalidClaimError, MissingClaimError) as exc:
        raise SignInRefused("claims") from exc
    except JoseError as exc:  # a malformed token
        raise SignInRefused("signature") from exc
    except RequestException as exc:
        raise SignInRefused("unreachable") from exc
    return claims, token["id_token"]


def end_session_url(*, id_token: str, post_logout_redirect_uri: str) -> str | None:
    """The provider's end_session_endpoint address for RP-initiated logout, or None."""
    try:
        oidc = client()
        if not oidc.load_server_metadata().get("end_session_endpoint"):
            return None
        return oidc.create_logout_url(
            post_logout_redirect_uri=post_logout_redirect_uri,
            id_token_hint=id_token,
            client_id=settings.UAEPASS_CLIENT_ID,
        )["url"]
    except (RequestException, ValueError):
        return None
