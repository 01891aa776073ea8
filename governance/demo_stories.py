"""Demo data of communication (seed §20-3, §17-6): success stories in every review state, the entities'
ratings of the programme's support, and a year of the social-media plan in every status.

Runs after the consultations' demo (stories are about its decided consultations) and before the
summary (the annual report reads these figures)."""

import datetime

from django.utils import timezone

from sharik.accounts.demo import _user

from .demo import _cover_image
from .models import Entity, SocialChannel, SocialPost, SuccessStory, SupportRating, SupportRatingPeriod
from .services import social as social_services
from .services import stories as services

# consultation's English title, author's e-mail, state, title ar/en, body ar/en, return reason
STORIES = [
    (
        "Flexible work in the private sector",
        "federal@sharik.example",
        "published",
        "العمل المرن في القطاع الخاص: ساعات اقترحها الناس",
        "Flexible work in the private sector: hours the public proposed",
        "<p>اقترح أكثر من نصف المشاركين نافذة حضور مرنة بدلاً من ساعات ثابتة. "
        "عدّلت الوزارة مسودة القرار لتسمح بنافذة من السابعة إلى العاشرة صباحاً.</p>",
        "<p>More than half of the participants proposed a flexible arrival window instead of fixed hours. "
        "The ministry changed the draft decision to allow a window from 7 to 10 in the morning.</p>",
        "",
    ),
    (
        "Publishing federal budget data",
        "coordinator.mof@sharik.example",
        "published",
        "بيانات الميزانية الاتحادية: بصيغة يطلبها المستخدمون",
        "Federal budget data: in the format its users asked for",
        "<p>طلب الباحثون والصحفيون بيانات الميزانية بصيغة CSV مع تفصيل حسب الجهة. "
        "نشرت الوزارة البيانات بهذه الصيغة ضمن البيانات المفتوحة.</p>",
        "<p>Researchers and journalists asked for the budget data as CSV, broken down by entity. "
        "The ministry published the data in that form as open data.</p>",
        "",
    ),
    (
        "Opening hours of on-duty pharmacies",
        "coordinator.mohap@sharik.example",
        "review",
        "الصيدليات المناوبة: ساعات أطول في المناطق البعيدة",
        "On-duty pharmacies: longer hours in remote areas",
        "<p>أشار سكان المناطق البعيدة إلى صعوبة الوصول إلى صيدلية ليلاً؛ مُدّدت ساعات المناوبة فيها.</p>",
        "<p>People in remote areas said a pharmacy was hard to reach at night; on-duty hours there were extended.</p>",
        "",
    ),
    (
        "School day start times",
        "coordinator.moe@sharik.example",
        "returned",
        "مواعيد بدء اليوم الدراسي",
        "School day start times",
        "<p>شارك أولياء الأمور بآرائهم في مواعيد بدء اليوم الدراسي.</p>",
        "<p>Parents gave their views on when the school day should start.</p>",
        "لم يُعلن القرار بعد: أرسلوا القصة بعد نشر نتيجة المشورة، مع ما تغيّر بسببها. / "
        "The decision is not announced yet: send the story once the outcome is published, with what it changed.",
    ),
]

# (entity slug, rating, comment) for the current year's period; the previous year's ratings are history.
RATINGS = [
    ("moe", 5, "الدورة والاستشارات ساعدتنا كثيراً."),
    ("mof", 4, "Helpful guides; faster answers would help."),
]
LAST_YEAR = [("moe", 4), ("mohap", 2), ("mof", 5)]

# (kind, Arabic text, English gloss) — a month's mini plan cycles through these on the channels.
POSTS = [
    (
        "message",
        "شارك برأيك: كل مشورة مفتوحة على منصة شارك تنتظر صوتك.",
        "Every open consultation awaits your voice.",
    ),
    (
        "multimedia",
        "فيديو قصير: كيف تقترح مجموعة بيانات جديدة في دقيقة.",
        "Short video: propose a new data set in a minute.",
    ),
    (
        "poll",
        "استطلاع: ما الخدمة الحكومية التي تريد أن نطرحها للمشورة؟",
        "Poll: which service should we consult on?",
    ),
    (
        "repost",
        "إعادة نشر: وزارة الصحة تعلن نتيجة مشورة الصيدليات المناوبة.",
        "Repost: the health ministry's outcome.",
    ),
    (
        "competition",
        "مسابقة الشهر: أفضل فكرة لتحسين خدمة حكومية ذكية.",
        "This month's competition: the best idea.",
    ),
]


def seed(*, stdout) -> None:
    federal = _user("federal@sharik.example")
    _seed_stories(federal)
    _seed_ratings()
    _seed_social_plan(federal)
    stdout.write(
        "communication: 4 success stories (2 published, 1 in review, 1 returned), support ratings, social plan"
    )


def _seed_stories(federal) -> None:
    from consultations.models import Consultation

    if SuccessStory.objects.exists():
        return
    for i, (consultation_title, email, state, t_ar, t_en, b_ar, b_en, reason) in enumerate(STORIES):
        consultation = Consultation.objects.filter(title_en=consultation_title).first()
        if consultation is None:
            continue
        story = services.story_create(
            user=_user(email),
            consultation=consultation,
            title_ar=t_ar,
            title_en=t_en,
            body_ar=b_ar,
            body_en=b_en,
            image=_cover_image([(11, 93, 59), (31, 63, 138), (138, 109, 29), (74, 74, 74)][i % 4]),
        )
        if state == "published":
            services.story_publish(story=story, user=federal)
        elif state == "returned":
            services.story_return(story=story, user=federal, reason=reason)


def _seed_ratings() -> None:
    if SupportRatingPeriod.objects.exists():
        return
    today = timezone.localdate()
    period = SupportRatingPeriod.objects.create(
        year=today.year,
        opens_on=today - datetime.timedelta(days=20),
        closes_on=today + datetime.timedelta(days=25),
    )
    last = SupportRatingPeriod.objects.create(
        year=today.year - 1,
        opens_on=datetime.date(today.year - 1, 11, 1),
        closes_on=datetime.date(today.year - 1, 12, 31),
    )
    for slug, rating, comment in RATINGS:
        entity = Entity.objects.get(slug=slug)
        coordinator = _user(f"coordinator.{slug}@sharik.example")
        services.support_rating_submit(
            user=coordinator, entity=entity, period=period, rating=rating, comment=comment
        )
    # Last year's ratings are history (that period is closed): written as they were then.
    rated_at = timezone.make_aware(datetime.datetime(today.year - 1, 11, 20, 10, 0))
    for slug, rating in LAST_YEAR:
        answer = SupportRating.objects.create(
            period=last,
            entity=Entity.objects.get(slug=slug),
            rating=rating,
            rated_by=_user(f"coordinator.{slug}@sharik.example"),
        )
        SupportRating.objects.filter(pk=answer.pk).update(created_at=rated_at)
    # The reminder job: the ministry of health has not rated this year (its coordinator is told once).
    services.support_rating_reminders_send(today=today)


def _seed_social_plan(federal) -> None:
    if SocialPost.objects.exists():
        return
    today = timezone.localdate()
    channels = list(SocialChannel.objects.order_by("order"))
    n = 0
    for month in range(1, 13):
        for slot, day in enumerate((5, 14, 23)):
            kind, text_ar, text_en = POSTS[(month + slot) % len(POSTS)]
            planned_for = datetime.date(today.year, month, day)
            post = SocialPost(
                planned_for=planned_for,
                channel=channels[(month * 3 + slot) % len(channels)],
                kind=kind,
                text=text_ar,  # the accounts post in Arabic; the English gloss documents the demo
                owner=federal,
            )
            if planned_for <= today - datetime.timedelta(days=2):
                post.status = SocialPost.Status.PUBLISHED
                post.published_on = planned_for
                # the last published post waits for its figures; the others have their reach typed in
                post.reach = None if planned_for > today - datetime.timedelta(days=10) else 1500 + 137 * n
            elif planned_for <= today + datetime.timedelta(days=14):
                post.status = SocialPost.Status.READY
            social_services.social_post_save(post=post, user=federal)
            n += 1
