"""Load the demo data: each app's `demo.seed()` in order. Idempotent: a second run creates nothing."""

import os
from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

# Order matters: people and entities first, then what belongs to them.
DEMO_MODULES = [
    "sharik.accounts.demo",
    "governance.demo",
    "governance.demo_courses",
    "governance.demo_advisory",
    "governance.demo_projects",
    "governance.demo_workshops",  # trainees answer before demo_summary computes the KPIs
    "governance.demo_meetings",  # after governance.demo: the committee, the network and the demo people
    "consultations.demo",
    "opendata.demo",
    "analytics.demo",
    "governance.demo_stories",  # stories about decided consultations, support ratings, the social plan
    "governance.demo_summary",  # reads the others' demo data: plans, KPI values, newsletter, annual report
]

# The reference data the migrations seed (the programme's KPIs and risks, the social-media channels, the
# proposals' index criterion), written again before the demo: `manage.py flush` (and every test that
# empties the database) removes those rows, and the demo builds on them. Each seed is idempotent
# (get_or_create), and the current models still have every field it writes.
REFERENCE_DATA = [
    ("governance", "0003_seed_risks_and_kpis", "seed"),
    ("governance", "0007_programme_kpis", "seed"),
    ("governance", "0011_seed_missing_kpis", "seed"),
    ("governance", "0014_workshops", "source_note"),
    ("governance", "0015_stories", "seed"),
    ("consultations", "0016_proposal_measures", "seed"),
]


def reference_data_ensure() -> None:
    from django.apps import apps

    for app, migration, function in REFERENCE_DATA:
        getattr(import_module(f"{app}.migrations.{migration}"), function)(apps, None)


class Command(BaseCommand):
    help = "Load the demo data (entities, people, consultations in every state). Safe to run again."

    def handle(self, *args, **options):
        with transaction.atomic():
            reference_data_ensure()
        for name in DEMO_MODULES:
            try:
                module = import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise
                continue
            with transaction.atomic():
                module.seed(stdout=self.stdout)
        from sharik.accounts.demo import DEMO_LOGINS, DEMO_PASSWORD

        port = os.environ.get("PORT", "8000")

        self.stdout.write(
            self.style.SUCCESS(f"\nDemo data ready. Log in at http://127.0.0.1:{port}/accounts/login/ with:")
        )
        for email, role in DEMO_LOGINS:
            self.stdout.write(f"  {email:<32} {DEMO_PASSWORD:<20} {role}")
        self.stdout.write(f"  Administration: http://127.0.0.1:{port}/admin/")
