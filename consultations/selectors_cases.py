"""What a person may see of their suggestions and complaints, and the service-level figures per entity.

A case is never public: the person who filed it reads it on their account pages; the entity's staff
work it in the admin. The dashboard and its CSV report are counts only, with no personal data.
"""

from datetime import date

from django.db.models import Avg, Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from .models import Case, CaseEvent
from .services.cases import CASE_REOPEN_DAYS, CASE_REOPEN_LIMIT, case_can_reopen, case_reopen_deadline


def cases_of_person(*, user) -> QuerySet[Case]:
    if not getattr(user, "is_authenticated", False):
        return Case.objects.none()
    return Case.objects.filter(author=user).select_related("entity").order_by("-created_at", "-pk")


def case_of_person(*, user, pk: int) -> Case:
    """The person's own case, or 404 (for anyone else, staff included: they use the admin)."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    case = Case.objects.select_related("entity", "consultation").filter(pk=pk, author=user).first()
    if case is None:
        raise Http404
    return case


def case_page(*, case: Case) -> dict:
    """What the person's page shows: the events (answers and reasons included), never the notes."""
    return {
        "events": list(CaseEvent.objects.filter(case=case).order_by("created_at", "pk")),
        "can_reopen": case_can_reopen(case),
        "reopen_deadline": case_reopen_deadline(case),
        "reopen_days": CASE_REOPEN_DAYS,
        "reopen_left": max(0, CASE_REOPEN_LIMIT - case.reopen_count),
        "can_rate": case.state == Case.State.ANSWERED
        or (case.state == Case.State.CLOSED and case.rating is None),
    }


def _past_level(today: date) -> Q:
    """An open case past its service level: not acknowledged in time, or not answered in time."""
    return Q(state__in=Case.OPEN_STATES) & (
        Q(answer_due_on__lt=today) | Q(state=Case.State.RECEIVED, acknowledge_due_on__lt=today)
    )


def cases_dashboard(*, entities, today: date | None = None) -> list[dict]:
    """Per entity: open cases within and past their service level, answered in time and late, ratings."""
    today = today or timezone.localdate()
    done = Q(state__in=(Case.State.ANSWERED, Case.State.CLOSED))
    rows = (
        Case.objects.filter(entity__in=entities)
        .values("entity", "entity__slug")
        .annotate(
            total=Count("pk"),
            open_within=Count("pk", filter=Q(state__in=Case.OPEN_STATES) & ~_past_level(today)),
            open_past=Count("pk", filter=_past_level(today)),
            answered_within=Count("pk", filter=done & Q(answered_late=False)),
            answered_late=Count("pk", filter=done & Q(answered_late=True)),
            escalated=Count("pk", filter=Q(state__in=Case.OPEN_STATES, escalated_at__isnull=False)),
            complaints=Count("pk", filter=Q(kind=Case.Kind.COMPLAINT)),
            suggestions=Count("pk", filter=Q(kind=Case.Kind.SUGGESTION)),
            reopened=Count("pk", filter=Q(reopen_count__gt=0)),
            rated=Count("rating"),
            rating=Avg("rating"),
        )
        .order_by("entity__slug")
    )
    from governance.models import Entity

    names = {e.pk: e for e in Entity.objects.filter(pk__in=[r["entity"] for r in rows])}
    result = []
    for row in rows:
        row = dict(row)
        row["entity"] = names[row["entity"]]
        done_count = row["answered_within"] + row["answered_late"]
        row["share_in_time"] = round(100 * row["answered_within"] / done_count) if done_count else None
        row["rating"] = round(row["rating"], 1) if row["rating"] is not None else None
        result.append(row)
    return result


# The report others may receive: counts only. No reference, name, e-mail, subject, text or note.
REPORT_COLUMNS = [
    "entity",
    "total",
    "suggestions",
    "complaints",
    "open_within",
    "open_past",
    "answered_within",
    "answered_late",
    "escalated",
    "reopened",
    "rated",
    "rating",
]


def cases_report_rows(*, entities, today: date | None = None) -> list[list]:
    rows = []
    for row in cases_dashboard(entities=entities, today=today):
        rows.append([row["entity__slug"] if col == "entity" else row[col] for col in REPORT_COLUMNS])
    return rows
