"""Reads of the workshops: what a member sees, places and the waiting list, and the year's figures."""

import datetime
from decimal import Decimal

from django.db.models import Avg, Count, Q
from django.utils import timezone

from .models import Workshop, WorkshopFeedback, WorkshopRegistration
from .models.feedback import SATISFIED_FROM

Status = WorkshopRegistration.Status


def _with_counts(qs):
    return qs.annotate(
        registered=Count("registrations", filter=Q(registrations__status=Status.REGISTERED)),
        waiting=Count("registrations", filter=Q(registrations__status=Status.WAITING)),
    )


def waiting_position(registration: WorkshopRegistration) -> int | None:
    """1 for the first person on the waiting list."""
    if registration.status != Status.WAITING:
        return None
    return (
        WorkshopRegistration.objects.filter(workshop_id=registration.workshop_id, status=Status.WAITING)
        .filter(
            Q(queued_at__lt=registration.queued_at)
            | Q(queued_at=registration.queued_at, pk__lt=registration.pk)
        )
        .count()
        + 1
    )


def upcoming_workshops_for(user, *, now: datetime.datetime | None = None) -> list[dict]:
    """Published workshops not started yet, each with its free places and this person's registration."""
    now = now or timezone.now()
    workshops = list(_with_counts(Workshop.objects.filter(is_published=True, starts_at__gt=now)))
    mine = {
        r.workshop_id: r
        for r in WorkshopRegistration.objects.filter(user=user, workshop__in=workshops).exclude(
            status=Status.CANCELLED
        )
    }
    rows = []
    for workshop in workshops:
        registration = mine.get(workshop.pk)
        rows.append(
            {
                "workshop": workshop,
                "free": max(workshop.capacity - workshop.registered, 0),
                "registration": registration,
                "position": waiting_position(registration) if registration else None,
            }
        )
    return rows


def past_workshops_for(user, *, now: datetime.datetime | None = None) -> list[dict]:
    """The ended workshops this person attended, with their answer to the form (or None)."""
    now = now or timezone.now()
    attended = (
        WorkshopRegistration.objects.filter(
            user=user, status=Status.REGISTERED, attended=True, workshop__ends_at__lte=now
        )
        .select_related("workshop")
        .order_by("-workshop__starts_at")
    )
    answered = dict(WorkshopFeedback.objects.filter(user=user).values_list("workshop_id", "overall"))
    return [{"workshop": r.workshop, "answer": answered.get(r.workshop_id)} for r in attended]


def workshop_satisfaction(feedback) -> Decimal | None:
    """Share (per cent) of answers of 4 or 5 of 5 on overall satisfaction; the §16 KPI's rule."""
    total = feedback.count()
    if not total:
        return None
    satisfied = feedback.filter(overall__gte=SATISFIED_FROM).count()
    return (Decimal(satisfied) * 100 / total).quantize(Decimal("0.01"))


def workshop_figures(*, start: datetime.datetime, end: datetime.datetime, as_of: datetime.datetime) -> dict:
    """For the annual report: workshops held in [start, end) by `as_of`, attendance and satisfaction."""
    held = Workshop.objects.filter(
        is_published=True, starts_at__gte=start, starts_at__lt=end, ends_at__lte=as_of
    )
    registrations = WorkshopRegistration.objects.filter(workshop__in=held, status=Status.REGISTERED)
    registered = registrations.count()
    attended = registrations.filter(attended=True).count()
    feedback = WorkshopFeedback.objects.filter(workshop__in=held)
    means = feedback.aggregate(overall=Avg("overall"), content=Avg("content"), trainer=Avg("trainer"))
    satisfaction = workshop_satisfaction(feedback)
    return {
        "held": held.count(),
        "registered": registered,
        "attended": attended,
        "attendance_rate": round(attended * 100 / registered) if registered else None,
        "answers": feedback.count(),
        "satisfaction": str(satisfaction) if satisfaction is not None else None,
        "mean_overall": round(means["overall"], 2) if means["overall"] is not None else None,
        "mean_content": round(means["content"], 2) if means["content"] is not None else None,
        "mean_trainer": round(means["trainer"], 2) if means["trainer"] is not None else None,
        "rows": [
            {
                "title": w.title,
                "day": timezone.localdate(w.starts_at).isoformat(),
                "registered": w.registered,
                "attended": w.attended_n,
                "answers": w.answers,
            }
            for w in held.annotate(
                registered=Count(
                    "registrations", filter=Q(registrations__status=Status.REGISTERED), distinct=True
                ),
                attended_n=Count(
                    "registrations",
                    filter=Q(registrations__status=Status.REGISTERED, registrations__attended=True),
                    distinct=True,
                ),
                answers=Count("feedback", distinct=True),
            ).order_by("starts_at")
        ],
    }
