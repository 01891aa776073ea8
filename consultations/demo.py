"""Demo consultations in every phase, with comments, polls, votes and ideas."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from governance.models import Entity
from sharik.accounts.models import User

from .models import (
    Comment,
    Consultation,
    ConsultationDocument,
    Idea,
    IdeaSupport,
    Poll,
    PollOption,
    Vote,
    VoteChoice,
)
from .phases import Phase

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
        "participation": "anyone",
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
        "participation": "verified",
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
        "phase": "evaluation",
        "sector": "health",
        "un_level": "e-consultation",
        "escwa_stage": "collaboration",
        "opens": -150,
        "closes": -110,
        "decided": -60,
        "title_ar": "ساعات عمل الصيدليات المناوبة",
        "title_en": "Opening hours of on-duty pharmacies",
        "summary_ar": "استشارة حول ساعات عمل الصيدليات المناوبة في الليل وأيام العطل.",
        "summary_en": "A consultation on the opening hours of on-duty pharmacies at night and on holidays.",
        "decision_ar": "تعمل صيدلية مناوبة واحدة على الأقل في كل مدينة على مدار الساعة.",
        "decision_en": "At least one on-duty pharmacy in every city stays open around the clock.",
        "rationale_ar": "طلب أغلب المشاركين خدمة ليلية قريبة من سكنهم.",
        "rationale_en": "Most participants asked for a night service close to where they live.",
        "poll": (
            "هل تحتاج إلى صيدلية ليلاً؟",
            "Do you need a pharmacy at night?",
            [("نعم", "Yes"), ("نادراً", "Rarely")],
        ),
        "comments": ["الصيدلية المناوبة بعيدة عن منطقتنا.", "Please publish the on-duty list online."],
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
                "sector": spec["sector"],
                "un_level": spec["un_level"],
                "escwa_stage": spec["escwa_stage"],
            },
        )
        if not created:
            continue
        poll_options = []
        if "poll" in spec:
            q_ar, q_en, options = spec["poll"]
            poll = Poll.objects.create(consultation=consultation, question_ar=q_ar, question_en=q_en)
            poll_options = [
                PollOption.objects.create(poll=poll, label_ar=a, label_en=e, order=i)
                for i, (a, e) in enumerate(options)
            ]
        _walk(consultation, spec, now=now, people=people, poll_options=poll_options)
    _documents()
    from . import demo_archive

    demo_archive.seed(stdout=stdout)
    from . import demo_instruments

    demo_instruments.seed(stdout=stdout)

    from . import demo_drafts  # draft documents, co-drafting, follow-ups (issue 8)

    demo_drafts.seed(stdout=stdout)

    from . import demo_agenda  # citizens set the agenda (issue 14)

    demo_agenda.seed(stdout=stdout)

    from . import demo_reach  # follow, digests, the participation corner (issue 15)

    demo_reach.seed(stdout=stdout)
    from . import demo_debates  # debates, agree/disagree marks, word lists, the review queue (issue 14)

    demo_debates.seed(stdout=stdout)
    from . import demo_cases  # suggestions and complaints (issue 14)

    demo_cases.seed(stdout=stdout)
    stdout.write(f"consultations: {Consultation.objects.count()}")


def _documents() -> None:
    """An attached document on the open consultation (anyone may open it) and on a draft (its staff only,
    through a signed link: sharik/core/private_files.py)."""
    text = "مسودة للنقاش — Draft for discussion\n1. ...\n".encode()
    for consultation in (
        Consultation.objects.filter(phase=Phase.CONDUCT).order_by("pk").first(),
        Consultation.objects.filter(phase__in=[Phase.PREPARATION, Phase.PLANNING]).order_by("pk").first(),
    ):
        if consultation is None or consultation.documents.exists():
            continue
        ConsultationDocument.objects.create(
            consultation=consultation,
            title_ar="المسودة للنقاش",
            title_en="The draft for discussion",
            file=ContentFile(text, name="draft-for-discussion.txt"),
        )


# --- Walking a demo campaign through the real lifecycle, so its history and records show -------------


def _contribute(consultation, spec, *, people, poll_options) -> None:
    """Demo contributions, written directly as demo data (the services would refuse a closed campaign)."""
    if spec.get("participation") == "verified":
        people = [p for p in people if p.is_verified_resident] or people
    for i, person in enumerate(people):
        if poll_options:
            vote = Vote.objects.create(poll=poll_options[0].poll, user=person)
            VoteChoice.objects.create(vote=vote, option=poll_options[i % len(poll_options)])
    for i, text in enumerate(spec["comments"]):
        comment = Comment.objects.create(consultation=consultation, author=people[i % len(people)], body=text)
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


def _staff(entity):
    """The entity's demo coordinator (or the superuser), and the federal reviewer of plans."""
    coordinator = User.objects.filter(email=f"coordinator.{entity.slug}@sharik.example").first()
    if coordinator is None or not coordinator.has_perm("governance.coordinate_entity", entity):
        # e.g. a coordinator whose nomination the governance demo approves later on
        coordinator = User.objects.filter(is_superuser=True).order_by("pk").first()
    return coordinator, User.objects.get(email="federal@sharik.example")


def _walk(consultation, spec, *, now, people, poll_options) -> None:
    from .models import (
        CommentFlag,
        CommunicationActivity,
        Decision,
        Evaluation,
        OfflineContribution,
        Plan,
        Readiness,
    )
    from .phases import Phase
    from .selectors_lifecycle import poll_tallies
    from .services import lifecycle as lc

    order = list(Phase.values)
    target = order.index(spec["phase"])
    coordinator, reviewer = _staff(consultation.entity)
    binding = spec["un_level"] == "e-decision-making"
    opens = now + spec.get("opens", 10) * DAY
    closes = now + spec.get("closes", 40) * DAY
    decided = now + spec.get("decided", -1) * DAY
    # When each phase began, for the back-dated history: preparation and planning before opening.
    began = {
        Phase.PLANNING: opens - 20 * DAY,
        Phase.CONDUCT: opens,
        Phase.ANALYSIS: closes,
        Phase.ANNOUNCEMENT: decided,
        Phase.EVALUATION: decided + 7 * DAY,
        Phase.ARCHIVED: decided + 30 * DAY,
    }

    def advance(to_phase, note=""):
        lc.consultation_advance(consultation=consultation, to_phase=to_phase, user=coordinator, note=note)

    readiness = Readiness(
        consultation=consultation,
        goal_type=Readiness.GoalType.VOTE if poll_options else Readiness.GoalType.DRAFT,
        goal=spec["summary_ar"],
        management_support="يرعى وكيل الوزارة الحملة ويتابعها شهرياً.",
        readiness_people="منسق المشاركة الإلكترونية وفريق الاتصال.",
        readiness_budget="ضمن ميزانية الاتصال الحكومي.",
        readiness_procedures="" if target == 0 else "لا توجد عوائق قانونية؛ الإجراءات الداخلية معتمدة.",
        audience="أولياء الأمور والمقيمون في جميع الإمارات.",
        audience_readiness="" if target == 0 else "معتادون على الخدمات الإلكترونية.",
    )
    lc.readiness_save(readiness=readiness, user=coordinator)
    lc.communication_log(
        activity=CommunicationActivity(
            consultation=consultation,
            audience="الجمهور العام",
            channel=CommunicationActivity.Channel.TWITTER,
            message=spec["summary_ar"],
            date=(opens - 25 * DAY).date(),
        ),
        user=coordinator,
    )
    if target == 0:
        return
    lc.readiness_green_light(readiness=readiness, user=coordinator, given_by="وكيل الوزارة")
    advance(Phase.PLANNING, "الجاهزية مكتملة وموافقة الإدارة مسجلة.")
    plan = Plan(
        consultation=consultation,
        objective=spec["summary_ar"],
        channels="البوابة، البريد الإلكتروني، الرسائل النصية، تويتر",
        timeline="أربعة أسابيع للمشاركة ثم أسبوعان للتحليل.",
        decision_method=Plan.DecisionMethod.BINDING_VOTE if binding else Plan.DecisionMethod.ENTITY_DECIDES,
        announcement_method="على صفحة الاستشارة وبالبريد لكل مشارك.",
        slogan="رأيك يصنع القرار",
        participation=spec.get("participation", Plan.Participation.REGISTERED),
    )
    lc.plan_save(plan=plan, user=coordinator)
    # Planned numbers: the campaign insight shows planned against reached participants per group.
    plan.target_groups.create(
        name="أولياء الأمور", language="ar", place="dubai", age_band="35-44", planned_participants=4
    )
    plan.target_groups.create(name="English-speaking residents", language="en", planned_participants=3)
    plan.target_groups.create(name="المقيمون الموثَّقون", verified_residents=True, planned_participants=5)
    lc.plan_submit(plan=plan, user=coordinator)
    if target == 1:  # waiting for the federal team's review: a screen to try
        Consultation.objects.filter(pk=consultation.pk).update(opens_at=opens, closes_at=closes)
        return
    lc.plan_review(plan=plan, user=reviewer, approve=True)
    # The guard wants future dates; the demo then moves them to the story's dates.
    consultation.opens_at, consultation.closes_at = now, now + DAY
    consultation.save(update_fields=["opens_at", "closes_at"])
    advance(Phase.CONDUCT)
    Consultation.objects.filter(pk=consultation.pk).update(opens_at=opens, closes_at=closes)
    consultation.refresh_from_db()
    _contribute(consultation, spec, people=people, poll_options=poll_options)
    comment = consultation.comments.filter(parent__isnull=True).first()
    if comment is not None and target == 2 and len(people) > 1:
        CommentFlag.objects.get_or_create(comment=comment, user=people[1], defaults={"reason": "off-topic"})
    if target == 2:
        if spec["entity"] == "moe":
            lc.consultation_extend(
                consultation=consultation,
                user=coordinator,
                closes_at=closes + 7 * DAY,
                reason="تمديد أسبوعاً بطلب من مجالس أولياء الأمور.",
            )
        _backdate(consultation, began, now)
        return
    lc.offline_contribution_save(
        contribution=OfflineContribution(
            consultation=consultation,
            channel=OfflineContribution.Channel.FOCUS_GROUP,
            date=(closes - 5 * DAY).date(),
            people_count=12,
            text="جلسة نقاش مركزة مع اثني عشر مشاركاً أيدت الخيار الأول.",
            poll_option=poll_options[0] if poll_options else None,
        ),
        user=coordinator,
    )
    advance(Phase.ANALYSIS, "أُغلقت عند الموعد النهائي.")
    if target == 3:
        _backdate(consultation, began, now)
        return
    winning = None
    if poll_options:
        winning = next(o["option"] for o in poll_tallies(consultation)[0]["options"] if o["leading"])
    decision = Decision(
        consultation=consultation,
        text_ar=spec["decision_ar"],
        text_en=spec["decision_en"],
        rationale_ar=spec["rationale_ar"],
        rationale_en=spec["rationale_en"],
        input_summary_ar="شارك المواطنون والمقيمون بالتصويت والتعليقات وجلسة نقاش مركزة.",
        input_summary_en="Citizens and residents took part by voting, commenting and in a focus group.",
        not_adopted_ar="لم يكن ممكناً تطبيق بعض المقترحات فوراً لأسباب تتعلق بالميزانية.",
        not_adopted_en="Some proposals could not be applied at once for budget reasons.",
        thanks_ar="شكراً لكل من شارك برأيه.",
        thanks_en="Thank you to everyone who shared their view.",
        winning_option=winning if binding else None,
    )
    lc.decision_save(decision=decision, user=coordinator)
    lc.decision_approve(decision=decision, user=coordinator, approved_from="وكيل الوزارة")
    Decision.objects.filter(pk=decision.pk).update(approved_at=decided)
    Consultation.objects.filter(pk=consultation.pk).update(decided_at=decided)
    advance(Phase.ANNOUNCEMENT, "نُشرت النتائج وأُبلغ المشاركون.")
    if target >= 5:
        advance(Phase.EVALUATION)
    if target >= 6:
        evaluation = Evaluation.objects.get(consultation=consultation)
        evaluation.plan_complete = "نعم، وكانت الخطة مفهومة للفريق."
        evaluation.participation_level = "متوسطة؛ ساعدت الرسائل النصية على رفعها."
        evaluation.channels_effective = "كانت البوابة والرسائل النصية الأكثر فاعلية."
        evaluation.contributions_useful = "نعم، غيّرت المساهمات صيغة القرار."
        evaluation.improvements = "البدء بالتواصل قبل موعد الافتتاح بوقت أطول."
        lc.evaluation_save(evaluation=evaluation, user=coordinator)
        advance(Phase.ARCHIVED, "اكتمل التقييم.")
    _backdate(consultation, began, now)


def _backdate(consultation, began, now) -> None:
    """Give the history the story's dates (demo only; real transitions keep their own time)."""
    for transition in consultation.transitions.all():
        when = min(began.get(transition.to_phase, now), now)
        type(transition).objects.filter(pk=transition.pk).update(created_at=when)
    Consultation.objects.filter(pk=consultation.pk).update(created_at=min(began.values()) - 10 * DAY)
