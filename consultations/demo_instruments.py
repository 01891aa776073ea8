"""Demo engagement instruments: a survey (with a paper response), a participatory budget, an opinion map.

Idempotent: each instrument is found by its Arabic title (or statement text) and only created once.
Answers and votes are written directly as demo data; the opinion map is computed by its service.
"""

from sharik.accounts.models import User

from .models import (
    BudgetAllocation,
    BudgetProject,
    Consultation,
    OpinionStatement,
    OpinionVote,
    ParticipatoryBudget,
    Survey,
    SurveyAnswer,
    SurveyChoice,
    SurveyQuestion,
    SurveyResponse,
)
from .services.instruments import opinion_map_compute

SURVEY_QUESTIONS = [
    (
        "single",
        "كيف تحجز موعدك عادة؟",
        "How do you usually book an appointment?",
        True,
        [("التطبيق", "The app"), ("الهاتف", "By phone"), ("في المركز", "At the centre")],
    ),
    (
        "multiple",
        "ما الذي يزعجك في الحجز؟",
        "What bothers you when booking?",
        False,
        [
            ("الانتظار الطويل", "Long waits"),
            ("قلة المواعيد", "Few slots"),
            ("صعوبة الإلغاء", "Hard to cancel"),
        ],
    ),
    ("scale", "ما مدى رضاك عن الخدمة الحالية؟", "How satisfied are you with the current service?", True, []),
    (
        "ranking",
        "رتّب الأولويات",
        "Rank the priorities",
        False,
        [
            ("مواعيد مسائية", "Evening slots"),
            ("تذكير بالرسائل", "SMS reminders"),
            ("حجز للعائلة", "Family booking"),
        ],
    ),
    ("text", "اقتراحات أخرى", "Other suggestions", False, []),
]

BUDGET_PROJECTS = [
    ("ممشى حول المحمية", "A walking trail around the reserve", 400_000),
    ("مركز للزوار", "A visitor centre", 700_000),
    ("مظلات ومقاعد", "Shades and benches", 150_000),
    ("لوحات تعريفية بالعربية والإنجليزية", "Bilingual information boards", 80_000),
]

STATEMENTS = [
    "يجب ألا يتجاوز التعلم عن بُعد يومين في الفصل.",
    "Screen time limits should be set by parents, not schools.",
    "على المدارس توفير أجهزة للأسر المحتاجة.",
    "Distance learning days help in bad weather.",
    "يجب تسجيل الدروس ليشاهدها الطلاب لاحقاً.",
]


def _people():
    return list(User.objects.filter(email__endswith="@sharik.example", is_staff=False).order_by("email"))


def seed(*, stdout) -> None:
    people = _people()
    made = 0
    health = Consultation.objects.filter(title_en="Improving appointment booking at health centres").first()
    if health is not None:
        survey, created = Survey.objects.get_or_create(
            consultation=health,
            title_ar="استبيان تجربة حجز المواعيد",
            defaults={"title_en": "Survey: your experience of booking appointments"},
        )
        if created:
            made += 1
            questions = []
            for order, (kind, ar, en, required, choices) in enumerate(SURVEY_QUESTIONS):
                q = SurveyQuestion.objects.create(
                    survey=survey, kind=kind, text_ar=ar, text_en=en, required=required, order=order
                )
                ids = [
                    SurveyChoice.objects.create(question=q, label_ar=a, label_en=e, order=i).pk
                    for i, (a, e) in enumerate(choices)
                ]
                questions.append((q, ids))
            for i, person in enumerate([*people, None]):  # the last one is a paper questionnaire
                response = SurveyResponse.objects.create(
                    survey=survey, user=person, is_offline=person is None
                )
                for q, ids in questions:
                    value = {
                        "single": ids[i % len(ids)] if ids else None,
                        "multiple": ids[: 1 + i % 2] if ids else None,
                        "scale": 2 + i % 4,
                        "ranking": ids[i % 3 :] + ids[: i % 3] if ids else None,
                        "text": "مواعيد يوم السبت" if i % 3 == 0 else None,
                    }[q.kind]
                    if value is not None:
                        SurveyAnswer.objects.create(response=response, question=q, value=value)
    reserve = Consultation.objects.filter(title_en="Choosing the site of the new nature reserve").first()
    if reserve is not None:
        budget, created = ParticipatoryBudget.objects.get_or_create(
            consultation=reserve,
            title_ar="ميزانية مرافق المحمية",
            defaults={
                "title_en": "Budget for the reserve's facilities",
                "description_ar": "اختر المشاريع التي تمولها ضمن مليون درهم.",
                "description_en": "Choose the projects to fund within one million dirhams.",
                "total": 1_000_000,
            },
        )
        if created:
            made += 1
            projects = [
                BudgetProject.objects.create(budget=budget, title_ar=a, title_en=e, cost=c, order=i)
                for i, (a, e, c) in enumerate(BUDGET_PROJECTS)
            ]
            baskets = [[0, 2, 3], [1, 3], [0, 2], [0, 3], [1, 2], [0]]
            for person, basket in zip(people, baskets, strict=False):
                allocation = BudgetAllocation.objects.create(budget=budget, user=person)
                allocation.projects.set([projects[j] for j in basket])
    learning = Consultation.objects.filter(
        title_en="Draft policy on distance learning in public schools"
    ).first()
    if learning is not None and people and not learning.opinion_statements.exists():
        made += 1
        statements = [
            OpinionStatement.objects.create(consultation=learning, author=people[i % len(people)], text=text)
            for i, text in enumerate(STATEMENTS)
        ]
        # Two camps: the first half favours limits, the second half favours flexibility; all want devices.
        for i, person in enumerate(people):
            camp = 1 if i < len(people) / 2 else -1
            for j, statement in enumerate(statements):
                value = 1 if j == 2 else (camp if j % 2 == 0 else -camp)
                OpinionVote.objects.create(statement=statement, user=person, value=value)
        opinion_map_compute(consultation=learning)
    decided = Consultation.objects.filter(title_en="Flexible work in the private sector").first()
    if decided is not None and people:
        made += _seed_decided(decided, people)
    stdout.write(f"consultations (instruments): {made} created")


# The decided campaign has one of each instrument, so its archive record (the outcome on its page, the
# archive export and the API detail) shows what each one gave.
DECIDED_STATEMENTS = [
    "العمل المرن يرفع الإنتاجية.",
    "Flexible hours should not mean being reachable at all times.",
    "يجب أن يبقى يوم واحد على الأقل في المكتب.",
    "Small companies need support to offer flexible work.",
]
DECIDED_PROJECTS = [
    ("منصة لتسجيل ساعات العمل المرن", "A platform to record flexible hours", 300_000),
    ("تدريب المديرين على إدارة الفرق عن بعد", "Training managers to lead remote teams", 200_000),
    ("مساحات عمل مشتركة في المناطق البعيدة", "Shared workspaces in remote areas", 450_000),
]


def _seed_decided(consultation, people) -> int:
    made = 0
    survey, created = Survey.objects.get_or_create(
        consultation=consultation,
        title_ar="استبيان العاملين عن ترتيبات العمل المرن",
        defaults={"title_en": "Survey of employees on flexible work arrangements"},
    )
    if created:
        made += 1
        question = SurveyQuestion.objects.create(
            survey=survey,
            kind="scale",
            text_ar="ما مدى اهتمامك بالعمل المرن؟",
            text_en="How interested are you in flexible work?",
        )
        for i, person in enumerate([*people, None, None]):  # two paper questionnaires from a workshop
            response = SurveyResponse.objects.create(survey=survey, user=person, is_offline=person is None)
            SurveyAnswer.objects.create(response=response, question=question, value=3 + i % 3)
    budget, created = ParticipatoryBudget.objects.get_or_create(
        consultation=consultation,
        title_ar="ميزانية دعم العمل المرن",
        defaults={"title_en": "Budget to support flexible work", "total": 600_000},
    )
    if created:
        made += 1
        projects = [
            BudgetProject.objects.create(budget=budget, title_ar=a, title_en=e, cost=c, order=i)
            for i, (a, e, c) in enumerate(DECIDED_PROJECTS)
        ]
        baskets = [[0, 1], [0], [2], [0, 1], [1], [2]]
        for person, basket in zip(people, baskets, strict=False):
            allocation = BudgetAllocation.objects.create(budget=budget, user=person)
            allocation.projects.set([projects[j] for j in basket])
    if not consultation.opinion_statements.exists():
        made += 1
        statements = [
            OpinionStatement.objects.create(consultation=consultation, author=people[i % len(people)], text=t)
            for i, t in enumerate(DECIDED_STATEMENTS)
        ]
        for i, person in enumerate(people):
            camp = 1 if i < len(people) / 2 else -1
            for j, statement in enumerate(statements):
                value = 1 if j == 0 else (camp if j % 2 else -camp)
                OpinionVote.objects.create(statement=statement, user=person, value=value)
        opinion_map_compute(consultation=consultation)
    return made
