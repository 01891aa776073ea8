"""Demo data for analytics: benchmark countries, the UN survey sample, evidence, and today's snapshot.

Idempotent: get_or_create on natural keys; the survey import updates the same rows; the snapshot of
the day is replaced, not added.
"""

from pathlib import Path

from django.conf import settings

from governance.models import Entity

from .models import Criterion, Evidence, IndexSnapshot, PeerCountry
from .services.indices import indices_compute
from .services.un_survey import un_survey_import

SURVEY_SAMPLE = Path(settings.BASE_DIR) / "tests" / "data" / "analytics" / "un_survey_2020_2024.csv"
PEERS = ["United Arab Emirates", "Saudi Arabia", "Bahrain", "Denmark", "Estonia", "Singapore"]
EVIDENCE = [
    (
        "moe",
        "partnerships",
        "https://www.moe.gov.ae/en/partnerships",
        "accepted",
        "Partnership programme with schools and companies",
    ),
    (
        "moe",
        "procurement-notices",
        "https://www.moe.gov.ae/en/tenders",
        "pending",
        "Tenders and results page",
    ),
    (
        "mohap",
        "free-access",
        "https://mohap.gov.ae/en/service-centres",
        "accepted",
        "Service centres and kiosks",
    ),
]


def seed(*, stdout) -> None:
    for country in PEERS:
        PeerCountry.objects.get_or_create(country=country, defaults={"is_home": country == PEERS[0]})
    if SURVEY_SAMPLE.exists():
        result = un_survey_import(text=SURVEY_SAMPLE.read_text(encoding="utf-8"))
        stdout.write(f"analytics: UN survey sample, {result.imported} rows ({len(result.flagged)} flagged)")
    for slug, code, url, status, note in EVIDENCE:
        entity = Entity.objects.filter(slug=slug).first()
        criterion = Criterion.objects.filter(code=code).first()
        if entity and criterion:
            Evidence.objects.get_or_create(
                entity=entity, criterion=criterion, url=url, defaults={"status": status, "note": note}
            )
    if not IndexSnapshot.objects.exists():
        snapshot = indices_compute()
        stdout.write(f"analytics: EPI snapshot for {snapshot.entities} entities")
