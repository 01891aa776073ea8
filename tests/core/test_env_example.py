"""The production set as a deployer meets it: .env.example names every variable, compose uses it.

A variable the settings read but .env.example does not list is one a deployer never hears of; one
.env.example lists but nothing reads is a setting that does nothing.
"""

import re
from pathlib import Path

import yaml
from django.conf import settings

BASE = Path(settings.BASE_DIR)
# Read only in development or by the benchmark harness; production never sets them.
NOT_FOR_PRODUCTION = {"SHARIK_BENCH"}
# Read by docker-compose.yml or its services, not by Django.
COMPOSE_ONLY = {"POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB", "SHARIK_SERVER_NAME", "COMPOSE_SUBNET"}
COMPOSE_ONLY |= {"PROXY_ADDRESS", "BACKUP_KEEP_DAYS"}


def variables_read() -> set[str]:
    names = set()
    for path in [
        *BASE.glob("sharik/settings/*.py"),
        BASE / "gunicorn.conf.py",
        BASE / "sharik/core/gunicorn.py",
    ]:
        text = path.read_text()
        names |= set(re.findall(r'env\.\w+\(\s*"([A-Z][A-Z0-9_]+)"', text))
        names |= set(re.findall(r'os\.environ\.get\(\s*"([A-Z][A-Z0-9_]+)"', text))
    return names - NOT_FOR_PRODUCTION


def variables_listed() -> set[str]:
    return set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", (BASE / ".env.example").read_text(), re.MULTILINE))


def test_every_variable_the_settings_read_is_in_env_example():
    read = variables_read()
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "EMAIL_URL"} <= read
    assert read - variables_listed() == set()


def test_env_example_lists_nothing_that_nothing_reads():
    compose = (BASE / "docker-compose.yml").read_text()
    stale = variables_listed() - variables_read() - COMPOSE_ONLY
    assert stale == set()
    assert all(name in compose for name in COMPOSE_ONLY)


def test_compose_reads_env_and_runs_migrations_once_before_the_rest():
    compose = yaml.safe_load((BASE / "docker-compose.yml").read_text())
    services = compose["services"]
    sharik_services = [name for name, s in services.items() if s.get("image") == "sharik:latest"]
    assert {"migrate", "web", "worker", "beat"} <= set(sharik_services)
    for name in sharik_services:
        assert services[name]["env_file"][0]["path"] == ".env"
        if name != "migrate":
            assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
            assert "migrate" not in " ".join(services[name]["command"]), name
    for name in ("web", "worker", "beat", "proxy"):
        assert services[name]["healthcheck"]["test"], name
    beat = " ".join(services["beat"]["command"])
    assert "/tmp" not in beat and any(v.startswith("beat:") for v in services["beat"]["volumes"])
    # The proxy terminates TLS and serves the media volume the web containers write.
    proxy = services["proxy"]
    assert "443:443" in proxy["ports"] and "media:/srv/media:ro" in proxy["volumes"]
