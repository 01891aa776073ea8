"""`make backup` / `make restore`: a backup of the demo data restored into an emptied database holds
every row again (pg_dump/pg_restore on PostgreSQL, dumpdata/loaddata on SQLite)."""

import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)

SKIPPED = {"contenttypes.contenttype", "auth.permission", "sessions.session", "admin.logentry"}


def counts():
    return {
        m._meta.label_lower: m._base_manager.count()
        for m in apps.get_models()
        if m._meta.label_lower not in SKIPPED and m._meta.managed and not m._meta.proxy
    }


def test_restore_into_an_empty_database_finds_every_row(tmp_path):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    before = counts()
    assert sum(before.values()) > 500
    path = tmp_path / "backup.dump"
    call_command("backup", str(path), stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("flush", interactive=False, verbosity=0)
    assert counts()["consultations.consultation"] == 0
    call_command("restore", str(path), stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert counts() == before
