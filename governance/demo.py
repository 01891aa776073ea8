"""Demo entities and the staff who act for them."""

from sharik.accounts.demo import _user

from . import services
from .models import Entity, Role

ENTITIES = [
    (
        "moe",
        "وزارة التربية والتعليم",
        "Ministry of Education",
        ["education"],
        "participation",
        "https://www.moe.gov.ae",
    ),
    (
        "mohap",
        "وزارة الصحة ووقاية المجتمع",
        "Ministry of Health and Prevention",
        ["health"],
        "collaboration",
        "https://mohap.gov.ae",
    ),
    (
        "moccae",
        "وزارة التغير المناخي والبيئة",
        "Ministry of Climate Change and Environment",
        ["environment"],
        "participation",
        "https://www.moccae.gov.ae",
    ),
    (
        "mohre",
        "وزارة الموارد البشرية والتوطين",
        "Ministry of Human Resources and Emiratisation",
        ["labour", "social-welfare"],
        "openness",
        "https://www.mohre.gov.ae",
    ),
    ("mof", "وزارة المالية", "Ministry of Finance", ["finance"], "engagement", "https://mof.gov.ae"),
]


def seed(*, stdout) -> None:
    for slug, name_ar, name_en, sectors, stage, website in ENTITIES:
        if not Entity.objects.filter(slug=slug).exists():
            services.entity_create(
                name_ar=name_ar,
                name_en=name_en,
                slug=slug,
                sectors=sectors,
                escwa_stage=stage,
                website=website,
                description_ar=f"{name_ar}: جهة اتحادية مشاركة في منصة شارك.",
                description_en=f"{name_en}: a federal entity taking part in Sharik.",
            )
    federal = _user("federal@sharik.example", display_name="Federal team")
    services.role_assign(user=federal, role=Role.FEDERAL_TEAM)
    services.entity_coordinator_assign(
        entity=Entity.objects.get(slug="moe"),
        user=_user("coordinator.moe@sharik.example", display_name="منسق التعليم"),
    )
    services.entity_coordinator_assign(
        entity=Entity.objects.get(slug="mohap"),
        user=_user("coordinator.mohap@sharik.example", display_name="Health coordinator"),
    )
    services.entity_moderator_assign(
        entity=Entity.objects.get(slug="moe"), user=_user("moderator@sharik.example", display_name="مشرف")
    )
    stdout.write(f"entities: {Entity.objects.count()}")
