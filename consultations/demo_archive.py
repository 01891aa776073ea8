"""Demo data of the central archive: consultations two entities pushed, and a registered feed.

Goes through the same upsert as the API, so a second `seed_demo` finds everything unchanged.
"""

from datetime import UTC, datetime

from governance.models import Entity
from sharik.core.models import AuditRecord

from .models import Consultation, HarvestSource
from .services.archive import consultation_upsert

PUSHED = [
    (
        "moccae",
        "2024-17",
        {
            "title_ar": "الإستشارة الوطنية حول الحد من البلاستيك أحادي الاستخدام",
            "title_en": "National consultation on reducing single-use plastic",
            "summary_ar": "استشارة أجرتها الوزارة على منصتها حول حظر الأكياس البلاستيكية.",
            "summary_en": "A consultation the ministry ran on its own platform about banning plastic bags.",
            "sector": "environment",
            "un_level": "e-decision-making",
            "escwa_stage": "engagement",
            "phase": "archived",
            "opens_at": datetime(2024, 3, 1, tzinfo=UTC),
            "closes_at": datetime(2024, 4, 15, tzinfo=UTC),
            "external_url": "https://moccae.example/consultations/2024-17",
            "reported_results": {
                "participants": 5400,
                "comments": 830,
                "polls": [
                    {
                        "question": {
                            "ar": "هل تؤيد حظر الأكياس البلاستيكية؟",
                            "en": "Do you support banning plastic bags?",
                        },
                        "options": [
                            {"label": {"ar": "نعم", "en": "Yes"}, "votes": 4100},
                            {"label": {"ar": "لا", "en": "No"}, "votes": 1300},
                        ],
                    }
                ],
            },
            "decision_ar": "حظر الأكياس البلاستيكية أحادية الاستخدام اعتباراً من 2025.",
            "decision_en": "Single-use plastic bags are banned from 2025.",
            "decided_at": datetime(2024, 6, 1, tzinfo=UTC),
        },
    ),
    (
        "mohre",
        "HR-88",
        {
            "title_ar": "استطلاع رضا المتعاملين عن خدمات تصاريح العمل",
            "title_en": "Customer satisfaction with work permit services",
            "summary_ar": "استطلاع إلكتروني لتحسين خدمات تصاريح العمل.",
            "summary_en": "An online survey to improve work permit services.",
            "sector": "labour",
            "un_level": "e-consultation",
            "escwa_stage": "participation",
            "phase": "analysis",
            "opens_at": datetime(2025, 9, 1, tzinfo=UTC),
            "closes_at": datetime(2025, 10, 1, tzinfo=UTC),
            "external_url": "https://mohre.example/surveys/hr-88",
            "reported_results": {"participants": 2100, "comments": 140},
        },
    ),
]


def seed(*, stdout) -> None:
    for slug, external_id, values in PUSHED:
        entity = Entity.objects.filter(slug=slug).first()
        if entity is None:
            continue
        consultation_upsert(
            entity=entity,
            external_id=external_id,
            values=values,
            source=Consultation.Source.PUSHED,
            actor_label="demo data",
            audit_source=AuditRecord.Source.SYSTEM,
        )
    moe = Entity.objects.filter(slug="moe").first()
    if moe is not None:
        HarvestSource.objects.get_or_create(
            entity=moe,
            url="https://moe.example/sharik-feed.json",
            defaults={"is_active": False, "interval_minutes": 24 * 60},
        )
    stdout.write(f"archive: {Consultation.objects.exclude(source='native').count()} pushed or harvested")
