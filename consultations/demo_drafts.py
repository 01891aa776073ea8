"""Demo draft documents, co-drafting and "you said, we did" follow-ups (idempotent: keyed on titles)."""

from datetime import timedelta

from django.utils import timezone

from sharik.accounts.models import User

from .models import (
    Amendment,
    AmendmentReaction,
    Comment,
    Consultation,
    Draft,
    DraftInvitation,
    FollowUp,
    ParagraphComment,
    ParagraphCommentSupport,
)
from .services import drafts as draft_services
from .services import followups as followup_services

POLICY_AR = """# أولًا: أيام التعلم عن بُعد

يجوز للمدرسة أن تعتمد ما لا يزيد على خمسة أيام للتعلم عن بُعد في كل فصل دراسي.

تُبلَّغ الأسر بيوم التعلم عن بُعد قبل ثلاثة أيام عمل على الأقل.

# ثانيًا: ساعات الشاشة

لا تتجاوز الحصص المباشرة عبر الشاشة ثلاث ساعات يوميًا لطلبة الحلقة الأولى.

# ثالثًا: دعم الأسر

توفر الوزارة أجهزة على سبيل الإعارة للأسر التي لا تملك أجهزة كافية."""

POLICY_EN = """# First: distance-learning days

A school may adopt no more than five distance-learning days each term.

Families are told of a distance-learning day at least three working days in advance.

# Second: screen time

Live lessons on screen do not exceed three hours a day for cycle-one pupils.

# Third: support for families

The ministry lends devices to families who do not have enough of them."""

COMMENTS = [
    (1, "ثلاثة أيام عمل غير كافية للأسر العاملة؛ أقترح أسبوعًا كاملًا."),
    (1, "Please send the notice by SMS as well as the school app."),
    (2, "ثلاث ساعات كثيرة على الأطفال في هذا العمر."),
    (2, "أتفق مع تحديد سقف، لكن مع فترات راحة كل ساعة."),
    (2, "Screen time should include breaks of ten minutes."),
    (3, "يجب أن تشمل الإعارة اتصال الإنترنت وليس الجهاز فقط."),
]


def seed(*, stdout) -> None:
    coordinator = (
        User.objects.filter(email="coordinator.moe@sharik.example").first()
        or User.objects.filter(is_superuser=True).order_by("pk").first()
    )
    people = list(User.objects.filter(email__startswith="citizen").order_by("email"))
    if coordinator is None or len(people) < 3:
        return
    policy = Consultation.objects.filter(
        title_en="Draft policy on distance learning in public schools"
    ).first()
    if policy is not None:
        _seed_policy(policy, coordinator=coordinator, people=people)
    decided = Consultation.objects.filter(title_en="Flexible work in the private sector").first()
    if decided is not None and hasattr(decided, "decision_record"):
        _seed_follow_ups(decided, coordinator=None, people=people)
    stdout.write(
        f"drafts: {Draft.objects.count()}, amendments: {Amendment.objects.count()}, "
        f"follow-ups: {FollowUp.objects.count()}"
    )


def _seed_policy(consultation, *, coordinator, people) -> None:
    if Draft.objects.filter(consultation=consultation, title_ar="نص مسودة سياسة التعلم عن بُعد").exists():
        return
    # Demo data written by the seeding itself (user=None: no permission check, as for a command).
    draft = draft_services.draft_create(
        consultation=consultation,
        user=None,
        title_ar="نص مسودة سياسة التعلم عن بُعد",
        title_en="Text of the draft distance-learning policy",
        text_ar=POLICY_AR,
        text_en=POLICY_EN,
        co_drafting=True,
    )
    paragraphs = list(draft.current_version.paragraphs.order_by("order"))
    for i, (index, body) in enumerate(COMMENTS):
        comment = ParagraphComment.objects.create(
            paragraph=paragraphs[index], author=people[i % len(people)], body=body
        )
        for supporter in people[(i + 1) % len(people) : (i + 1) % len(people) + 2]:
            if supporter.pk != comment.author_id:
                ParagraphCommentSupport.objects.get_or_create(comment=comment, user=supporter)
    draft_services.paragraph_answer(
        paragraph=paragraphs[2],
        user=None,
        answer_ar="نراجع السقف مع خبراء صحة الطفل، وسنضيف فترات راحة إلزامية.",
        answer_en="We are reviewing the limit with child-health experts and will add compulsory breaks.",
    )
    # Co-drafting: a parents' association, a private school network and an expert.
    stakeholders = [
        (people[0], DraftInvitation.Group.CIVIL_SOCIETY, "جمعية أولياء الأمور"),
        (people[1], DraftInvitation.Group.PRIVATE_SECTOR, "شبكة المدارس الخاصة"),
        (people[2], DraftInvitation.Group.EXPERT, "خبير تربوي"),
    ]
    for person, group, organisation in stakeholders:
        draft_services.draft_invite(
            draft=draft, user=None, person=person, group=group, organisation=organisation
        )
    accepted = Amendment.objects.create(
        paragraph=paragraphs[1],
        author=people[0],
        proposed_text="تُبلَّغ الأسر بيوم التعلم عن بُعد قبل خمسة أيام عمل على الأقل، برسالة نصية وعبر تطبيق المدرسة.",
        rationale="تحتاج الأسر العاملة إلى وقت لترتيب رعاية الأطفال.",
    )
    rejected = Amendment.objects.create(
        paragraph=paragraphs[0],
        author=people[1],
        proposed_text="يجوز للمدرسة أن تعتمد ما تراه مناسبًا من أيام التعلم عن بُعد.",
        rationale="مرونة أكبر للمدارس الخاصة.",
    )
    Amendment.objects.create(
        paragraph=paragraphs[3],
        author=people[2],
        proposed_text="لا تتجاوز الحصص المباشرة عبر الشاشة ساعتين يوميًا لطلبة الحلقة الأولى، مع استراحة كل أربعين دقيقة.",
        rationale="توصيات منظمة الصحة العالمية لهذه الفئة العمرية.",
    )
    for amendment in (accepted, rejected):
        for person in people[2:5]:
            if person.pk != amendment.author_id:
                AmendmentReaction.objects.get_or_create(
                    amendment=amendment,
                    user=person,
                    defaults={"kind": "support" if amendment is accepted else "object"},
                )
    draft_services.amendment_decide(
        amendment=rejected, user=None, accept=False, reason="يبقى سقف موحد ضروريًا لضمان العدالة بين الطلبة."
    )
    draft_services.amendment_decide(
        amendment=accepted, user=None, accept=True, reason="مقبول: يمنح الأسر وقتًا كافيًا ويضيف قناة إبلاغ."
    )
    # A few comments on the new version, so its page has a heat strip too.
    current = list(draft.current_version.paragraphs.order_by("order"))
    for i, (index, body) in enumerate(
        [
            (1, "خمسة أيام عمل مدة مناسبة، شكرًا للاستجابة."),
            (3, "ماذا عن طلبة الحلقة الثانية؟"),
            (1, "Thank you."),
        ]
    ):
        ParagraphComment.objects.create(
            paragraph=current[index], author=people[(i + 3) % len(people)], body=body
        )


def _seed_follow_ups(consultation, *, coordinator, people) -> None:
    comments = list(Comment.objects.filter(consultation=consultation, parent=None).order_by("pk"))
    if not comments:
        return
    today = timezone.localdate()
    actions = [
        (
            comments[0],
            "إصدار دليل العمل المرن للشركات",
            "Publish the flexible-work guide for companies",
            FollowUp.Status.DONE,
            -60,
            -10,
        ),
        (
            comments[-1],
            "قياس أثر العمل عن بُعد على الازدحام المروري",
            "Measure the effect of remote work on traffic congestion",
            FollowUp.Status.IN_PROGRESS,
            -15,
            90,
        ),
    ]
    for target, action_ar, action_en, status, starts, due in actions:
        if FollowUp.objects.filter(consultation=consultation, action_ar=action_ar).exists():
            continue
        follow_up = followup_services.followup_create(
            consultation=consultation,
            user=coordinator,
            target=target,
            action_ar=action_ar,
            action_en=action_en,
            starts_on=today + timedelta(days=starts),
            due_on=today + timedelta(days=due),
        )
        if status != FollowUp.Status.PLANNED:
            followup_services.followup_status_set(follow_up=follow_up, user=coordinator, status=status)
