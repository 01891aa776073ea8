import pytest
from django.conf import settings
from django.core.management import call_command

from consultations.models import Consultation
from consultations.phases import Status
from governance.models import Entity
from sharik.accounts.models import User

pytestmark = pytest.mark.django_db


def test_healthz_reports_database_cache_and_broker(client):
    response = client.get("/healthz")
    data = response.json()
    assert response.status_code == 200
    assert data["database"] == "ok" and data["cache"] == "ok"
    expected = "eager" if settings.CELERY_BROKER_URL.startswith("memory") else "ok"
    assert data["broker"] == expected


def test_healthz_reports_a_broker_that_is_down(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    from sharik.celery import app

    app.conf.broker_url = settings.CELERY_BROKER_URL
    try:
        response = client.get("/healthz")
    finally:
        app.conf.broker_url = None
    assert response.status_code == 503
    assert response.json()["broker"].startswith("error")


def test_seed_demo_is_idempotent_and_shows_a_living_portal(capsys):
    call_command("seed_demo")
    counts = (User.objects.count(), Entity.objects.count(), Consultation.objects.count())
    call_command("seed_demo")
    assert (User.objects.count(), Entity.objects.count(), Consultation.objects.count()) == counts
    assert Entity.objects.count() >= 3
    statuses = {c.status for c in Consultation.objects.all()}
    assert {Status.OPEN, Status.ANALYSIS, Status.DECIDED, Status.ARCHIVED, Status.DRAFT} <= statuses
    out = capsys.readouterr().out
    assert "citizen@sharik.example" in out and "Sharik-demo-2026" in out


def test_seed_demo_loads_after_a_flush_with_the_reference_data_back(client):
    """`manage.py flush` (and every test that empties the database) removes the rows the migrations
    seeded: the KPIs, the risks, the social-media channels. The demo writes them again and builds on them
    (the social plan used to divide by the number of channels, zero after a flush)."""
    from governance.models import Kpi, SocialChannel, SocialPost

    call_command("flush", interactive=False, verbosity=0)
    assert not SocialChannel.objects.exists() and not Kpi.objects.exists()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert set(SocialChannel.objects.values_list("code", flat=True)) >= {"x", "instagram", "linkedin"}
    assert Kpi.objects.filter(code="support-satisfaction").exists()
    assert SocialPost.objects.values("channel").distinct().count() > 1
    client.force_login(User.objects.get(email="federal@sharik.example"))
    page = client.get("/en/governance/social/").content.decode()
    assert "Instagram" in page and "LinkedIn" in page
