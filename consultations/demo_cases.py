"""Demo of suggestions and complaints (issue 14): service levels and cases in every state.

Idempotent: keyed on the subject. The cases are filed and worked through the services (so the
history, the notifications and the due dates are real); the older ones are filed on past dates so
that the dashboard shows cases within and past their service level, one of them escalated.
"""

from datetime import datetime, timedelta

from django.utils import timezone

from governance.models import Entity
from sharik.accounts.models import User

from .models import Case, CaseServiceLevel
from .services import cases as services
from .working_days import working_days_between

# (entity, acknowledge, answer, escalate after) in working days; other entities keep the defaults (1, 5, 2).
LEVELS = [("mohap", 2, 10, 3)]

# (subject, body, kind, entity, author, state, filed so many working days ago, reopened)
CASES = [
    (
        "تأخر الحافلة المدرسية كل صباح",
        "تصل الحافلة المدرسية في حيّنا متأخرة أربعين دقيقة كل صباح منذ بداية الفصل الدراسي.",
        "complaint",
        "moe",
        "citizen@sharik.example",
        "received",
        0,
        False,
    ),
    (
        "Longer opening hours for the school library",
        "Could the school libraries stay open until six in the evening during the exam weeks?",
        "suggestion",
        "moe",
        "resident@sharik.example",
        "assigned",
        1,
        False,
    ),
    (
        "لم يُردّ على طلب معادلة الشهادة",
        "قدّمت طلب معادلة شهادة قبل شهرين ولم أتلقَّ أي رد رغم المتابعة بالهاتف.",
        "complaint",
        "moe",
        "citizen3@sharik.example",
        "received",
        12,  # past its service level: reminded and escalated by the beat
        False,
    ),
    (
        "مواعيد العيادات المسائية",
        "نقترح إضافة مواعيد مسائية في عيادات الرعاية الأولية للعاملين في النهار.",
        "suggestion",
        "mohap",
        "citizen@sharik.example",
        "answered",
        3,
        False,
    ),
    (
        "Waiting time at the vaccination centre",
        "I waited three hours at the vaccination centre although I had an appointment.",
        "complaint",
        "mohap",
        "resident@sharik.example",
        "closed",
        8,
        True,  # answered, reopened, answered again, closed with a rating
    ),
    (
        "نموذج التسجيل في الاستشارة لا يعمل على الهاتف",
        "لا يظهر زر الإرسال في نموذج التسجيل عند فتحه من الهاتف المحمول.",
        "complaint",
        "moe",
        "citizen4@sharik.example",
        "closed",
        6,
        False,
    ),
]


def _working_days_ago(n: int):
    """The day `n` UAE working days before today."""
    today = timezone.localdate()
    day = today
    while working_days_between(day, today) < n:
        day -= timedelta(days=1)
    return day


def seed(*, stdout) -> None:
    for slug, ack, answer, escalate in LEVELS:
        entity = Entity.objects.filter(slug=slug).first()
        if entity is not None:
            CaseServiceLevel.objects.get_or_create(
                entity=entity,
                defaults={
                    "acknowledge_working_days": ack,
                    "answer_working_days": answer,
                    "escalate_after_working_days": escalate,
                },
            )
    for subject, body, kind, slug, email, state, ago, reopened in CASES:
        if Case.objects.filter(subject=subject).exists():
            continue
        entity = Entity.objects.filter(slug=slug).first()
        author = User.objects.filter(email=email).first()
        staff = services.case_staff(entity).order_by("pk").first() if entity else None
        if entity is None or author is None or staff is None:
            stdout.write(f"cases: skipped “{subject}” (run the accounts and governance demos first)")
            continue
        filed_on = _working_days_ago(ago)
        case = services.case_file(
            author=author,
            entity=entity,
            kind=kind,
            subject=subject,
            body=body,
            today=filed_on,
        )
        Case.objects.filter(pk=case.pk).update(
            created_at=timezone.make_aware(datetime(filed_on.year, filed_on.month, filed_on.day, 10))
        )
        if state in ("assigned", "answered", "closed"):
            case = services.case_assign(case=case, user=staff, assignee=staff)
            services.case_note_add(
                case=case,
                user=staff,
                body="ملاحظة داخلية: تم التواصل مع الإدارة المختصة (لا يراها مقدّم الطلب).",
            )
        if state in ("answered", "closed"):
            case = services.case_answer(
                case=case,
                user=staff,
                answer="شكرًا لتواصلك. درسنا طلبك وأحلناه إلى الإدارة المختصة، وسنعتمد الحل خلال هذا الشهر.",
            )
        if reopened:
            case = services.case_reopen(case=case, user=author, reason="ما زالت المشكلة قائمة.")
            case = services.case_answer(
                case=case,
                user=staff,
                answer="نعتذر عن ذلك. أضفنا فريقًا ثانيًا في المركز وصار وقت الانتظار أقل من ثلاثين دقيقة.",
            )
        if state == "closed":
            services.case_close(case=case, user=author, rating=4 if reopened else 5, comment="شكرًا")
    services.cases_service_levels_check()
    stdout.write(f"cases: {Case.objects.count()} suggestions and complaints")
