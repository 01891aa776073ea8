"""A real OpenID Connect provider on 127.0.0.1 for the tests, shaped like UAE PASS.

It serves discovery, an authorization endpoint with its own login page, a token endpoint (client
secret, one-time codes, PKCE S256 required), userinfo with UAE PASS's claims (userType, idn,
names in Arabic and English, e-mail, mobile), the JWKS and an end-session endpoint. id_tokens are
RS256 JWTs signed with keys made here (cryptography), independent of the client library under test.

`provider.fault` makes the next tokens misbehave the ways a hostile or broken provider could:
"tamper", "nonce", "expired", "audience", "unknown-kid", "no-id-token". `provider.rotate_keys()`
publishes a new signing key in place of the old one.
"""

import base64
import hashlib
import html
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

CLIENT_ID = "sharik-test"
CLIENT_SECRET = "sharik-test-secret"
PASSWORD = "uaepass-test"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _int(n: int) -> str:
    return b64url(n.to_bytes((n.bit_length() + 7) // 8, "big"))


class SigningKey:
    def __init__(self):
        self.kid = secrets.token_hex(8)
        self.private = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def jwk(self) -> dict:
        numbers = self.private.public_key().public_numbers()
        return {
            "kty": "RSA",
            "kid": self.kid,
            "use": "sig",
            "alg": "RS256",
            "n": _int(numbers.n),
            "e": _int(numbers.e),
        }

    def sign(self, payload: dict) -> str:
        header = b64url(json.dumps({"alg": "RS256", "typ": "JWT", "kid": self.kid}).encode())
        body = b64url(json.dumps(payload).encode())
        signature = self.private.sign(f"{header}.{body}".encode(), padding.PKCS1v15(), hashes.SHA256())
        return f"{header}.{body}.{b64url(signature)}"


def provider_users() -> dict[str, dict]:
    """One test user of each UAE PASS account type (login name -> claims)."""
    return {
        "basic": {
            "sub": "UAEPASS/0b1c0000-0000-4000-8000-000000000001",
            "uuid": "0b1c0000-0000-4000-8000-000000000001",
            "userType": "SOP1",
            "email": "basic.person@uaepass.test",
            "mobile": "971500000001",
            "firstnameEN": "Basma",
            "lastnameEN": "Tester",
        },
        "verified": {
            "sub": "UAEPASS/0b1c0000-0000-4000-8000-000000000002",
            "uuid": "0b1c0000-0000-4000-8000-000000000002",
            "userType": "SOP2",
            "idn": "784199012345672",
            "email": "verified.person@uaepass.test",
            "mobile": "971500000002",
            "firstnameEN": "Mariam",
            "lastnameEN": "Alnuaimi",
            "fullnameEN": "Mariam,,,,Alnuaimi,,",
            "firstnameAR": "مريم",
            "lastnameAR": "النعيمي",
            "fullnameAR": "مريم,,,,النعيمي,,",
            "nationalityEN": "ARE",
            "gender": "Female",
        },
        "inperson": {
            "sub": "UAEPASS/0b1c0000-0000-4000-8000-000000000003",
            "uuid": "0b1c0000-0000-4000-8000-000000000003",
            "userType": "SOP3",
            "idn": "784198512345678",
            "email": "inperson.person@uaepass.test",
            "mobile": "971500000003",
            "firstnameEN": "Khalid",
            "lastnameEN": "Almansoori",
            "fullnameEN": "Khalid,,,,Almansoori,,",
            "firstnameAR": "خالد",
            "lastnameAR": "المنصوري",
            "fullnameAR": "خالد,,,,المنصوري,,",
        },
    }


LOGIN_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>UAE PASS (test)</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><h1>UAE PASS test provider</h1><form method="post" action="/login">
<input type="hidden" name="interaction" value="{interaction}">
<label>UAE PASS user <input name="username" autocomplete="username"></label>
<label>Password <input name="password" type="password"></label>
<button type="submit" name="action" value="login">Log in with UAE PASS</button>
<button type="submit" name="action" value="cancel">Cancel</button></form>{error}</body></html>"""


class Provider:
    def __init__(self):
        self.keys = [SigningKey()]
        self.users = provider_users()
        self.fault: str | None = None
        self.interactions: dict[str, dict] = {}
        self.codes: dict[str, dict] = {}
        self.access_tokens: dict[str, dict] = {}
        self.logouts: list[dict] = []
        self.jwks_fetches = 0
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.discovery_url = self.url + "/.well-known/openid-configuration"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> "Provider":
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def rotate_keys(self) -> None:
        self.keys = [SigningKey()]

    def metadata(self) -> dict:
        return {
            "issuer": self.url,
            "authorization_endpoint": self.url + "/authorize",
            "token_endpoint": self.url + "/token",
            "userinfo_endpoint": self.url + "/userinfo",
            "jwks_uri": self.url + "/jwks",
            "end_session_endpoint": self.url + "/logout",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic"],
            "scopes_supported": ["openid", "urn:uae:digitalid:profile:general"],
        }

    # --- the token -----------------------------------------------------------------------------------
    def id_token(self, grant: dict, access_token: str) -> str:
        now = int(time.time())
        claims = self.users[grant["username"]]
        payload = {
            "iss": self.url,
            "sub": claims["sub"],
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "auth_time": grant["auth_time"],
            "nonce": grant["nonce"],
            "at_hash": b64url(hashlib.sha256(access_token.encode()).digest()[:16]),
            "userType": claims["userType"],
        }
        key = self.keys[0]
        if self.fault == "nonce":
            payload["nonce"] = "not-the-nonce-sharik-sent"
        elif self.fault == "expired":
            payload["iat"], payload["exp"] = now - 7200, now - 3600
        elif self.fault == "audience":
            payload["aud"] = "another-relying-party"
        elif self.fault == "unknown-kid":
            key = SigningKey()  # a key the provider never published
        token = key.sign(payload)
        if self.fault == "tamper":
            header, _body, signature = token.split(".")
            payload["userType"] = "SOP3"
            payload["sub"] = self.users["inperson"]["sub"]
            token = f"{header}.{b64url(json.dumps(payload).encode())}.{signature}"
        return token

    def _handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _send(self, status: int, body: str | dict = "", ctype="application/json", headers=None):
                data = json.dumps(body) if isinstance(body, dict) else body
                raw = data.encode()
                self.send_response(status)
                self.send_header("Content-Type", ctype + "; charset=utf-8")
                self.send_header("Content-Length", str(len(raw)))
                self.send_header("Cache-Control", "no-store")
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(raw)

            def _redirect(self, location: str):
                self.send_response(302)
                self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def _form(self) -> dict[str, str]:
                length = int(self.headers.get("Content-Length") or 0)
                data = parse_qs(self.rfile.read(length).decode())
                return {k: v[0] for k, v in data.items()}

            def do_GET(self):
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/.well-known/openid-configuration":
                    return self._send(200, provider.metadata())
                if url.path == "/jwks":
                    provider.jwks_fetches += 1
                    return self._send(200, {"keys": [k.jwk() for k in provider.keys]})
                if url.path == "/authorize":
                    return self.authorize(query)
                if url.path == "/userinfo":
                    auth = self.headers.get("Authorization", "")
                    grant = provider.access_tokens.get(auth.removeprefix("Bearer ").strip())
                    if grant is None:
                        return self._send(401, {"error": "invalid_token"})
                    return self._send(200, provider.users[grant["username"]])
                if url.path == "/logout":
                    provider.logouts.append(query)
                    back = query.get("post_logout_redirect_uri")
                    if back:
                        sep = "&" if "?" in back else "?"
                        return self._redirect(back + sep + urlencode({"state": query.get("state", "")}))
                    return self._send(200, "<p>Signed out of UAE PASS</p>", "text/html")
                return self._send(404, {"error": "not_found"})

            def authorize(self, query):
                if query.get("client_id") != CLIENT_ID or not query.get("redirect_uri", "").startswith(
                    "http"
                ):
                    return self._send(400, {"error": "invalid_client"})
                if query.get("response_type") != "code" or "openid" not in query.get("scope", "").split():
                    return self._send(400, {"error": "invalid_request"})
                if query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
                    return self._send(400, {"error": "invalid_request", "error_description": "PKCE required"})
                interaction = secrets.token_urlsafe(16)
                provider.interactions[interaction] = query
                return self._send(200, LOGIN_PAGE.format(interaction=interaction, error=""), "text/html")

            def do_POST(self):
                url = urlsplit(self.path)
                form = self._form()
                if url.path == "/login":
                    return self.login(form)
                if url.path == "/token":
                    return self.token(form)
                return self._send(404, {"error": "not_found"})

            def login(self, form):
                query = provider.interactions.get(form.get("interaction", ""))
                if query is None:
                    return self._send(400, {"error": "unknown interaction"})
                back = query["redirect_uri"]
                if form.get("action") == "cancel":
                    provider.interactions.pop(form["interaction"], None)
                    params = {"error": "access_denied", "state": query.get("state", "")}
                    return self._redirect(back + "?" + urlencode(params))
                username = form.get("username", "")
                if username not in provider.users or form.get("password") != PASSWORD:
                    page = LOGIN_PAGE.format(
                        interaction=html.escape(form["interaction"]),
                        error="<p role=alert>Wrong user or password</p>",
                    )
                    return self._send(200, page, "text/html")
                provider.interactions.pop(form["interaction"], None)
                code = secrets.token_urlsafe(24)
                provider.codes[code] = {**query, "username": username, "auth_time": int(time.time())}
                return self._redirect(back + "?" + urlencode({"code": code, "state": query.get("state", "")}))

            def token(self, form):
                auth = self.headers.get("Authorization", "")
                try:
                    client_id, secret = base64.b64decode(auth.removeprefix("Basic ")).decode().split(":", 1)
                except ValueError:
                    return self._send(401, {"error": "invalid_client"})
                if (client_id, secret) != (CLIENT_ID, CLIENT_SECRET):
                    return self._send(401, {"error": "invalid_client"})
                with provider.lock:
                    grant = provider.codes.pop(form.get("code", ""), None)  # one use only
                if grant is None or form.get("grant_type") != "authorization_code":
                    return self._send(400, {"error": "invalid_grant"})
                if form.get("redirect_uri") != grant["redirect_uri"]:
                    return self._send(400, {"error": "invalid_grant", "error_description": "redirect_uri"})
                verifier = form.get("code_verifier", "")
                if b64url(hashlib.sha256(verifier.encode()).digest()) != grant["code_challenge"]:
                    return self._send(400, {"error": "invalid_grant", "error_description": "PKCE"})
                access_token = secrets.token_urlsafe(24)
                provider.access_tokens[access_token] = grant
                body = {
                    "access_token": access_token,
                    "token_type": "Bearer",
                    "expires_in": 300,
                    "scope": grant["scope"],
                }
                if provider.fault != "no-id-token":
                    body["id_token"] = provider.id_token(grant, access_token)
                return self._send(200, body)

        return Handler


if __name__ == "__main__":  # python -m tests.uaepass_provider: a provider for trying `make run` by hand
    p = Provider().start()
    print(
        f"UAEPASS_DISCOVERY_URL={p.discovery_url} UAEPASS_CLIENT_ID={CLIENT_ID} UAEPASS_CLIENT_SECRET={CLIENT_SECRET}"
    )
    print(f"test users: {', '.join(p.users)} (password {PASSWORD})")
    p.thread.join()
