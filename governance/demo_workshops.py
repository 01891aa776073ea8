"""Demo data of the workshops and the experience exchange: a past workshop with attendance and the
trainees' answers (so the §16 KPI has a value), an upcoming one with a waiting list, offers and
requests of expertise with one match and its outcome. Idempotent: found by title or topic first."""

import datetime

from django.utils import timezone

from sharik.accounts.demo import _user

from .models import Entity, ExpertisePost, Workshop, WorkshopFeedback, WorkshopRegistration
from .services import exchange as exchange_services
from .services import workshops as services

COORDINATORS = [
    "coordinator.moe@sharik.example",
    "coordinator.mohap@sharik.example",
    "coordinator.mof@sharik.example",
]


def _workshop(title_ar, title_en, description_ar, description_en, *, days, capacity) -> tuple[Workshop, bool]:
    existing = Workshop.objects.filter(title_ar=title_ar).first()
    if existing is not None:
        return existing, False
    starts = timezone.localtime(timezone.now() + datetime.timedelta(days=days)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )  # 9:00 in the portal's time zone
    workshop = Workshop.objects.create(
        title=title_ar,
        title_ar=title_ar,
        title_en=title_en,
        description=description_ar,
        description_ar=description_ar,
        description_en=description_en,
        place="مكتب رئاسة مجلس الوزراء، دبي",
        place_ar="مكتب رئاسة مجلس الوزراء، دبي",
        place_en="Prime Minister's Office, Dubai",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        capacity=capacity,
    )
    return workshop, True


def _seed_workshops() -> None:
    people = [_user(email) for email in COORDINATORS]
    federal = _user("federal@sharik.example")
    coordination = _user("coordination@sharik.example")
    past, created = _workshop(
        "أساسيات تصميم المشورة الإلكترونية",
        "Designing an e-consultation: the basics",
        "كيف تصوغ أسئلة واضحة، وتختار الأداة المناسبة، وتحدد مدة المشورة.",
        "Writing clear questions, choosing the right instrument and setting the consultation's length.",
        days=5,
        capacity=10,
    )
    if created:
        for person in [*people, coordination]:
            services.workshop_register(user=person, workshop=past)
        starts = past.starts_at - datetime.timedelta(days=25)  # held 20 days ago, at 9:00
        Workshop.objects.filter(pk=past.pk).update(
            starts_at=starts, ends_at=starts + datetime.timedelta(hours=3)
        )
        past.refresh_from_db()
        for registration in WorkshopRegistration.objects.filter(workshop=past):
            services.workshop_attendance_record(
                registration=registration, attended=registration.user in people, user=federal
            )
        for person, (overall, content, trainer, comment) in zip(
            people,
            [
                (5, 5, 4, "أمثلة عملية مفيدة."),
                (4, 4, 5, "Useful; more time for the exercises."),
                (3, 4, 3, ""),
            ],
            strict=True,
        ):
            services.workshop_feedback_submit(
                workshop=past, user=person, overall=overall, content=content, trainer=trainer, comment=comment
            )
        WorkshopFeedback.objects.filter(workshop=past).update(created_at=starts + datetime.timedelta(days=1))

    upcoming, created = _workshop(
        "تحليل المساهمات وإعلان النتائج",
        "Analysing contributions and announcing the outcome",
        "من آلاف التعليقات إلى تقرير واضح: التصنيف، والموضوعات، و«قلتم، فعلنا».",
        "From thousands of comments to a clear report: coding, themes and \u201cyou said, we did\u201d.",
        days=12,
        capacity=2,
    )
    if created:
        for person in people:  # two places: the third coordinator waits
            services.workshop_register(user=person, workshop=upcoming)


POSTS = [
    ("moe", "offer", "تنظيم مجموعات نقاش مع أولياء الأمور", "Running focus groups with parents",
     "نظّمنا 12 مجموعة نقاش في خمس إمارات؛ نشارك الدليل وقوالب الدعوة والتقرير.",
     "We ran 12 focus groups in five emirates; we share the guide, the invitation templates and the report."),
    ("mohap", "request", "تنظيم مجموعات نقاش مع المرضى", "Running focus groups with patients",
     "نخطط لمجموعات نقاش حول خدمات الرعاية الأولية ونبحث عن خبرة جهة سبقتنا.",
     "We plan focus groups on primary care services and look for an entity that has done it before."),
    ("mof", "offer", "نشر بيانات الميزانية المفتوحة", "Publishing open budget data",
     "تجربتنا في نشر الميزانية بصيغ مفتوحة وشرحها للجمهور.",
     "Our experience publishing the budget in open formats and explaining it to the public."),
    ("moe", "request", "تحليل آلاف التعليقات", "Analysing thousands of comments",
     "نبحث عن جهة حلّلت عدداً كبيراً من المساهمات لتشاركنا طريقتها.",
     "We look for an entity that analysed a large number of contributions to share its method."),
]  # fmt: skip


def _seed_exchange() -> None:
    coordination = _user("coordination@sharik.example")
    posts = {}
    for slug, kind, topic_ar, topic_en, text_ar, _text_en in POSTS:
        entity = Entity.objects.get(slug=slug)
        post = ExpertisePost.objects.filter(entity=entity, topic=topic_ar).first()
        if post is None:
            post = exchange_services.expertise_post_create(
                user=_user(f"coordinator.{slug}@sharik.example"),
                entity=entity,
                kind=kind,
                topic=topic_ar,
                description=text_ar,
            )
        posts[topic_en] = post
    offer, request = posts["Running focus groups with parents"], posts["Running focus groups with patients"]
    if not offer.matches_as_offer.exists():
        match = exchange_services.exchange_match_create(user=coordination, offer=offer, request=request)
        exchange_services.exchange_outcome_record(
            user=coordination,
            match=match,
            outcome="held",
            note="جلستان عن بُعد؛ تبنّت وزارة الصحة دليل الدعوة وقالب التقرير.",
        )


def seed(*, stdout) -> None:
    _seed_workshops()
    _seed_exchange()
    stdout.write(f"workshops: {Workshop.objects.count()}, expertise posts: {ExpertisePost.objects.count()}")
