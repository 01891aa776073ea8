"""Walk a sign-in through the real test provider: Sharik's test client on one side, HTTP on the other."""

import re
from urllib.parse import parse_qs, urlsplit

import httpx

from tests.uaepass_provider import PASSWORD


def provider_login(authorize_url: str, username: str, *, action: str = "login") -> str:
    """Open the provider's login page, sign in there, and return the callback address it sends back."""
    with httpx.Client(timeout=10) as http:
        page = http.get(authorize_url)
        assert page.status_code == 200, page.text
        interaction = re.search(r'name="interaction" value="([^"]+)"', page.text).group(1)
        base = f"{urlsplit(authorize_url).scheme}://{urlsplit(authorize_url).netloc}"
        answer = http.post(
            base + "/login",
            data={"interaction": interaction, "username": username, "password": PASSWORD, "action": action},
        )
        assert answer.status_code == 302, answer.text
        return answer.headers["Location"]


def start(client, path: str):
    response = client.get(path)
    assert response.status_code == 302, response.content[:500]
    return response["Location"]


def callback(client, location: str):
    parts = urlsplit(location)
    return client.get(parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()})


def sign_in(client, username: str, *, path: str = "/en/accounts/uaepass/login/"):
    """Start at Sharik, sign in at the provider, come back: Sharik's answer to the callback."""
    return callback(client, provider_login(start(client, path), username))
