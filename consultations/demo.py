"""Demo consultations in every phase, with comments, polls, votes and ideas."""

from datetime import timedelta

from django.utils import timezone

from governance.models import Entity
from sharik.accounts.models import User

from .models import Comment, Consultation, Idea, IdeaSupport, Poll, PollOption, Vote, VoteChoice

DAY = timedelta(days=1)

CONSULTATIONS = [
    {
        "entity": "moe",
        "phase": "conduct",
        "sector": "education",
        "un_level": "e-consultation",
        "escwa_stage": "participation",
        "opens": -10,
        "closes": 20,
        "title_ar": "مسودة سياسة التعلم عن بُعد في المدارس الحكومية",
        "title_en": "Draft policy on distance learning in public schools",
        "summary_ar": "نقترح قواعد جديدة لأيام التعلم عن بُعد وساعات الشاشة ودعم الأسر. شاركنا رأيك قبل اعتماد السياسة.",
        "summary_en": "We propose new rules for distance-learning days, screen time and support for families. Tell us what you think before the policy is adopted.",
        "body_ar": "<p>تحدد المسودة عدد أيام التعلم عن بُعد المسموح بها في كل فصل دراسي، والحد الأقصى لساعات الشاشة لكل مرحلة عمرية، وآليات دعم الأسر التي لا تملك أجهزة كافية.</p>",
        "body_en": "<p>The draft sets how many distance-learning days each term may have, the maximum screen time for each age group, and how families without enough devices are supported.</p>",
        "poll": (
            "كم يوماً للتعلم عن بُعد في الفصل الدراسي تراه مناسباً؟",
            "How many distance-learning days per term seem right to you?",
            [
                ("لا شيء", "None"),
                ("يوم إلى خمسة أيام", "One to five days"),
                ("أكثر من خمسة أيام", "More than five days"),
            ],
        ),
        "comments": [
            "أؤيد تحديد ساعات الشاشة للأطفال الصغار.",
            "Please make sure children with disabilities get accessible material.",
            "ينبغي توفير أجهزة للأسر ذات الدخل المحدود.",
        ],
        "ideas": [("مكتبة رقمية مفتوحة", "إتاحة مكتبة رقمية مجانية لكل طالب طوال العام.")],
    },
    {
        "entity": "mohap",
        "phase": "conduct",
        "sector": "health",
        "un_level": "e-consultation",
        "escwa_stage": "collaboration",
        "opens": -3,
        "closes": 27,
        "title_ar": "تحسين خدمة حجز المواعيد في المراكز الصحية",
        "title_en": "Improving appointment booking at health centres",
        "summary_ar": "صوّت على الخيارات المقترحة لتحسين خدمة حجز المواعيد وشارك أفكارك.",
        "summary_en": "Vote on the proposed options to improve appointment booking and share your ideas.",
        "poll": (
            "ما أهم تحسين لخدمة الحجز؟",
            "What is the most important improvement to booking?",
            [
                ("تذكير بالرسائل النصية", "SMS reminders"),
                ("حجز عبر الهاتف الذكي", "Booking on the smartphone app"),
                ("مواعيد مسائية", "Evening appointments"),
            ],
        ),
        "comments": [
            "The app should work in Arabic and English equally well.",
            "المواعيد المسائية ضرورية للموظفين.",
        ],
        "ideas": [
            ("Walk-in queue status", "Show the live waiting time of each health centre on the portal.")
        ],
    },
    {
        "entity": "moccae",
        "phase": "conduct",
        "sector": "environment",
        "un_level": "e-decision-making",
        "escwa_stage": "engagement",
        "opens": -1,
        "closes": 13,
        "title_ar": "اختيار موقع المحمية الطبيعية الجديدة",
        "title_en": "Choosing the site of the new nature reserve",
        "summary_ar": "تصويت عام ملزم على موقع المحمية الطبيعية الجديدة.",
        "summary_en": "A binding public vote on where the new nature reserve will be.",
        "poll": (
            "أي موقع تفضل؟",
            "Which site do you prefer?",
            [("الساحل الشرقي", "The east coast"), ("المنطقة الجبلية", "The mountain area")],
        ),
        "comments": [],
        "ideas": [],
    },
    {
        "entity": "moe",
        "phase": "analysis",
        "sector": "education",
        "un_level": "e-consultation",
        "escwa_stage": "participation",
        "opens": -60,
        "closes": -5,
        "title_ar": "مواعيد بدء اليوم الدراسي",
        "title_en": "School day start times",
        "summary_ar": "انتهت الاستشارة وتجري دراسة الآراء.",
        "summary_en": "The consultation has closed and the views are being analysed.",
        "poll": (
            "متى يجب أن يبدأ اليوم الدراسي؟",
            "When should the school day start?",
            [("7:30", "7:30"), ("8:00", "8:00"), ("8:30", "8:30")],
        ),
        "comments": ["البدء في الثامنة يخفف الازدحام المروري.", "Later starts help teenagers sleep."],
        "ideas": [],
    },
    {
        "entity": "mohre",
        "phase": "announcement",
        "sector": "labour",
        "un_level": "e-consultation",
        "escwa_stage": "participation",
        "opens": -120,
        "closes": -70,
        "decided": -20,
        "title_ar": "العمل المرن في القطاع الخاص",
        "title_en": "Flexible work in the private sector",
        "summary_ar": "استشارة حول أنماط العمل المرن.",
        "summary_en": "A consultation on flexible working patterns.",
        "decision_ar": "اعتماد العمل عن بُعد يوماً واحداً أسبوعياً كخيار متاح باتفاق الطرفين.",
        "decision_en": "One day a week of remote work becomes an option by agreement of both parties.",
        "rationale_ar": "أيد 68٪ من المشاركين هذا الخيار، ورأت الوزارة أنه يوازن بين الإنتاجية وجودة الحياة.",
        "rationale_en": "68% of participants supported this option, and the ministry found it balances productivity and quality of life.",
        "poll": (
            "هل تؤيد يوماً للعمل عن بُعد أسبوعياً؟",
            "Do you support one remote-work day a week?",
            [("نعم", "Yes"), ("لا", "No")],
        ),
        "comments": ["قرار ممتاز للأسر.", "Good for reducing traffic."],
        "ideas": [],
    },
    {
        "entity": "mof",
        "phase": "archived",
        "sector": "finance",
        "un_level": "e-information",
        "escwa_stage": "openness",
        "opens": -400,
        "closes": -340,
        "decided": -300,
        "title_ar": "نشر بيانات الميزانية الاتحادية",
        "title_en": "Publishing federal budget data",
        "summary_ar": "استشارة مؤرشفة حول صيغ نشر بيانات الميزانية.",
        "summary_en": "An archived consultation on the formats for publishing budget data.",
        "decision_ar": "نشر الميزانية بصيغة CSV مفتوحة كل ربع سنة.",
        "decision_en": "The budget is published as open CSV every quarter.",
        "rationale_ar": "طلب المشاركون صيغاً قابلة للقراءة الآلية.",
        "rationale_en": "Participants asked for machine-readable formats.",
        "comments": ["Thank you for publishing it as CSV."],
        "ideas": [],
    },
    {
        "entity": "mohap",
        "phase": "planning",
        "sector": "health",
        "un_level": "e-consultation",
        "escwa_stage": "participation",
        "opens": 10,
        "closes": 40,
        "title_ar": "استراتيجية الصحة النفسية",
        "title_en": "Mental health strategy",
        "summary_ar": "قيد التخطيط ولم تُنشر بعد.",
        "summary_en": "Being planned; not yet public.",
        "comments": [],
        "ideas": [],
    },
    {
        "entity": "moe",
        "phase": "preparation",
        "sector": "education",
        "un_level": "e-information",
        "escwa_stage": "openness",
        "title_ar": "دليل أولياء الأمور",
        "title_en": "Parents' guide",
        "summary_ar": "قيد التحضير.",
        "summary_en": "In preparation.",
        "comments": [],
        "ideas": [],
    },
]


def seed(*, stdout) -> None:
    now = timezone.now()
    people = list(User.objects.filter(email__startswith="citizen").order_by("email")) + list(
        User.objects.filter(email="resident@sharik.example")
    )
    for spec in CONSULTATIONS:
        entity = Entity.objects.get(slug=spec["entity"])
        consultation, created = Consultation.objects.get_or_create(
            entity=entity,
            title_ar=spec["title_ar"],
            defaults={
                "title_en": spec["title_en"],
                "summary_ar": spec["summary_ar"],
                "summary_en": spec["summary_en"],
                "body_ar": spec.get("body_ar", ""),
                "body_en": spec.get("body_en", ""),
                "phase": spec["phase"],
                "sector": spec["sector"],
                "un_level": spec["un_level"],
                "escwa_stage": spec["escwa_stage"],
                "opens_at": now + spec["opens"] * DAY if "opens" in spec else None,
                "closes_at": now + spec["closes"] * DAY if "closes" in spec else None,
                "decision_ar": spec.get("decision_ar", ""),
                "decision_en": spec.get("decision_en", ""),
                "decision_rationale_ar": spec.get("rationale_ar", ""),
                "decision_rationale_en": spec.get("rationale_en", ""),
                "decided_at": now + spec["decided"] * DAY if "decided" in spec else None,
            },
        )
        if not created:
            continue
        if "poll" in spec:
            q_ar, q_en, options = spec["poll"]
            poll = Poll.objects.create(consultation=consultation, question_ar=q_ar, question_en=q_en)
            opts = [
                PollOption.objects.create(poll=poll, label_ar=a, label_en=e, order=i)
                for i, (a, e) in enumerate(options)
            ]
            for i, person in enumerate(people):
                vote = Vote.objects.create(poll=poll, user=person)
                VoteChoice.objects.create(vote=vote, option=opts[i % len(opts)])
        for i, text in enumerate(spec["comments"]):
            comment = Comment.objects.create(
                consultation=consultation, author=people[i % len(people)], body=text
            )
            if i == 0 and len(people) > 1:
                Comment.objects.create(
                    consultation=consultation,
                    author=people[-1],
                    parent=comment,
                    body="أتفق معك تماماً." if i % 2 == 0 else "I agree.",
                )
        for title, body in spec["ideas"]:
            idea = Idea.objects.create(consultation=consultation, author=people[0], title=title, body=body)
            for person in people[1:3]:
                IdeaSupport.objects.create(idea=idea, user=person)
    stdout.write(f"consultations: {Consultation.objects.count()}")

    from . import demo_archive

    demo_archive.seed(stdout=stdout)
