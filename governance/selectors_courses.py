"""Reads of the e-course: a person's progress, when they may sit again, rates per entity for the federal team."""

import datetime

from django.db.models import Count, Q

from .models import Certificate, CoordinatorNomination, Course, CourseModule, ExamAttempt


def module_passed(user, module: CourseModule) -> bool:
    return ExamAttempt.objects.filter(module=module, user=user, passed=True).exists()


def module_is_open(user, module: CourseModule) -> bool:
    """Graduated: a module opens once every earlier module of the course is passed."""
    earlier = module.course.modules.filter(position__lt=module.position)
    passed = (
        ExamAttempt.objects.filter(module__in=earlier, user=user, passed=True).values("module").distinct()
    )
    return passed.count() == earlier.count()


def next_attempt_at(user, module: CourseModule) -> datetime.datetime | None:
    """The moment the waiting time after the last failed attempt ends (None: no wait)."""
    last = (
        ExamAttempt.objects.filter(module=module, user=user, submitted_at__isnull=False, passed=False)
        .order_by("-submitted_at")
        .first()
    )
    if last is None:
        return None
    return last.submitted_at + datetime.timedelta(minutes=module.wait_minutes)


def course_progress(user, course: Course) -> list[dict]:
    """Each module with the person's state: passed, open, locked; attempts used and best score."""
    attempts = list(ExamAttempt.objects.filter(user=user, module__course=course).order_by("started_at"))
    rows = []
    previous_passed = True
    for module in course.modules.all():
        mine = [a for a in attempts if a.module_id == module.pk]
        submitted = [a for a in mine if a.submitted_at]
        passed = any(a.passed for a in mine)
        rows.append(
            {
                "module": module,
                "passed": passed,
                "open": previous_passed,
                "attempts": len(mine),
                "best": max((a.score for a in submitted), default=None),
                "in_progress": any(a.submitted_at is None for a in mine),
            }
        )
        previous_passed = previous_passed and passed
    return rows


def published_courses():
    return Course.objects.filter(is_published=True).prefetch_related("modules")


def course_rates_by_entity(course: Course) -> list[dict]:
    """For the federal team: per entity, coordinators, those who sat an exam, those certified, and the rates."""
    rows = []
    nominations = CoordinatorNomination.objects.approved().values_list(
        "entity__pk", "entity__name", "user_id"
    )
    by_entity: dict[int, dict] = {}
    for entity_id, name, user_id in nominations:
        by_entity.setdefault(entity_id, {"entity": name, "users": set()})["users"].add(user_id)
    started = set(ExamAttempt.objects.filter(module__course=course).values_list("user_id", flat=True))
    certified = set(Certificate.objects.filter(course=course).values_list("user_id", flat=True))
    for row in sorted(by_entity.values(), key=lambda r: r["entity"]):
        users = row["users"]
        sat = len(users & started)
        done = len(users & certified)
        rows.append(
            {
                "entity": row["entity"],
                "coordinators": len(users),
                "started": sat,
                "certified": done,
                "completion_rate": round(done * 100 / len(users)) if users else None,
                "pass_rate": round(done * 100 / sat) if sat else None,
            }
        )
    return rows


def attempt_counts(course: Course) -> dict:
    return ExamAttempt.objects.filter(module__course=course, submitted_at__isnull=False).aggregate(
        sat=Count("pk"), passed=Count("pk", filter=Q(passed=True))
    )
