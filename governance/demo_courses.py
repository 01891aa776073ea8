"""Demo data of the coordinators' e-course: a course of two modules with exams, one certificate, one failed try."""

from sharik.accounts.demo import _user

from .models import Choice, Course, CourseModule, ExamAttempt, Question
from .services import courses as course_services

MODULES = [
    (
        "ما المشاركة الإلكترونية؟",
        "What is e-participation?",
        "المشاركة الإلكترونية هي إشراك الجمهور في صنع السياسات عبر القنوات الرقمية: المعلومات، والتشاور، "
        "وصنع القرار (مستويات الأمم المتحدة الثلاثة).",
        "E-participation involves the public in policy making through digital channels: information, "
        "consultation and decision-making (the UN's three levels).",
        [
            (
                "single",
                "كم مستوى للمشاركة الإلكترونية عند الأمم المتحدة؟",
                "How many UN e-participation levels?",
                [("ثلاثة", "Three", True), ("خمسة", "Five", False), ("اثنان", "Two", False)],
            ),
            (
                "true_false",
                "التشاور الإلكتروني أحد مستويات الأمم المتحدة.",
                "E-consultation is one of the UN levels.",
                [("صح", "True", True), ("خطأ", "False", False)],
            ),
            (
                "multiple",
                "أيّ مما يلي من مستويات الأمم المتحدة؟",
                "Which of these are UN levels?",
                [
                    ("المعلومات", "Information", True),
                    ("صنع القرار", "Decision-making", True),
                    ("الإعلان", "Advertising", False),
                ],
            ),
            (
                "single",
                "من يعتمد خطة الجهة السنوية؟",
                "Who approves the entity's annual plan?",
                [("الجهة نفسها", "The entity itself", True), ("الجمهور", "The public", False)],
            ),
            (
                "true_false",
                "تُنشر نتائج الاستشارة للجمهور.",
                "A consultation's outcome is published.",
                [("صح", "True", True), ("خطأ", "False", False)],
            ),
        ],
    ),
    (
        "إدارة حملة تشاور",
        "Running a consultation campaign",
        "خطّط للحملة، وانشرها، وأدرها، وحلّل المساهمات، وأعلن ما قررته الجهة: «قلتم، فعلنا».",
        "Plan the campaign, publish it, moderate, analyse the contributions and announce what the entity "
        "decided: \u201cyou said, we did\u201d.",
        [
            (
                "single",
                "ما آخر مراحل الحملة؟",
                "What is the campaign's last phase?",
                [("التقييم والأرشفة", "Evaluation and archive", True), ("التخطيط", "Planning", False)],
            ),
            (
                "true_false",
                "يجب الرد على المشاركين بما تقرر.",
                "Participants must hear what was decided.",
                [("صح", "True", True), ("خطأ", "False", False)],
            ),
            (
                "multiple",
                "ما الذي يُنشر عند إعلان القرار؟",
                "What is published with the decision?",
                [
                    ("القرار", "The decision", True),
                    ("أسبابه", "Its reasons", True),
                    ("أسماء المشاركين", "Participants' names", False),
                ],
            ),
            (
                "single",
                "من يشرف على التعليقات؟",
                "Who moderates the comments?",
                [("مشرف الجهة", "The entity's moderator", True), ("أي زائر", "Any visitor", False)],
            ),
            (
                "true_false",
                "يمكن تعديل الحملة بعد أرشفتها.",
                "An archived campaign can be edited.",
                [("صح", "True", False), ("خطأ", "False", True)],
            ),
        ],
    ),
]


def seed(*, stdout) -> None:
    course, created = Course.objects.get_or_create(
        slug="coordinators-foundation",
        defaults={
            "title_ar": "دورة المنسقين التأسيسية",
            "title_en": "Coordinators' foundation course",
            "summary_ar": "دورة إلكترونية لمنسقي المشاركة الإلكترونية في الجهات الاتحادية.",
            "summary_en": "The e-course for the federal entities' e-participation coordinators.",
            "skill": "learning",
            "is_published": True,
        },
    )
    if not created:
        return
    for position, (title_ar, title_en, body_ar, body_en, questions) in enumerate(MODULES, start=1):
        module = CourseModule.objects.create(
            course=course,
            position=position,
            title_ar=title_ar,
            title_en=title_en,
            body_ar=body_ar,
            body_en=body_en,
            video_url="https://www.youtube.com/@UAEGov",
            questions_per_attempt=4,
            pass_mark=75,
            max_attempts=3,
            wait_minutes=60,
        )
        for kind, text_ar, text_en, choices in questions:
            question = Question.objects.create(module=module, kind=kind, text_ar=text_ar, text_en=text_en)
            for choice_ar, choice_en, correct in choices:
                Choice.objects.create(
                    question=question, text_ar=choice_ar, text_en=choice_en, is_correct=correct
                )

    def sit(user, module, *, right: bool) -> ExamAttempt:
        attempt = course_services.exam_attempt_start(user=user, module=module)
        answers = {
            qid: set(Choice.objects.filter(question_id=qid, is_correct=right).values_list("pk", flat=True))
            for qid in attempt.question_ids
        }
        return course_services.exam_attempt_submit(user=user, attempt=attempt, answers=answers)

    moe = _user("coordinator.moe@sharik.example")
    for module in course.modules.all():
        sit(moe, module, right=True)  # certified
    sit(_user("coordinator.mohap@sharik.example"), course.modules.get(position=1), right=False)  # waiting
    stdout.write("e-course: coordinators-foundation (coordinator.moe holds a certificate)")
