"""Demo data for analytics: benchmark countries, the UN survey sample, evidence, today's snapshot, and
the campaign insight of every closed consultation (one of them with a burst from new accounts).

Idempotent: get_or_create on natural keys; the survey import updates the same rows; the snapshot of
the day is replaced, not added.
"""

import datetime
from pathlib import Path

from django.conf import settings
from django.db import transaction

from governance.models import Entity

from .models import Criterion, Evidence, IndexSnapshot, PeerCountry
from .services.indices import indices_compute
from .services.insight import insight_compute
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
    _burst(stdout=stdout)
    closed = _closed_consultations()
    for consultation in closed:
        insight_compute(consultation_id=consultation.pk)
    stdout.write(f"analytics: campaign insight for {len(closed)} closed consultations")


BURST_TEXT = "نطالب بإلغاء القرار فوراً"  # one short form letter, sent by new accounts within an hour
BURST_SIZE = 30


def _closed_consultations() -> list:
    from consultations.models import Consultation

    return list(Consultation.objects.public().exclude(phase="conduct").order_by("pk"))


def _burst(*, stdout) -> None:
    """30 comments within one hour from accounts created that morning, on the first closed consultation
    (written directly as demo data: the services refuse a closed campaign). Skipped when present."""
    from consultations.models import Comment
    from sharik.accounts.models import User

    closed = _closed_consultations()
    if not closed or Comment.objects.filter(body=BURST_TEXT).exists():
        return
    consultation = closed[0]
    start = (consultation.opens_at or consultation.created_at) + datetime.timedelta(days=2, hours=3)
    hour = start.replace(minute=0, second=0, microsecond=0)  # all 30 within one clock hour
    with transaction.atomic():
        for i in range(BURST_SIZE):
            person = User.objects.create(
                email=f"burst-{i}@demo.sharik.example", display_name=f"Burst {i}", password="!"
            )
            User.objects.filter(pk=person.pk).update(date_joined=hour - datetime.timedelta(hours=3))
            comment = Comment.objects.create(consultation=consultation, author=person, body=BURST_TEXT)
            Comment.objects.filter(pk=comment.pk).update(created_at=hour + datetime.timedelta(minutes=i))
    stdout.write(f"analytics: a burst of {BURST_SIZE} comments from new accounts on {consultation.pk}")
