"""Demo data of the advisory service «شوروك علينا»: service levels and a request in every state."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from sharik.accounts.demo import _user

from .models import AdvisoryRequest, AdvisoryServiceLevel, Entity
from .services import advisory as services


def seed(*, stdout) -> None:
    if AdvisoryServiceLevel.objects.exists():
        return
    AdvisoryServiceLevel.objects.create(
        code="standard",
        name="Standard / قياسي",
        triage_hours=24,
        answer_hours=5 * 24,
        remind_before_hours=24,
        escalate_after_hours=48,
    )
    urgent = AdvisoryServiceLevel.objects.create(
        code="urgent",
        name="Urgent / عاجل",
        triage_hours=4,
        answer_hours=48,
        remind_before_hours=8,
        escalate_after_hours=24,
    )
    moe = Entity.objects.get(slug="moe")
    mohap = Entity.objects.get(slug="mohap")
    coordinator = _user("coordinator.moe@sharik.example")
    health = _user("coordinator.mohap@sharik.example")
    federal = _user("federal@sharik.example")
    rows = [
        (
            moe,
            coordinator,
            "questionnaire",
            "استبيان رضا أولياء الأمور",
            "Parents' satisfaction questionnaire",
            None,
        ),
        (mohap, health, "consultation", "Consultation on clinic opening hours", None, "assigned"),
        (moe, coordinator, "consultation", "مسودة استشارة المناهج الرقمية", None, "answered"),
        (mohap, health, "questionnaire", "Vaccination awareness survey", None, "closed"),
    ]
    for entity, user, kind, title, _other, state in rows:
        request = services.advisory_request_create(
            user=user,
            entity=entity,
            kind=kind,
            title=title,
            question="نرجو مراجعة المسودة المرفقة واقتراح تحسينات على صياغة الأسئلة. / Please review the attached draft.",
            draft=ContentFile(b"Draft questions\n1. ...\n", name="draft.txt"),
            service_level=urgent if state == "assigned" else None,
        )
        if state in ("assigned", "answered", "closed"):
            services.advisory_request_assign(user=federal, request=request, advisor=federal)
            services.advisory_comment_add(
                user=federal, request=request, body="اقترح تقليل عدد الأسئلة المفتوحة."
            )
            services.advisory_comment_add(
                user=user, request=request, body="Thank you, updated draft attached."
            )
        if state in ("answered", "closed"):
            services.advisory_request_answer(
                user=federal,
                request=request,
                answer="المسودة جاهزة بعد التعديلات المقترحة. / Ready after the changes.",
            )
        if state == "closed":
            services.advisory_request_close(user=user, request=request, rating=5, comment="مفيد جداً")
        if state == "assigned":  # an overdue one, so the reminders have something to say
            past = timezone.now() - datetime.timedelta(days=4)
            AdvisoryRequest.objects.filter(pk=request.pk).update(
                created_at=past,
                triage_due_at=past + datetime.timedelta(hours=4),
                answer_due_at=past + datetime.timedelta(hours=48),
            )
    stdout.write("advisory service: 4 requests (submitted, assigned and late, answered, closed)")
