"""The §20 projects measured against their plan, and the late milestones the federal team must see."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch, Q
from django.utils import timezone

from .models import Milestone, Project


def _pct(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def project_progress(project: Project, *, today: datetime.date | None = None) -> dict:
    """Completion (weighted milestones done) against the plan (weighted milestones due by today).

    Reads `project.milestones.all()`, so a prefetched list costs no query.
    """
    today = today or timezone.localdate()
    milestones = list(project.milestones.all())
    total = sum(m.weight for m in milestones)
    done = sum(m.weight for m in milestones if m.completed_on and m.completed_on <= today)
    due = sum(m.weight for m in milestones if m.due_on <= today)
    late = [m for m in milestones if m.completed_on is None and m.due_on < today]
    completion, planned = _pct(done, total), _pct(due, total)
    return {
        "project": project,
        "milestones": milestones,
        "completion": completion,
        "planned": planned,
        "behind": completion is not None and planned is not None and completion < planned,
        "late": late,
        "budget_used": _pct(project.spent, project.budget),
    }


def projects_progress(*, today: datetime.date | None = None) -> list[dict]:
    """Every project with its progress: two queries whatever the number of projects."""
    projects = Project.objects.prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.order_by("due_on", "pk")), "indicators"
    )
    return [project_progress(p, today=today) for p in projects]


def milestones_late(*, today: datetime.date | None = None):
    """Milestones past their due day and not completed, oldest first."""
    today = today or timezone.localdate()
    return (
        Milestone.objects.filter(Q(completed_on__isnull=True), due_on__lt=today)
        .select_related("project")
        .order_by("due_on", "pk")
    )


def can_see_projects(user) -> bool:
    return user.is_authenticated and user.has_perm("governance.view_project")
