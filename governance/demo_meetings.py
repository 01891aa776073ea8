"""Demo of the programme office's follow-up (§17-6, §17-7, §20-5): two committee meetings with agenda,
minutes, decisions and one overdue action; a media plan; agreements with two entities, one due for
review; network threads with replies."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from sharik.accounts.demo import _user

from .models import (
    AgendaItem,
    Agreement,
    Decision,
    Entity,
    FollowUpAction,
    GovernanceBody,
    MediaPlanItem,
    Meeting,
    Thread,
    ThreadReply,
)
from .services import threads as thread_services

PDF = b"%PDF-1.4\n% Sharik demo agreement\n%%EOF\n"

# title ar/en, days ago, agenda [(ar, en)], minutes ar/en, decisions [(ar, en, [(action ar, action en, due in days, status)])]
MEETINGS = [
    (
        "الاجتماع الأول للجنة الإشراف",
        "First meeting of the oversight committee",
        75,
        [
            ("اعتماد الخطة السنوية للمشاركة الإلكترونية", "Approving the annual e-participation plan"),
            ("سجل المخاطر", "The risk register"),
        ],
        "ناقشت اللجنة خطة العام واستعرضت المخاطر الثلاث المسجلة.",
        "The committee discussed the year's plan and reviewed the three registered risks.",
        [
            (
                "اعتماد الخطة السنوية ونشرها على البوابة.",
                "The annual plan is approved and published on the portal.",
                [("نشر الخطة المعتمدة على البوابة", "Publish the approved plan on the portal", -60, "done")],
            ),
            (
                "مخاطبة الجهات التي لم تعيّن منسقًا بعد.",
                "Write to the entities that have not appointed a coordinator yet.",
                [("إرسال خطابات إلى الجهات المتأخرة", "Send letters to the late entities", -10, "open")],
            ),
        ],
    ),
    (
        "الاجتماع الثاني للجنة الإشراف",
        "Second meeting of the oversight committee",
        12,
        [
            ("نتائج مؤشر المشاركة الإلكترونية", "Results of the e-participation index"),
            ("خطة الإعلام", "The media plan"),
            ("اتفاقيات مستوى الخدمة مع الجهات", "Service-level agreements with the entities"),
        ],
        "اطلعت اللجنة على ترتيب الجهات في المؤشر ووافقت على خطة الإعلام للربع القادم.",
        "The committee saw the entities' index ranking and agreed the media plan for the next quarter.",
        [
            (
                "تنظيم ورشة للجهات الأقل أداءً في المؤشر.",
                "Hold a workshop for the entities lowest in the index.",
                [
                    (
                        "تحديد موعد الورشة ودعوة الجهات",
                        "Set the workshop date and invite the entities",
                        20,
                        "in_progress",
                    )
                ],
            ),
        ],
    ),
]

MEDIA_PLAN = [
    ("بيان صحفي عن إطلاق البوابة", "Press release on the portal's launch", "press", -30, "done"),
    ("لقاء تلفزيوني مع رئيس اللجنة", "TV interview with the committee's chair", "tv", 14, "planned"),
    (
        "حملة على وسائل التواصل: شارك برأيك",
        "Social media campaign: have your say",
        "social",
        21,
        "in_progress",
    ),
    ("مقال في النشرة الشهرية", "Article in the monthly newsletter", "website", 35, "planned"),
    ("جناح في معرض جيتكس", "A stand at GITEX", "event", 60, "planned"),
]

THREADS = [
    (
        "coordinator.moe@sharik.example",
        "كيف تصلون إلى أولياء الأمور في الاستشارات؟",
        "<p>جربنا الرسائل النصية والبريد الإلكتروني. ما الذي نجح عندكم؟</p>",
        [
            (
                "coordinator.mohap@sharik.example",
                "<p>الرسائل النصية مع رابط قصير رفعت المشاركة عندنا إلى الضعف.</p>",
            ),
            (
                "federal@sharik.example",
                "<p>يمكنكم أيضًا استخدام <strong>ركن المشاركة</strong> على موقع الجهة.</p>",
            ),
        ],
    ),
    (
        "coordinator.mohap@sharik.example",
        "Sharing a template for the consultation report",
        "<p>We wrote a short template for announcing results. Happy to share it.</p>",
        [
            (
                "coordinator.moe@sharik.example",
                "<p>Yes please, we need one for the curriculum consultation.</p>",
            )
        ],
    ),
]


def seed(*, stdout) -> None:
    if Meeting.objects.exists():
        return
    today = timezone.localdate()
    federal = _user("federal@sharik.example")
    oversight = _user("oversight@sharik.example")
    committee = GovernanceBody.objects.filter(kind=GovernanceBody.Kind.OVERSIGHT).order_by("pk").first()
    for title_ar, title_en, days_ago, agenda, minutes_ar, minutes_en, decisions in MEETINGS:
        meeting = Meeting.objects.create(
            body=committee,
            title_ar=title_ar,
            title_en=title_en,
            held_on=today - datetime.timedelta(days=days_ago),
            location="أبوظبي / Abu Dhabi",
            minutes_ar=minutes_ar,
            minutes_en=minutes_en,
        )
        for position, (item_ar, item_en) in enumerate(agenda, start=1):
            AgendaItem.objects.create(meeting=meeting, position=position, title_ar=item_ar, title_en=item_en)
        for position, (text_ar, text_en, actions) in enumerate(decisions, start=1):
            decision = Decision.objects.create(
                meeting=meeting, position=position, text_ar=text_ar, text_en=text_en
            )
            for action_ar, action_en, due_in, status in actions:
                FollowUpAction.objects.create(
                    decision=decision,
                    title_ar=action_ar,
                    title_en=action_en,
                    owner=federal if position == 1 else oversight,
                    due_on=today + datetime.timedelta(days=due_in),
                    status=status,
                )
    for title_ar, title_en, channel, days, status in MEDIA_PLAN:
        MediaPlanItem.objects.create(
            title_ar=title_ar,
            title_en=title_en,
            channel=channel,
            planned_on=today + datetime.timedelta(days=days),
            owner="فريق الاتصال — هيئة تنظيم الاتصالات / Communication team, TDRA",
            status=status,
        )
    for slug, kind, title, signed_days_ago, review_in in [
        ("moe", "mou", "مذكرة تفاهم بشأن المشاركة الإلكترونية — وزارة التربية والتعليم", 340, 25),
        ("moe", "sla", "اتفاقية مستوى الخدمة لربط الاستشارات — وزارة التربية والتعليم", 200, 165),
        ("mohap", "mou", "Memorandum of understanding on e-participation — Ministry of Health", 120, 245),
    ]:
        agreement = Agreement(
            entity=Entity.objects.get(slug=slug),
            kind=kind,
            title=title,
            signed_on=today - datetime.timedelta(days=signed_days_ago),
            review_on=today + datetime.timedelta(days=review_in),
        )
        agreement.document.save(f"{slug}-{kind}.pdf", ContentFile(PDF), save=False)
        agreement.save()
    if not Thread.objects.exists():
        _seed_threads(federal)
    stdout.write("Demo committee meetings, media plan, agreements and network threads loaded.\n")


def _seed_threads(federal) -> None:
    """Threads with replies; one reply reported and hidden with a reason; a weekly digest already sent."""
    moe = _user("coordinator.moe@sharik.example")
    thread_services.thread_preference_set(user=moe, delivery="weekly")
    threads = []
    for author, title, body, replies in THREADS:
        thread = thread_services.thread_start(user=_user(author), title=title, body=body)
        for reply_author, reply_body in replies:
            thread_services.thread_reply_add(user=_user(reply_author), thread=thread, body=reply_body)
        threads.append(thread)
    spam = thread_services.thread_reply_add(
        user=_user("coordinator.mof@sharik.example"),
        thread=threads[0],
        body="<p>تواصلوا معنا لشراء حزمة رسائل نصية بسعر خاص.</p>",
    )
    thread_services.thread_reply_report(user=moe, reply=spam, reason="إعلان تجاري / advertising")
    thread_services.thread_reply_hide(
        user=federal, reply=spam, reason="الإعلانات غير مسموحة / No advertising"
    )
    # The first thread's replies came last week: the weekly digest job has told the coordinator once.
    last_week = timezone.now() - datetime.timedelta(days=7)
    ThreadReply.objects.filter(thread=threads[0]).update(created_at=last_week)
    Thread.objects.filter(pk=threads[0].pk).update(created_at=last_week, last_reply_at=last_week)
    thread_services.thread_digests_send()
