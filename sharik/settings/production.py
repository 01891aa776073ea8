"""Production: what must change there and nowhere else (HTTPS-only cookies, HSTS, hosts)."""

from .base import *  # noqa: F403
from .base import STORAGES, env, mailers_from_url

DEBUG = False
SECRET_KEY = env.str("SECRET_KEY")  # no default: production refuses to start without one
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
MAILERS = mailers_from_url("smtp://localhost:25")  # a real mail server; set EMAIL_URL
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
# Staff need an authenticator code for the admin unless this is explicitly turned off (docs/security.md).
OTP_REQUIRED_FOR_STAFF = env.bool("OTP_REQUIRED_FOR_STAFF", default=True)
