"""The coordinators' e-course: drawing an exam, scoring it on the server, issuing the certificate."""

import random

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sharik.core.display import date_text

from ..models import Certificate, CoordinatorNomination, Course, CourseModule, ExamAttempt
from ..selectors import is_network_member
from ..selectors_courses import module_is_open, module_passed, next_attempt_at


def _holder_name(user) -> str:
    return (getattr(user, "display_name", "") or user.get_full_name() or user.get_username())[:200]


@transaction.atomic
def exam_attempt_start(*, user, module: CourseModule) -> ExamAttempt:
    """Draw this sitting's questions at random, without repeats; reuse a sitting not yet submitted."""
    if not is_network_member(user):
        raise PermissionDenied(_("The course is for the members of the coordinators network."))
    open_attempt = ExamAttempt.objects.filter(module=module, user=user, submitted_at__isnull=True).first()
    if open_attempt is not None:
        return open_attempt
    if module_passed(user, module):
        raise ValidationError(_("You have already passed this module's exam."))
    if not module_is_open(user, module):
        raise ValidationError(_("Pass the previous module's exam first."))
    done = ExamAttempt.objects.filter(module=module, user=user).count()
    if done >= module.max_attempts:
        raise ValidationError(_("You have used every attempt allowed for this exam. Ask the federal team."))
    wait_until = next_attempt_at(user, module)
    if wait_until is not None and wait_until > timezone.now():
        raise ValidationError(
            _("You can try again after %(when)s.") % {"when": date_text(wait_until, "datetime")}
        )
    bank = list(module.questions.values_list("pk", flat=True))
    if len(bank) < module.questions_per_attempt:
        raise ValidationError(_("The exam's question bank is not ready yet."))
    attempt = ExamAttempt(
        module=module,
        user=user,
        question_ids=random.SystemRandom().sample(bank, module.questions_per_attempt),
        started_at=timezone.now(),
    )
    attempt.full_clean()
    try:
        with transaction.atomic():
            attempt.save()
    except IntegrityError:  # a second tab started the same sitting at the same moment
        return ExamAttempt.objects.get(module=module, user=user, submitted_at__isnull=True)
    return attempt


@transaction.atomic
def exam_attempt_submit(*, user, attempt: ExamAttempt, answers: dict[int, set[int]]) -> ExamAttempt:
    """Score on the server: a question counts when the chosen answers are exactly the correct ones."""
    attempt = ExamAttempt.objects.select_for_update().select_related("module").get(pk=attempt.pk)
    if attempt.user_id != user.pk:
        raise PermissionDenied(_("This exam belongs to someone else."))
    if attempt.submitted_at is not None:
        raise ValidationError(_("This attempt has already been submitted."))
    questions = {
        q.pk: q
        for q in attempt.module.questions.filter(pk__in=attempt.question_ids).prefetch_related("choices")
    }
    correct = 0
    for question_id in attempt.question_ids:
        question = questions.get(question_id)
        if question is None:
            continue
        right = {c.pk for c in question.choices.all() if c.is_correct}
        if set(answers.get(question_id, set())) == right:
            correct += 1
    attempt.score = round(correct * 100 / len(attempt.question_ids)) if attempt.question_ids else 0
    attempt.passed = attempt.score >= attempt.module.pass_mark
    attempt.submitted_at = timezone.now()
    attempt.full_clean()
    attempt.save(update_fields=["score", "passed", "submitted_at"])
    if attempt.passed:
        course_complete(user=user, course=attempt.module.course)
    return attempt


def course_complete(*, user, course: Course) -> Certificate | None:
    """Issue the certificate once every module is passed, and record the course's skill in the network."""
    modules = list(course.modules.all())
    if not modules or not all(module_passed(user, m) for m in modules):
        return None
    certificate, created = Certificate.objects.get_or_create(
        course=course, user=user, defaults={"holder_name": _holder_name(user)}
    )
    if created and course.skill:
        for nomination in CoordinatorNomination.objects.approved().filter(user=user):
            if course.skill not in nomination.skills:
                nomination.skills = [*nomination.skills, course.skill]
                nomination.save(update_fields=["skills", "updated_at"])
    return certificate


def certificate_pdf(*, certificate: Certificate) -> bytes:
    """One bilingual page (Arabic and English) with the verification code and the public address to check it."""
    import weasyprint
    from django.conf import settings
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import translation

    with translation.override("ar"):
        verify_ar = reverse("governance:certificate-verify", args=[certificate.code])
        course_ar = certificate.course.title_ar or certificate.course.title
    with translation.override("en"):
        verify_en = reverse("governance:certificate-verify", args=[certificate.code])
        course_en = certificate.course.title_en or certificate.course.title
    html = render_to_string(
        "governance/courses/certificate_pdf.html",
        {
            "certificate": certificate,
            "course_ar": course_ar,
            "course_en": course_en,
            "verify_ar": settings.SITE_URL.rstrip("/") + verify_ar,
            "verify_en": settings.SITE_URL.rstrip("/") + verify_en,
            "issued_on": timezone.localdate(certificate.issued_at).isoformat(),
        },
    )
    return weasyprint.HTML(string=html, base_url=settings.SITE_URL).write_pdf()


__all__ = ["certificate_pdf", "course_complete", "exam_attempt_start", "exam_attempt_submit"]
