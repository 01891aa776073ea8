"""Shared fixtures: a clean cache and a temporary MEDIA_ROOT for every test, and the common people."""

import pytest
from django.core.cache import cache

from tests.factories import ConsultationFactory, EntityFactory, UserFactory
from tests.workers import broker, celery_worker_process  # noqa: F401 - fixtures for every test module


def cache_empty() -> None:
    """Forget every cached value of this test run, and nothing else.

    Local memory: the whole cache. Redis (REDIS_URL set, the production backend): only the keys under
    this run's prefix (sharik/settings/test.py), never a FLUSHDB, which would wipe the portal's keys
    or another run's sharing the database.
    """
    from django.conf import settings
    from django.core.cache.backends.redis import RedisCache

    if not isinstance(cache, RedisCache):
        cache.clear()
        return
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(match=f"{settings.CACHES['default']['KEY_PREFIX']}:*", count=1000))
    if keys:
        client.delete(*keys)


def visits_forget() -> None:
    """Drop the page visits counted in this process and not yet written (a module-level buffer)."""
    from analytics.services import visits

    visits.page_visits_pending_discard()


@pytest.fixture(autouse=True)
def _isolation(settings, tmp_path):
    from django.utils import translation

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            **settings.STORAGES["private"],
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
    }
    cache_empty()
    visits_forget()
    # A request to /en/ leaves English active in the test thread; every test starts in Arabic.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
    cache_empty()
    visits_forget()


@pytest.fixture(scope="session")
def uaepass_provider_server():
    """A real OpenID Connect provider shaped like UAE PASS on 127.0.0.1, for the whole session."""
    from tests.uaepass_provider import Provider

    provider = Provider().start()
    yield provider
    provider.stop()


@pytest.fixture
def uaepass_provider(uaepass_provider_server, settings):
    """The provider, configured as Sharik's UAE PASS, behaving well unless a test says otherwise."""
    from tests.uaepass_provider import CLIENT_ID, CLIENT_SECRET, provider_users

    provider = uaepass_provider_server
    provider.fault = None
    provider.users = provider_users()
    provider.logouts.clear()
    settings.UAEPASS_CLIENT_ID = CLIENT_ID
    settings.UAEPASS_CLIENT_SECRET = CLIENT_SECRET
    settings.UAEPASS_DISCOVERY_URL = provider.discovery_url
    # As sharik/settings/base.py does for a configured UAE PASS: forms may redirect to the provider.
    settings.SECURE_CSP = {**settings.SECURE_CSP, "form-action": ["'self'", provider.url]}
    yield provider
    provider.fault = None


@pytest.fixture
def english():
    """Run a test in English: reverse() gives /en/ URLs and messages come in English.

    Arabic is the default language; tests that read English wording ask for this explicitly.
    """
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def entity(db):
    return EntityFactory()


@pytest.fixture
def other_entity(db):
    return EntityFactory()


@pytest.fixture
def citizen(db):
    return UserFactory()


@pytest.fixture
def coordinator(db, entity):
    from governance.services import entity_coordinator_assign

    user = UserFactory()
    entity_coordinator_assign(entity=entity, user=user)
    return user


@pytest.fixture
def other_coordinator(db, other_entity):
    from governance.services import entity_coordinator_assign

    user = UserFactory()
    entity_coordinator_assign(entity=other_entity, user=user)
    return user


@pytest.fixture
def federal_user(db):
    from governance.models import Role
    from governance.services import role_assign

    user = UserFactory()
    role_assign(user=user, role=Role.FEDERAL_TEAM)
    return user


@pytest.fixture
def open_consultation(db, entity):
    return ConsultationFactory(entity=entity)


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` need PostgreSQL (concurrency, full-text search): skipped on SQLite."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)
