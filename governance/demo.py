"""Demo entities and the staff who act for them, and the programme's governance around them.

Idempotent: everything is found by a natural key before it is created. What depends on other apps'
demo data (plans linked to consultations, KPI values, the newsletter issue, the annual report) is in
`governance/demo_summary.py`, which seed_demo runs last.
"""

import datetime
import io

from django.core.files.base import ContentFile
from django.utils import timezone

from sharik.accounts.demo import _user

from . import demo_content as text
from . import services
from .models import (
    BlogPost,
    BodyMember,
    CoordinatorNomination,
    Entity,
    GovernanceBody,
    LegalPage,
    NewsletterItem,
    OfflineEngagement,
    Risk,
    Role,
    SatisfactionSurvey,
    Subscriber,
    ToolkitItem,
)
from .onboarding import OnboardingState
from .services import content as content_services
from .services import network as network_services
from .services import toolkit as toolkit_services

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
    coordination = _user("coordination@sharik.example", display_name="فريق التنسيق والمتابعة")
    services.role_assign(user=coordination, role=Role.COORDINATION_TEAM)
    oversight = _user("oversight@sharik.example", display_name="لجنة الإشراف")
    services.role_assign(user=oversight, role=Role.OVERSIGHT_COMMITTEE)

    _seed_network(federal)
    _seed_onboarding(coordination)
    _seed_bodies()
    _seed_surveys()
    _seed_entity_risks()
    _seed_toolkit(federal, oversight)
    _seed_legal_pages()
    _seed_blog(federal)
    _seed_engagements()
    _seed_newsletter()
    stdout.write(f"entities: {Entity.objects.count()}")
    stdout.write(
        "governance logins: coordination@sharik.example (coordination team), "
        "oversight@sharik.example (oversight committee)"
    )


def _seed_network(federal) -> None:
    """Coordinators nominated by their entities and approved, spread over quarters to show growth."""
    now = timezone.now()
    for slug, email, months_ago, position in [
        ("moe", "coordinator.moe@sharik.example", 9, "مدير الاتصال الحكومي"),
        ("mohap", "coordinator.mohap@sharik.example", 5, "Head of customer happiness"),
        ("mof", "coordinator.mof@sharik.example", 2, "أخصائي تواصل"),
    ]:
        entity = Entity.objects.get(slug=slug)
        user = _user(email, display_name=f"Coordinator {slug}")
        if CoordinatorNomination.objects.filter(entity=entity, user=user).exists():
            continue
        nomination = network_services.coordinator_nominate(
            entity=entity, user=user, nominated_by=federal, position=position, phone="+971 4 000 0000"
        )
        nomination = network_services.coordinator_nomination_decide(
            nomination=nomination, approve=True, user=federal
        )
        approved = now - datetime.timedelta(days=30 * months_ago)
        CoordinatorNomination.objects.filter(pk=nomination.pk).update(
            approved_at=approved, created_at=approved
        )
        network_services.coordinator_profile_update(
            nomination=nomination,
            responsibilities=["liaison", "annual_plan", "kpis", "document"],
            skills=["media", "writing", "learning"],
        )
        network_services.training_record_add(
            nomination=nomination,
            title="ورشة أساسيات المشاركة الإلكترونية",
            provider="هيئة تنظيم الاتصالات",
            completed_on=(approved + datetime.timedelta(days=20)).date(),
            hours=6,
        )
    moccae = Entity.objects.get(slug="moccae")
    pending = _user("coordinator.moccae@sharik.example", display_name="منسق البيئة")
    if not CoordinatorNomination.objects.filter(entity=moccae, user=pending).exists():
        network_services.coordinator_nominate(
            entity=moccae, user=pending, nominated_by=federal, position="باحث"
        )


def _seed_onboarding(coordination) -> None:
    plan = {
        "moe": (OnboardingState.ACTIVE, {"api_key_issued": True, "first_campaign_planned": True}),
        "mohap": (OnboardingState.ACTIVE, {"api_key_issued": True, "first_campaign_planned": True}),
        "mof": (OnboardingState.ACTIVE, {"api_key_issued": True, "first_campaign_planned": True}),
        "moccae": (OnboardingState.ONBOARDING, {"first_campaign_planned": True}),
        "mohre": (OnboardingState.INVITED, {}),
    }
    path = {
        OnboardingState.INVITED: [],
        OnboardingState.ONBOARDING: [OnboardingState.ONBOARDING],
        OnboardingState.ACTIVE: [OnboardingState.ONBOARDING, OnboardingState.ACTIVE],
    }
    for slug, (target, checklist) in plan.items():
        entity = Entity.objects.get(slug=slug)
        if entity.onboarding_state != OnboardingState.INVITED:
            continue
        if checklist:
            services.entity_checklist_update(entity=entity, user=coordination, **checklist)
        for state in path[target]:
            entity = services.entity_onboarding_transition(entity=entity, to_state=state, user=coordination)


def _seed_bodies() -> None:
    bodies = [
        (
            GovernanceBody.Kind.OVERSIGHT,
            None,
            "لجنة الإشراف على بوابة المشاركة الإلكترونية",
            "Oversight committee of the e-participation portal",
            "يقوم الفريق التنفيذي للمؤشر الوطني للخدمات الإلكترونية والذكية بالإشراف على البوابة.",
            "The executive team of the national e-/smart-services index oversees the portal.",
            text.OVERSIGHT_DUTIES_AR,
            text.OVERSIGHT_DUTIES_EN,
            [
                ("رئيس اللجنة", "Chair of the committee", True),
                (
                    "ممثل الأمانة العامة لمجلس الوزراء",
                    "Representative of the General Secretariat of the Cabinet",
                    False,
                ),
            ],
        ),
        (
            GovernanceBody.Kind.COORDINATION,
            None,
            "فريق التنسيق والمتابعة",
            "Coordination and follow-up team",
            "فريق الهيئة العامة لتنظيم قطاع الاتصالات (قطاع المعلومات والحكومة الذكية).",
            "The team of the Telecommunications Regulatory Authority (information and smart government sector).",
            text.COORDINATION_DUTIES_AR,
            text.COORDINATION_DUTIES_EN,
            [
                ("مدير المحتوى", "Content manager", True),
                ("أخصائي متابعة الجهات", "Entity follow-up specialist", False),
            ],
        ),
    ]
    for slug in ("moe", "mohap"):
        entity = Entity.objects.get(slug=slug)
        bodies.append(
            (
                GovernanceBody.Kind.EXECUTIVE,
                entity,
                f"الفريق التنفيذي — {entity.name_ar}",
                f"Executive team — {entity.name_en}",
                "يضم هيئة تنظيم الاتصالات والجهة الحكومية المعنية.",
                "Brings together the Telecommunications Regulatory Authority and the entity concerned.",
                text.EXECUTIVE_DUTIES_AR,
                text.EXECUTIVE_DUTIES_EN,
                [("منسق المشاركة الإلكترونية", "E-participation coordinator", True)],
            )
        )
    for order, (kind, entity, name_ar, name_en, desc_ar, desc_en, duties_ar, duties_en, members) in enumerate(
        bodies
    ):
        body, created = GovernanceBody.objects.get_or_create(
            name_ar=name_ar,
            defaults={
                "kind": kind,
                "entity": entity,
                "name_en": name_en,
                "description_ar": desc_ar,
                "description_en": desc_en,
                "duties_ar": duties_ar,
                "duties_en": duties_en,
                "order": order,
            },
        )
        if created:
            for position_ar, position_en, chair in members:
                BodyMember.objects.create(
                    body=body,
                    name_ar=position_ar,
                    name_en=position_en,
                    position_ar="",
                    position_en="",
                    is_chair=chair,
                )


def _seed_entity_risks() -> None:
    """Each entity keeps its own register next to the federal one (the plan's three risks)."""
    from .services.risks import risk_create

    today = timezone.localdate()
    for slug, risk_ar, risk_en, kind, plan_ar, plan_en, importance in [
        ("moe", "ضعف مشاركة أولياء الأمور في المشورات", "Low participation of parents in consultations",
         "strategic", "الإعلان عبر تطبيق المدرسة ورسائل الأولياء", "Announce through the school app and parents' messages",
         "high"),
        ("moe", "تأخر تحليل المساهمات عن موعد إعلان النتائج", "Analysis of contributions late for the results",
         "operational", "تخصيص محلل ثانٍ أثناء فترة المشورة", "A second analyst during the consultation", "medium"),
        ("mohap", "تسرب بيانات شخصية في التعليقات", "Personal data leaked in comments",
         "operational", "إشراف مسبق على التعليقات الصحية", "Pre-moderation of health comments", "high"),
    ]:  # fmt: skip
        entity = Entity.objects.filter(slug=slug).first()
        if entity is None or Risk.objects.filter(entity=entity, risk_ar=risk_ar).exists():
            continue
        risk_create(
            entity=entity, risk_ar=risk_ar, risk_en=risk_en, type=kind, recovery_plan_ar=plan_ar,
            recovery_plan_en=plan_en, impact=["time", "reputation"], importance=importance,
            owner_ar=f"منسق {entity.name_ar}", owner_en=f"Coordinator, {entity.name_en}",
            registered_on=today - datetime.timedelta(days=40),
        )  # fmt: skip


def _seed_surveys() -> None:
    today = timezone.localdate()
    for subject, title, days_ago, respondents, satisfied in [
        (SatisfactionSurvey.Subject.PLATFORM, "استبيان رضا الجهات عن المنصة", 40, 24, 20),
        # The workshops' satisfaction comes from the trainees' answers (governance/demo_workshops.py).
    ]:
        SatisfactionSurvey.objects.get_or_create(
            title=title,
            defaults={
                "subject": subject,
                "conducted_on": today - datetime.timedelta(days=days_ago),
                "respondents": respondents,
                "satisfied": satisfied,
            },
        )


def _seed_toolkit(federal, oversight) -> None:
    today = timezone.localdate()
    for kind, slug, title_ar, title_en, body_ar, body_en, days_ago, approved in text.TOOLKIT:
        if ToolkitItem.objects.filter(slug=slug).exists():
            continue
        item = toolkit_services.toolkit_item_create(
            owner=federal,
            kind=kind,
            slug=slug,
            title_ar=title_ar,
            title_en=title_en,
            body_ar=body_ar,
            body_en=body_en,
            last_reviewed_on=today - datetime.timedelta(days=days_ago),
        )
        if approved:
            toolkit_services.toolkit_item_approve(item=item, user=oversight)


def _seed_legal_pages() -> None:
    today = timezone.localdate()
    for kind, (title_ar, title_en, body_ar, body_en) in text.LEGAL_PAGES.items():
        if LegalPage.objects.filter(kind=kind).exists():
            continue
        if kind == "privacy":  # an earlier version, so the page shows its history
            content_services.legal_page_publish(
                kind=kind,
                title_ar=title_ar,
                title_en=title_en,
                body_ar=body_ar.split("</p>")[0] + "</p>",
                body_en=body_en.split("</p>")[0] + "</p>",
                published_on=today - datetime.timedelta(days=200),
            )
        content_services.legal_page_publish(
            kind=kind,
            title_ar=title_ar,
            title_en=title_en,
            body_ar=body_ar,
            body_en=body_en,
            published_on=today - datetime.timedelta(days=30),
            change_note="حق تنزيل البيانات وحذف الحساب" if kind == "privacy" else "",
        )


def _cover_image(color: tuple[int, int, int]) -> ContentFile:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (1200, 600), color).save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name="cover.png")


def _seed_blog(federal) -> None:
    tags = {
        slug: content_services.tag_get_or_create(slug=slug, name_ar=name_ar, name_en=name_en)
        for slug, name_ar, name_en in text.TAGS
    }
    moe = Entity.objects.get(slug="moe")
    authors = {
        "listening-to-students": (_user("coordinator.moe@sharik.example"), moe, "مدير الاتصال الحكومي"),
    }
    now = timezone.now()
    for i, (slug, t_ar, t_en, s_ar, s_en, b_ar, b_en, tag_slugs, days, status) in enumerate(text.BLOG_POSTS):
        if BlogPost.objects.filter(slug=slug).exists():
            continue
        author, entity, title = authors.get(slug, (federal, None, "المدير العام للحكومة الذكية"))
        post = content_services.blog_post_create(
            author=author,
            slug=slug,
            title_ar=t_ar,
            title_en=t_en,
            summary_ar=s_ar,
            summary_en=s_en,
            body_ar=b_ar,
            body_en=b_en,
            entity=entity,
            author_title=title,
            tags=[tags[t] for t in tag_slugs],
            cover_image=_cover_image([(11, 93, 59), (138, 109, 29), (31, 63, 138), (74, 74, 74)][i % 4]),
        )
        post = content_services.blog_post_transition(
            post=post, to_status=BlogPost.Status.REVIEW, user=federal
        )
        if status == BlogPost.Status.PUBLISHED:
            post = content_services.blog_post_transition(
                post=post, to_status=BlogPost.Status.PUBLISHED, user=federal
            )
            BlogPost.objects.filter(pk=post.pk).update(published_at=now + datetime.timedelta(days=days))


def _seed_engagements() -> None:
    today = timezone.localdate()
    for slug, kind, t_ar, t_en, s_ar, s_en, days, people, published in [
        (
            "moe",
            OfflineEngagement.Kind.FOCUS_GROUP,
            "مجموعة تركيز مع أولياء الأمور",
            "Focus group with parents",
            "ناقشت المجموعة أوقات بدء اليوم الدراسي وأثرها على الأسر.",
            "The group discussed school start times and their effect on families.",
            25,
            14,
            True,
        ),
        (
            "mohap",
            OfflineEngagement.Kind.BRAINSTORMING,
            "جلسة عصف ذهني حول حجز المواعيد",
            "Brainstorming on appointment booking",
            "خرجت الجلسة بعشر أفكار لتسهيل الحجز عبر التطبيق الذكي.",
            "The session produced ten ideas to make booking through the app easier.",
            50,
            9,
            True,
        ),
        (
            "moe",
            OfflineEngagement.Kind.INTERNAL,
            "مشورة داخلية حول دليل أولياء الأمور",
            "Internal consultation on the parents' guide",
            "",
            "",
            10,
            22,
            False,
        ),
    ]:
        entity = Entity.objects.get(slug=slug)
        OfflineEngagement.objects.get_or_create(
            entity=entity,
            title_ar=t_ar,
            defaults={
                "kind": kind,
                "title_en": t_en,
                "summary_ar": s_ar,
                "summary_en": s_en,
                "held_on": today - datetime.timedelta(days=days),
                "participants": people,
                "is_published": published,
            },
        )


def _seed_newsletter() -> None:
    now = timezone.now()
    for email, language, status in [
        ("reader.ar@sharik.example", "ar", Subscriber.Status.CONFIRMED),
        ("reader.en@sharik.example", "en", Subscriber.Status.CONFIRMED),
        ("pending@sharik.example", "ar", Subscriber.Status.PENDING),
    ]:
        Subscriber.objects.get_or_create(
            email=email,
            defaults={
                "language": language,
                "status": status,
                "confirmed_at": now if status == Subscriber.Status.CONFIRMED else None,
            },
        )
    moe = Entity.objects.get(slug="moe")
    NewsletterItem.objects.get_or_create(
        entity=moe,
        title="إطلاق خدمة التسجيل المدرسي الذكي",
        defaults={
            "body": "أصبح بإمكان أولياء الأمور تسجيل أبنائهم من التطبيق الذكي في خطوتين.",
            "link": "https://www.moe.gov.ae",
            "status": NewsletterItem.Status.ACCEPTED,
        },
    )
