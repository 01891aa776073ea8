"""Sharik settings: everything is read from the environment (django-environ).

With nothing set, Sharik runs on the embedded defaults: SQLite under var/, a local-memory
cache and eager Celery, so `make run` needs nothing installed. DATABASE_URL and REDIS_URL
switch to PostgreSQL, the Redis cache and a real Celery broker.
"""

from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-change-me-in-production-0123456789")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Absolute links in e-mail and feeds. Unset (development), the address `make run` serves on: its PORT.
SITE_URL = env.str("SITE_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}").rstrip("/")

INSTALLED_APPS = [
    "modeltranslation",  # before admin, so translated fields show there
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "guardian",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "sharik.core",
    "sharik.accounts",
    "governance",
    "consultations",
    "opendata",
    "analytics",
]

MIDDLEWARE = [
    "sharik.core.requestid.RequestIdMiddleware",  # X-Request-ID in every log line and Celery job
    "sharik.core.metrics.MetricsMiddleware",  # latency and queries per view for /metrics
    "django.middleware.security.SecurityMiddleware",
    "sharik.core.middleware.LoadSheddingMiddleware",  # 503 + Retry-After on writes when overloaded
    "sharik.core.middleware.DatabaseUnavailableMiddleware",  # 503 when the database is gone
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sharik.core.db_router.ReplicaReadsMiddleware",  # stale-tolerant reads to the replica, if any
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified()
    "sharik.accounts.middleware.StaffSecondFactorMiddleware",  # OTP_REQUIRED_FOR_STAFF: admin needs a code
    "django.contrib.messages.middleware.MessageMiddleware",
    "sharik.core.middleware.NulCharacterMiddleware",  # 400 for a NUL character in a form or query
    "sharik.core.ratelimit.WriteRateLimitMiddleware",  # 429 on too many writes, before any view runs
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "analytics.middleware.PageVisitMiddleware",  # aggregate visit counters, no IP kept
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "sharik.urls"
WSGI_APPLICATION = "sharik.wsgi.application"
ASGI_APPLICATION = "sharik.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sharik.core.context_processors.portal",
            ],
            # `when`, `amount` and `count_of` in every template without a {% load %}.
            "builtins": ["sharik.core.templatetags.sharik_format"],
        },
    },
]

# --- Database: SQLite under var/ unless DATABASE_URL says otherwise -----------------------
(BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'sharik.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
# A PostgreSQL streaming replica for reads that may be a little stale (sharik/core/db_router.py):
# anonymous pages, the lists and searches below, jobs inside stale_reads(). Unset: one database.
DATABASE_REPLICA_URL = env.str("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **env.db_url_config(DATABASE_REPLICA_URL),
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {"connect_timeout": 2},
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["sharik.core.db_router.ReplicaRouter"]
REPLICA_MAX_LAG_SECONDS = env.float("REPLICA_MAX_LAG_SECONDS", default=10.0)
REPLICA_CHECK_SECONDS = env.float("REPLICA_CHECK_SECONDS", default=2.0)
# After a write, the person's reads stay on the primary this long (longer than the lag allowed).
READ_YOUR_WRITES_SECONDS = env.int("READ_YOUR_WRITES_SECONDS", default=30)
# Views a signed-in person may read from the replica too (anonymous visitors' pages always may).
REPLICA_READ_VIEWS = [
    "consultations:list",
    "archive:index",
    "archive:entity",
    "api:consultation-list",
    "api:archive-summary",
    "opendata:catalogue",
    "opendata-api:dataset-list",
    "ckan-action",
    "analytics:dashboard",
]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and Celery: local memory and eager unless REDIS_URL is set ---------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "sharik.core.cache.ReusingRedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "sharik"}}

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_TIMEZONE = "Asia/Dubai"
CELERY_TASK_ROUTES = {
    "analytics.*": {"queue": "heavy"},
    "consultations.archive_export_nightly": {"queue": "heavy"},
}
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_QUEUES_MEASURED = ["default", "heavy"]  # their lengths on /metrics
# Workers log through Django's LOGGING (the same format, with the request id), not Celery's own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Periodic jobs, each with an explicit name; the apps add theirs below.
CELERY_BEAT_SCHEDULE: dict = {}
# governance: KPI values every night, toolkit review reminders every morning.
CELERY_BEAT_SCHEDULE.update(
    {
        "governance-kpi-values-compute": {
            "task": "governance.kpi_values_compute",
            "schedule": crontab(hour=2, minute=30),
        },
        "governance-toolkit-reviews-remind": {
            "task": "governance.toolkit_reviews_remind",
            "schedule": crontab(hour=8, minute=0),
        },
        # The advisory service's reminders and escalations, every hour (each notice is sent once).
        "governance-advisory-reminders-send": {
            "task": "governance.advisory_reminders_send",
            "schedule": crontab(minute=10),
        },
        # Workshops: the reminder the day before, the satisfaction form after (each notice sent once).
        "governance-workshop-notices-send": {
            "task": "governance.workshop_notices_send",
            "schedule": crontab(minute=25),
        },
        # Remind the coordinators of entities that have not rated the programme's support in an open
        # period, every morning (one reminder per entity and period).
        "governance-support-rating-reminders-send": {
            "task": "governance.support_rating_reminders_send",
            "schedule": crontab(hour=9, minute=15),
        },
        # The committee's overdue follow-up actions and agreements due for review, every morning (once each).
        "governance-followup-reminders-send": {
            "task": "governance.followup_reminders_send",
            "schedule": crontab(hour=7, minute=40),
        },
        "governance-agreement-review-reminders-send": {
            "task": "governance.agreement_review_reminders_send",
            "schedule": crontab(hour=7, minute=45),
        },
        # The network's weekly digest of last week's replies (Mondays; once per member and week).
        "governance-thread-digests-send": {
            "task": "governance.thread_digests_send",
            "schedule": crontab(day_of_week="mon", hour=6, minute=30),
        },
    }
)
NEWSLETTER_BATCH_SIZE = env.int("NEWSLETTER_BATCH_SIZE", default=200)
# consultations (lifecycle): close consultations whose deadline has passed, every five minutes.
CELERY_BEAT_SCHEDULE["consultations-close-due"] = {"task": "consultations.close_due", "schedule": 300.0}

# opendata: quality jobs, harvest, and the portal's own datasets
from celery.schedules import crontab  # noqa: E402

CELERY_BEAT_SCHEDULE |= {
    "opendata-link-check": {"task": "opendata.link_check_all", "schedule": crontab(minute=15, hour="*/6")},
    "opendata-staleness": {"task": "opendata.staleness_check_all", "schedule": crontab(minute=30, hour=2)},
    "opendata-harvest": {"task": "opendata.harvest_all", "schedule": crontab(minute=0, hour=3)},
    "opendata-portal-datasets": {
        "task": "opendata.publish_portal_datasets",
        "schedule": crontab(minute=0, hour=4),
    },
    # datastore tables left by a dataset deleted with its resources, or by a load that died
    "opendata-datastore-sweep": {"task": "opendata.datastore_sweep", "schedule": crontab(minute=40)},
}
# The entity (slug) that publishes the portal's own datasets; created by the nightly job if missing.
OPENDATA_PORTAL_PUBLISHER = env.str("OPENDATA_PORTAL_PUBLISHER", default="sharik")
# The link checker and the harvester refuse private and loopback addresses (SSRF) unless this is set.
OPENDATA_FETCH_PRIVATE_HOSTS = env.bool("OPENDATA_FETCH_PRIVATE_HOSTS", default=False)

# consultations (central archive): harvest the entities' feeds that are due; publish the archive nightly.
CELERY_BEAT_SCHEDULE |= {
    "consultations-harvest-due": {"task": "consultations.harvest_due", "schedule": 5 * 60},
    "consultations-archive-export-nightly": {
        "task": "consultations.archive_export_nightly",
        "schedule": crontab(hour=2, minute=30),
    },
}
# consultations (engagement instruments): recompute the opinion maps every ten minutes.
CELERY_BEAT_SCHEDULE |= {
    "consultations-opinion-maps-compute": {"task": "consultations.opinion_maps_compute", "schedule": 10 * 60},
}
# consultations (reach, issue 15): followers of consultations about to close, and the digests.
CELERY_BEAT_SCHEDULE |= {
    "consultations-follow-closing-soon": {
        "task": "consultations.follow_closing_soon",
        "schedule": crontab(minute=20),
    },
    "consultations-follow-digests": {
        "task": "consultations.follow_digests_send",
        "schedule": crontab(minute=5),
    },
}
FOLLOW_CLOSING_SOON_HOURS = env.int("FOLLOW_CLOSING_SOON_HOURS", default=48)
# Feeds on private or loopback addresses are refused unless this is set (development, tests).
HARVEST_ALLOW_PRIVATE_HOSTS = env.bool("HARVEST_ALLOW_PRIVATE_HOSTS", default=False)

# analytics: the EPI and the stage indicators every night, after the KPIs (heavy queue).
CELERY_BEAT_SCHEDULE |= {
    "analytics-indices-compute": {
        "task": "analytics.indices_compute",
        "schedule": crontab(hour=3, minute=30),
    },
}

# --- Authentication ------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "sharik.accounts.login_delay.LoginDelayBackend",  # slows, never locks, a name failed from many places
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out login before the others look
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
    "sharik.core.permissions.EntityScopedBackend",
]
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user row; anonymous visitors have no grants
GUARDIAN_RAISE_403 = False
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes: five failures lock the client address, and the (username, address) pair, for an hour.
# A name alone is never locked (anyone could lock anyone out): failures for one name from many
# addresses only slow its sign-in down (sharik.accounts.login_delay).
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = ["ip_address", ["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "sharik.core.client_address.client_ip_for_axes"
AXES_USERNAME_FORM_FIELD = "username"
LOGIN_DELAY_STEP = env.float("LOGIN_DELAY_STEP", default=0.5)  # seconds per failure past the limit
LOGIN_DELAY_MAX = env.float("LOGIN_DELAY_MAX", default=3.0)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# A second factor (TOTP, django-otp) for staff: when True, the admin asks for an authenticator code
# once per session (enrolment on first visit). Off by default for `make run`; turn it on in production.
OTP_REQUIRED_FOR_STAFF = env.bool("OTP_REQUIRED_FOR_STAFF", default=False)
OTP_TOTP_ISSUER = "Sharik"
# Sign in with UAE PASS (OpenID Connect; docs/identity.md). Off while UAEPASS_CLIENT_ID is empty.
UAEPASS_CLIENT_ID = env.str("UAEPASS_CLIENT_ID", default="")
UAEPASS_CLIENT_SECRET = env.str("UAEPASS_CLIENT_SECRET", default="")
UAEPASS_DISCOVERY_URL = env.str("UAEPASS_DISCOVERY_URL", default="")  # .../.well-known/openid-configuration
UAEPASS_SCOPE = env.str("UAEPASS_SCOPE", default="openid urn:uae:digitalid:profile:general")
UAEPASS_ACR_VALUES = env.str(
    "UAEPASS_ACR_VALUES", default="urn:safelayer:tws:policies:authentication:level:low"
)
UAEPASS_TIMEOUT = env.float("UAEPASS_TIMEOUT", default=10.0)  # seconds per request to UAE PASS
# The key of the Emirates ID hash (HMAC-SHA256). Set it once and never change it: every stored hash
# depends on it. Empty: derived from SECRET_KEY (development only).
UAEPASS_IDN_HASH_KEY = env.str("UAEPASS_IDN_HASH_KEY", default="")
# Staff signing in with UAE PASS still give their second factor (OTP_REQUIRED_FOR_STAFF) unless False.
UAEPASS_STAFF_SECOND_FACTOR = env.bool("UAEPASS_STAFF_SECOND_FACTOR", default=True)
# The personal-data export link: signed, for the same signed-in person, usable once, valid this long (s).
DATA_EXPORT_LINK_MAX_AGE = env.int(
    "DATA_EXPORT_LINK_MAX_AGE", default=15 * 60
)  # keep no log of personal data for failures

# Rate limits on every web write (sharik/core/ratelimit.py): per signed-in user, per IP otherwise.
# "N/period" with period s, m, h or d (optionally a multiple: "10/5m"). The API has its own throttles.
RATELIMIT_ENABLED = env.bool("RATELIMIT_ENABLED", default=True)
RATELIMIT_WRITES = env.str("RATELIMIT_WRITES", default="30/m")
# The CKAN Action API (reads and writes alike, per person or address; opendata/ckan.py)
RATELIMIT_CKAN = env.str("RATELIMIT_CKAN", default="600/m")
# Sign-up, password reset and newsletter subscription: mail goes out, so a tighter rate per sender.
RATELIMIT_ACCOUNT_WRITES = env.str("RATELIMIT_ACCOUNT_WRITES", default="10/10m")
# The reverse proxies we run (addresses or networks, comma-separated). Only a request arriving from one
# of them has its X-Forwarded-For read (from the right, skipping these proxies) to find the client's
# address; sharik.core.client_address.client_ip serves axes, the rate limits and the anonymous caps.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES", default=[])
# Contributions without an account, per client address and hour (a new browser session is free).
ANONYMOUS_VOTES_PER_HOUR = env.int("ANONYMOUS_VOTES_PER_HOUR", default=30)
ANONYMOUS_SURVEY_RESPONSES_PER_HOUR = env.int("ANONYMOUS_SURVEY_RESPONSES_PER_HOUR", default=10)

# --- Internationalisation: Arabic first, right to left ---------------------------------------
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("en", _("English"))]
RTL_LANGUAGES = {"ar", "fa", "he", "ur"}
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Dubai"
# One date and number style per language (sharik/formats): "3 ديسمبر 2026", never "12/03/2026".
FORMAT_MODULE_PATH = ["sharik.formats"]
USE_I18N = True
USE_TZ = True
MODELTRANSLATION_DEFAULT_LANGUAGE = "ar"
MODELTRANSLATION_LANGUAGES = ("ar", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("ar", "en")}

# --- Static and media ------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
WHITENOISE_USE_FINDERS = True  # serve from the app folders too, before or without collectstatic
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
# Files nobody may fetch by address (unpublished consultations' documents, case attachments): outside MEDIA_ROOT, so the
# reverse proxy never serves them; reached through signed links (sharik/core/private_files.py).
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "private")))
PRIVATE_FILE_LINK_MAX_AGE = env.int("PRIVATE_FILE_LINK_MAX_AGE", default=300)  # seconds a signed link works
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# S3-compatible object storage (AWS, MinIO, Ceph...) through django-storages when S3_BUCKET is set: every
# uploaded and generated file goes to the bucket, public ones under media/, private ones under private/.
# Both are reached by presigned URLs (the bucket stays private) unless S3_MEDIA_PUBLIC says the media/
# prefix is public-read (a bucket policy or a CDN at S3_CUSTOM_DOMAIN), which makes public URLs plain.


def s3_storages(
    *,
    bucket: str,
    endpoint_url: str | None = None,
    region: str | None = None,
    access_key: str | None = None,
    secret_key: str | None = None,
    addressing_style: str = "path",
    media_public: bool = False,
    custom_domain: str | None = None,
    presigned_max_age: int = 60,
) -> dict:
    """The "default" and "private" storages on one S3-compatible bucket (also used by the tests)."""
    common = {
        "bucket_name": bucket,
        "endpoint_url": endpoint_url or None,
        "region_name": region or None,
        "access_key": access_key or None,
        "secret_key": secret_key or None,
        "addressing_style": addressing_style,
        "signature_version": "s3v4",
        "file_overwrite": False,
        "default_acl": None,
    }
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "location": "media",
                "querystring_auth": not media_public,
                "querystring_expire": 6 * 3600,  # outlives the cached pages that carry these addresses
                "custom_domain": (custom_domain or None) if media_public else None,
            },
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **common,
                "location": "private",
                "querystring_auth": True,
                "querystring_expire": presigned_max_age,
            },
        },
    }


S3_BUCKET = env.str("S3_BUCKET", default="")
if S3_BUCKET:
    STORAGES |= s3_storages(
        bucket=S3_BUCKET,
        endpoint_url=env.str("S3_ENDPOINT_URL", default=""),
        region=env.str("S3_REGION", default=""),
        access_key=env.str("S3_ACCESS_KEY_ID", default=""),
        secret_key=env.str("S3_SECRET_ACCESS_KEY", default=""),
        addressing_style=env.str("S3_ADDRESSING_STYLE", default="path"),
        media_public=env.bool("S3_MEDIA_PUBLIC", default=False),
        custom_domain=env.str("S3_CUSTOM_DOMAIN", default=""),
        presigned_max_age=env.int("S3_PRESIGNED_URL_MAX_AGE", default=60),
    )
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
MAX_IMAGE_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_DOCUMENT_UPLOAD_BYTES = 20 * 1024 * 1024

# --- E-mail: the console in development; EMAIL_URL (smtp://user:pass@host:587/?tls=True) in production
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Sharik <no-reply@sharik.gov.example>")
# Where the accessibility statement (/legal/accessibility/) asks people to report a barrier.
ACCESSIBILITY_CONTACT_EMAIL = env.str(
    "ACCESSIBILITY_CONTACT_EMAIL", default="accessibility@sharik.gov.example"
)
_EMAIL_OPTIONS = {
    "EMAIL_HOST": "host",
    "EMAIL_PORT": "port",
    "EMAIL_HOST_USER": "username",
    "EMAIL_HOST_PASSWORD": "password",
    "EMAIL_USE_TLS": "use_tls",
    "EMAIL_USE_SSL": "use_ssl",
    "EMAIL_TIMEOUT": "timeout",
}


def mailers_from_url(default: str) -> dict:
    """MAILERS (Django 6.1) from EMAIL_URL, e.g. smtp+tls://user:password@smtp.example:587."""
    email = env.email_url("EMAIL_URL", default=default)
    options = {
        option: email[name] for name, option in _EMAIL_OPTIONS.items() if email.get(name) not in (None, "")
    }
    return {"default": {"BACKEND": email["EMAIL_BACKEND"], "OPTIONS": options}}


MAILERS = mailers_from_url("consolemail://")

# --- Django REST Framework and the OpenAPI schema -----------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "sharik.core.parsers.SafeJSONParser",  # 400 for deep nesting or NUL, not a 500
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "sharik.core.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "EXCEPTION_HANDLER": "sharik.core.api.exception_handler",
    "DEFAULT_THROTTLE_RATES": {"anon": "600/minute", "user": "1200/minute", "entity_key": "600/minute"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Sharik API",
    "DESCRIPTION": "The central e-participation archive: entities push and read consultations.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Load shedding (sharik.core.middleware.LoadSheddingMiddleware, docs/performance.md) -------
# A write that waited longer than this in gunicorn's queue is refused with 503 + Retry-After (0: off).
SHED_MAX_QUEUE_MS = env.int("SHED_MAX_QUEUE_MS", default=500)
# Writes handled at once by one process beyond which the next is refused (0 refuses every write).
SHED_MAX_INFLIGHT_WRITES = env.int("SHED_MAX_INFLIGHT_WRITES", default=32)
SHED_RETRY_AFTER_SECONDS = env.int("SHED_RETRY_AFTER_SECONDS", default=5)

# Page visits are added up in each process and written at most this often (analytics.services.visits).
VISITS_FLUSH_SECONDS = env.float("VISITS_FLUSH_SECONDS", default=10.0)

# --- Security defaults that hold everywhere (production.py adds HTTPS-only settings) ---------
SESSION_COOKIE_HTTPONLY = True
# Sessions read from the cache (Redis when REDIS_URL is set) and written through to the database:
# no session query on a logged-in request, and nothing lost when the cache is flushed. Logout and
# password changes go through Django's session API, which clears both.
SESSION_ENGINE = env.str("SESSION_ENGINE", default="django.contrib.sessions.backends.cached_db")
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content Security Policy (Django's own): everything from this server, no inline scripts or styles.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
if UAEPASS_DISCOVERY_URL:
    # Signing out and linking are forms whose answer redirects to UAE PASS: allow its origin there.
    _uaepass = urlsplit(UAEPASS_DISCOVERY_URL)
    SECURE_CSP["form-action"].append(f"{_uaepass.scheme}://{_uaepass.netloc}")

# Reference endpoints for `make bench` (bench/); never on in production.
BENCHMARK_ENDPOINTS = env.bool("SHARIK_BENCH", default=False)

# Comments may be edited by their author for this long after posting.
COMMENT_EDIT_WINDOW_MINUTES = 15
# Citizens set the agenda (issue 14): an answer overdue by this many more working days after the
# coordination team was told goes on to the oversight committee.
PROPOSAL_OVERSIGHT_AFTER_WORKING_DAYS = env.int("PROPOSAL_OVERSIGHT_AFTER_WORKING_DAYS", default=10)
# Moderation tools (issue 14): hold a new account's first comment, idea, debate or proposal for review.
MODERATION_HOLD_FIRST_CONTRIBUTION = env.bool("MODERATION_HOLD_FIRST_CONTRIBUTION", default=False)
CELERY_BEAT_SCHEDULE |= {
    "consultations-proposals-close-due": {"task": "consultations.proposals_close_due", "schedule": 15 * 60},
    "consultations-proposal-thresholds-check": {
        "task": "consultations.proposal_thresholds_check_all",
        "schedule": 15 * 60,
    },
    "consultations-proposal-answers-escalate": {
        "task": "consultations.proposal_answers_escalate",
        "schedule": crontab(minute=10),
    },
}
# Suggestions and complaints: reminders, escalation and closing of answered cases, once per step.
CELERY_BEAT_SCHEDULE["consultations-cases-service-levels"] = {
    "task": "consultations.cases_service_levels_check",
    "schedule": crontab(minute=20),
}
COMMENTS_PER_PAGE = 20

# --- Metrics, logs, errors (docs/operations.md) -----------------------------------------------------
# /metrics (Prometheus) answers only these networks; the bundled nginx refuses it from outside too.
METRICS_ENABLED = env.bool("METRICS_ENABLED", default=True)
METRICS_ALLOWED_NETWORKS = env.list("METRICS_ALLOWED_NETWORKS", default=["127.0.0.1/32", "::1/128"])
# A Celery worker serves its task metrics on this port when set (0: off).
CELERY_METRICS_PORT = env.int("CELERY_METRICS_PORT", default=0)
CELERY_METRICS_ADDRESS = env.str("CELERY_METRICS_ADDRESS", default="127.0.0.1")
# "json" (one JSON object a line, for a log collector) or "plain"; both carry the request id.
LOG_FORMAT = env.str("LOG_FORMAT", default="plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "sharik.core.requestid.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
# Error reports to Sentry (or a compatible service) only when a DSN is given; no personal data.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from sharik.core.sentry import sentry_init

    sentry_init(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
