"""The coordinators' e-course: members-only pages, the exam, the certificate, and its public verification."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..models import Certificate, CourseModule, ExamAttempt, Question
from ..selectors_courses import (
    attempt_counts,
    course_progress,
    course_rates_by_entity,
    next_attempt_at,
    published_courses,
)
from ..services.courses import certificate_pdf, exam_attempt_start, exam_attempt_submit
from ._access import is_programme_staff, members_only


def _module(slug: str, position: int) -> CourseModule:
    return get_object_or_404(
        CourseModule.objects.select_related("course"),
        course__slug=slug,
        course__is_published=True,
        position=position,
    )


@members_only
def course_list(request):
    courses = [(course, course_progress(request.user, course)) for course in published_courses()]
    certificates = Certificate.objects.filter(user=request.user).select_related("course")
    return render(
        request,
        "governance/courses/course_list.html",
        {"courses": courses, "certificates": certificates, "is_staff": is_programme_staff(request.user)},
    )


@members_only
def course_rates(request):
    """Completion and pass rates per entity: for the federal team only."""
    if not is_programme_staff(request.user):
        raise PermissionDenied
    courses = [
        {"course": course, "rows": course_rates_by_entity(course), "counts": attempt_counts(course)}
        for course in published_courses()
    ]
    return render(request, "governance/courses/course_rates.html", {"courses": courses})


@members_only
def module_detail(request, slug: str, position: int):
    module = _module(slug, position)
    progress = {row["module"].pk: row for row in course_progress(request.user, module.course)}
    row = progress[module.pk]
    if not row["open"]:
        messages.error(request, _("Pass the previous module's exam first."))
        return redirect("governance:courses")
    wait_until = next_attempt_at(request.user, module)
    return render(
        request,
        "governance/courses/module_detail.html",
        {
            "module": module,
            "row": row,
            "wait_until": wait_until,
            "attempts_left": max(module.max_attempts - row["attempts"], 0),
            "certificate": Certificate.objects.filter(user=request.user, course=module.course).first(),
        },
    )


@members_only
@require_POST
def exam_start(request, slug: str, position: int):
    module = _module(slug, position)
    try:
        exam_attempt_start(user=request.user, module=module)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("governance:course-module", slug=slug, position=position)
    return redirect("governance:course-exam", slug=slug, position=position)


@members_only
def exam(request, slug: str, position: int):
    """The open sitting: questions and answers without their correctness; the server scores the submission."""
    module = _module(slug, position)
    attempt = ExamAttempt.objects.filter(module=module, user=request.user, submitted_at__isnull=True).first()
    if attempt is None:
        return redirect("governance:course-module", slug=slug, position=position)
    questions = {
        q.pk: q for q in Question.objects.filter(pk__in=attempt.question_ids).prefetch_related("choices")
    }
    ordered = [questions[pk] for pk in attempt.question_ids if pk in questions]
    if request.method == "POST":
        answers = {}
        for question in ordered:
            valid = {c.pk for c in question.choices.all()}
            chosen = {int(v) for v in request.POST.getlist(f"q{question.pk}") if v.isdigit()}
            answers[question.pk] = chosen & valid
        try:
            attempt = exam_attempt_submit(user=request.user, attempt=attempt, answers=answers)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("governance:course-module", slug=slug, position=position)
        return render(
            request,
            "governance/courses/exam_result.html",
            {
                "module": module,
                "attempt": attempt,
                "wait_until": None if attempt.passed else next_attempt_at(request.user, module),
                "certificate": Certificate.objects.filter(user=request.user, course=module.course).first(),
            },
        )
    return render(request, "governance/courses/exam.html", {"module": module, "questions": ordered})


@members_only
def certificate_download(request, code: str):
    certificate = get_object_or_404(Certificate.objects.select_related("course"), code=code.upper())
    if certificate.user_id != request.user.pk and not is_programme_staff(request.user):
        raise PermissionDenied
    response = HttpResponse(certificate_pdf(certificate=certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="sharik-certificate-{certificate.code}.pdf"'
    return response


def certificate_verify(request, code: str = ""):
    """Public: anyone holding a certificate's code can check it was issued, to whom and for what."""
    code = (code or request.GET.get("code", "")).strip().upper()[:16]
    certificate = None
    if code:
        certificate = Certificate.objects.select_related("course").filter(code=code).first()
    return render(
        request,
        "governance/courses/certificate_verify.html",
        {"code": code, "certificate": certificate},
        status=404 if code and certificate is None else 200,
    )
