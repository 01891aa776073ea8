"""Workshops for the coordinators: registration within the capacity, the waiting list, attendance,
the satisfaction form, and the beat job's reminders and invitations.

Capacity holds under concurrent registrations because every change of a workshop's places first locks
the workshop's row (`select_for_update`): two registrations for the last place are served one after the
other, and a cancellation promotes the first person waiting exactly once.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sharik.accounts.services import notification_send
from sharik.core.display import date_text

from ..models import Workshop, WorkshopFeedback, WorkshopRegistration
from ..selectors import is_network_member

Status = WorkshopRegistration.Status
# The satisfaction form is offered, and its invitation sent, for this long after a workshop ends.
FEEDBACK_OPEN_DAYS = 30
# The reminder goes out when the workshop starts within this time ("the day before").
REMIND_WITHIN = datetime.timedelta(hours=24)


def _notify(user, key: str, title: tuple[str, dict], body: tuple[str, dict], url: str) -> bool:
    """Notify once per key (in the portal and by e-mail), worded in the recipient's language."""
    with translation.override(getattr(user, "preferred_language", "") or "ar"):
        params = {k: (v() if callable(v) else v) for k, v in title[1].items()}
        body_params = {k: (v() if callable(v) else v) for k, v in body[1].items()}
        notification = notification_send(
            user=user, key=key, title=_(title[0]) % params, body=_(body[0]) % body_params, url=url
        )
    return notification is not None


def _when(workshop: Workshop):
    return lambda: date_text(workshop.starts_at, "datetime")


def _title(workshop: Workshop):
    return lambda: str(workshop.title)


def _locked(workshop: Workshop) -> Workshop:
    return Workshop.objects.select_for_update().get(pk=workshop.pk)


def _registered_count(workshop: Workshop) -> int:
    return WorkshopRegistration.objects.filter(workshop=workshop, status=Status.REGISTERED).count()


@transaction.atomic
def workshop_register(*, user, workshop: Workshop) -> WorkshopRegistration:
    """A place if one is free, else the end of the waiting list; registering twice changes nothing."""
    if not is_network_member(user):
        raise PermissionDenied(_("Workshops are for the members of the coordinators network."))
    workshop = _locked(workshop)
    if not workshop.is_published or workshop.has_started:
        raise ValidationError(_("Registration for this workshop is closed."))
    registration = WorkshopRegistration.objects.filter(workshop=workshop, user=user).first()
    if registration is not None and registration.status != Status.CANCELLED:
        return registration
    status = Status.REGISTERED if _registered_count(workshop) < workshop.capacity else Status.WAITING
    if registration is None:
        registration = WorkshopRegistration(workshop=workshop, user=user)
    registration.status = status
    registration.queued_at = timezone.now()  # back of the queue, also after a cancellation
    registration.cancelled_at = None
    registration.promoted_at = None
    registration.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:  # the same person in a second tab, in between: their row stands
        return WorkshopRegistration.objects.get(workshop=workshop, user=user)
    return registration


@transaction.atomic
def workshop_cancel(*, user, workshop: Workshop) -> WorkshopRegistration | None:
    """Give the place up; the first person on the waiting list takes it and is told by e-mail."""
    workshop = _locked(workshop)
    registration = WorkshopRegistration.objects.filter(workshop=workshop, user=user).first()
    if registration is None or registration.status == Status.CANCELLED:
        return None
    if workshop.has_started:
        raise ValidationError(_("The workshop has started: it can no longer be cancelled here."))
    was_registered = registration.status == Status.REGISTERED
    registration.status = Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    if was_registered:
        workshop_promote_waiting(workshop=workshop)
    return registration


@transaction.atomic
def workshop_places_fill(*, workshop: Workshop) -> list[WorkshopRegistration]:
    """After the federal team adds places, the waiting list takes them in order."""
    return workshop_promote_waiting(workshop=_locked(workshop))


def workshop_promote_waiting(*, workshop: Workshop) -> list[WorkshopRegistration]:
    """Fill the free places from the waiting list, first come first served (the caller holds the lock)."""
    free = workshop.capacity - _registered_count(workshop)
    if free <= 0:
        return []
    promoted = list(
        WorkshopRegistration.objects.filter(workshop=workshop, status=Status.WAITING).order_by(
            "queued_at", "pk"
        )[:free]
    )
    now = timezone.now()
    for registration in promoted:
        registration.status = Status.REGISTERED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
        transaction.on_commit(lambda r=registration: _promotion_notify(r))
    return promoted


def _promotion_notify(registration: WorkshopRegistration) -> None:
    workshop = registration.workshop
    _notify(
        registration.user,
        f"workshop:{workshop.pk}:promoted:{registration.pk}:{registration.promoted_at.timestamp():.0f}",
        (gettext_noop("A place is yours at the workshop: %(title)s"), {"title": _title(workshop)}),
        (
            gettext_noop(
                "Someone cancelled and you were first on the waiting list: you are registered for the "
                "workshop on %(when)s. If you cannot come, cancel so the next person gets the place."
            ),
            {"when": _when(workshop)},
        ),
        reverse("governance:workshops"),
    )


@transaction.atomic
def workshop_attendance_record(
    *, registration: WorkshopRegistration, attended: bool, user
) -> WorkshopRegistration:
    """The federal team records who came, once the workshop has started."""
    if not user.has_perm("governance.change_workshopregistration"):
        raise PermissionDenied(_("Only the federal team records attendance."))
    registration = (
        WorkshopRegistration.objects.select_for_update().select_related("workshop").get(pk=registration.pk)
    )
    if not registration.workshop.has_started:
        raise ValidationError(_("Attendance is recorded once the workshop has started."))
    if registration.status != Status.REGISTERED:
        raise ValidationError(_("Only registered people (not those waiting or cancelled) attend."))
    registration.attended = attended
    registration.attendance_recorded_by = user
    registration.save(update_fields=["attended", "attendance_recorded_by"])
    return registration


def workshop_feedback_open(workshop: Workshop, now: datetime.datetime | None = None) -> bool:
    now = now or timezone.now()
    return workshop.ends_at <= now < workshop.ends_at + datetime.timedelta(days=FEEDBACK_OPEN_DAYS)


def workshop_feedback_may_answer(*, user, workshop: Workshop) -> bool:
    return (
        user.is_authenticated
        and workshop_feedback_open(workshop)
        and WorkshopRegistration.objects.filter(
            workshop=workshop, user=user, status=Status.REGISTERED, attended=True
        ).exists()
    )


def workshop_feedback_submit(
    *, workshop: Workshop, user, overall: int, content: int, trainer: int, comment: str = ""
) -> WorkshopFeedback:
    """Only those who attended, after the workshop, once (the unique constraint decides a race)."""
    if not workshop_feedback_open(workshop):
        raise ValidationError(_("The satisfaction form opens when the workshop has ended."))
    if not workshop_feedback_may_answer(user=user, workshop=workshop):
        raise PermissionDenied(_("Only the people who attended the workshop can answer its form."))
    feedback = WorkshopFeedback(
        workshop=workshop,
        user=user,
        overall=overall,
        content=content,
        trainer=trainer,
        comment=comment.strip(),
    )
    feedback.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            feedback.save()
    except IntegrityError as exc:
        raise ValidationError(_("You have already answered the form of this workshop.")) from exc
    return feedback


def workshop_notices_send(*, now: datetime.datetime | None = None) -> int:
    """The beat job: the reminder the day before to those registered, and the satisfaction form's
    invitation after the workshop to those who attended. Each notice has its own key per person and
    workshop, so repeated runs send each exactly once."""
    now = now or timezone.now()
    sent = 0
    soon = Workshop.objects.filter(is_published=True, starts_at__gt=now, starts_at__lte=now + REMIND_WITHIN)
    for workshop in soon:
        registrations = workshop.registrations.filter(status=Status.REGISTERED).select_related("user")
        for registration in registrations:
            sent += _notify(
                registration.user,
                f"workshop:{workshop.pk}:reminder",
                (gettext_noop("Reminder: the workshop %(title)s is tomorrow"), {"title": _title(workshop)}),
                (
                    gettext_noop("You are registered for the workshop on %(when)s, at %(place)s."),
                    {"when": _when(workshop), "place": lambda w=workshop: str(w.place or "—")},
                ),
                reverse("governance:workshops"),
            )
    ended = Workshop.objects.filter(
        ends_at__lte=now, ends_at__gt=now - datetime.timedelta(days=FEEDBACK_OPEN_DAYS)
    )
    for workshop in ended:
        attended = workshop.registrations.filter(status=Status.REGISTERED, attended=True).select_related(
            "user"
        )
        answered = set(workshop.feedback.values_list("user_id", flat=True))
        for registration in attended:
            if registration.user_id in answered:
                continue
            sent += _notify(
                registration.user,
                f"workshop:{workshop.pk}:feedback",
                (gettext_noop("How was the workshop %(title)s?"), {"title": _title(workshop)}),
                (
                    gettext_noop(
                        "Thank you for attending. Three questions and a comment: your answers count in the "
                        "national plan's indicator of trainees' satisfaction."
                    ),
                    {},
                ),
                reverse("governance:workshop-feedback", args=[workshop.pk]),
            )
    return sent


__all__ = [
    "workshop_attendance_record",
    "workshop_cancel",
    "workshop_feedback_may_answer",
    "workshop_feedback_open",
    "workshop_feedback_submit",
    "workshop_notices_send",
    "workshop_places_fill",
    "workshop_promote_waiting",
    "workshop_register",
]
