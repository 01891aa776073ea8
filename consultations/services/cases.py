"""Writes on suggestions and complaints: file, assign, answer, reopen, close and rate, internal notes,
and the beat's reminders, escalation and closing.

Every state change writes a `CaseEvent` and tells the person, in their language, after the commit
(a task per event; the notification key is the event, so a retry tells nobody twice). The beat
takes each step of a case's current round once: a conditional UPDATE on the step's timestamp decides
between overlapping runs, and the notification keys carry the round.
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sharik.accounts.services import notification_send, notification_send_many

from ..models import (
    CASE_REOPEN_DAYS,
    CASE_REOPEN_LIMIT,
    Case,
    CaseEvent,
    CaseNote,
    CaseServiceLevel,
    Consultation,
)
from ..models.cases import CASE_AUTO_CLOSE_DAYS
from ..working_days import working_days_add, working_days_between
from .contributions import _plain_text, _require_writer
from .proposals import entity_coordinators

SUBJECT_MAX = 200
BODY_MAX = 5000
REFERENCE_PREFIX = "SHK"


def case_reference(case: Case) -> str:
    """Human-friendly and unique: the year filed and the case's number (SHK-2026-000123)."""
    return f"{REFERENCE_PREFIX}-{timezone.localtime(case.created_at).year}-{case.pk:06d}"


def case_staff(entity):
    """Who may work an entity's cases: its coordinators (an assignee must be one of them)."""
    return entity_coordinators(entity)


def _require_worker(case: Case, user) -> None:
    if user is None or not user.has_perm("consultations.change_case", case):
        raise PermissionDenied(_("You do not act for the entity this case is addressed to."))


def _require_author(case: Case, user) -> None:
    if not getattr(user, "is_authenticated", False) or case.author_id != user.pk:
        raise PermissionDenied(_("Only the person who filed this case can do this."))


def _event(case: Case, action: str, text: str = "") -> CaseEvent:
    event = CaseEvent.objects.create(case=case, action=action, text=text)
    from ..tasks.cases import case_event_notify_task

    pk = event.pk
    transaction.on_commit(lambda: case_event_notify_task.delay(pk))
    return event


@transaction.atomic
def case_file(
    *,
    author,
    entity,
    kind: str,
    subject: str,
    body: str,
    consultation: Consultation | None = None,
    service: str = "",
    attachment=None,
    today: date | None = None,
) -> Case:
    """A signed-in person with a confirmed e-mail files a suggestion or a complaint to an entity."""
    _require_writer(author)
    if entity is None or not entity.is_active:
        raise ValidationError({"entity": _("Choose the entity you are writing to.")})
    if kind not in Case.Kind.values:
        raise ValidationError({"kind": _("Choose a suggestion or a complaint.")})
    if consultation is not None and consultation.entity_id != entity.pk:
        raise ValidationError({"consultation": _("Choose a consultation of the same entity.")})
    level = CaseServiceLevel.for_entity(entity)
    today = today or timezone.localdate()
    case = Case(
        author=author,
        entity=entity,
        kind=kind,
        consultation=consultation,
        service=_plain_text(service, field="service", max_length=200, min_length=0),
        subject=_plain_text(subject, field="subject", max_length=SUBJECT_MAX, min_length=5),
        body=_plain_text(body, field="body", max_length=BODY_MAX, min_length=20),
        acknowledge_due_on=working_days_add(today, level.acknowledge_working_days),
        answer_due_on=working_days_add(today, level.answer_working_days),
    )
    if attachment is not None:
        case.attachment = attachment
    case.full_clean()
    case.save()
    case.reference = case_reference(case)
    Case.objects.filter(pk=case.pk).update(reference=case.reference)
    _event(case, CaseEvent.Action.RECEIVED)
    pk = case.pk
    from ..tasks.cases import case_staff_notify_task

    transaction.on_commit(lambda: case_staff_notify_task.delay(pk, "new"))
    return case


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


@transaction.atomic
def case_assign(*, case: Case, user, assignee) -> Case:
    """Give an open case to a member of the entity's staff; the first assignment acknowledges it."""
    _require_worker(case, user)
    case = _locked(case)
    if case.state not in Case.OPEN_STATES:
        raise ValidationError(_("Only a case that is not answered yet can be assigned."), code="state")
    if assignee is None or not case_staff(case.entity).filter(pk=assignee.pk).exists():
        raise ValidationError({"assignee": _("Assign the case to a coordinator of this entity.")})
    if case.assignee_id == assignee.pk and case.state == Case.State.ASSIGNED:
        return case
    first = case.state == Case.State.RECEIVED
    case.assignee = assignee
    case.state = Case.State.ASSIGNED
    case.acknowledged_at = case.acknowledged_at or timezone.now()
    case.save(update_fields=["assignee", "state", "acknowledged_at", "updated_at"])
    if first:
        _event(case, CaseEvent.Action.ASSIGNED)
    if assignee.pk != user.pk:
        pk = case.pk
        from ..tasks.cases import case_staff_notify_task

        transaction.on_commit(lambda: case_staff_notify_task.delay(pk, "assigned"))
    return case


@transaction.atomic
def case_answer(*, case: Case, user, answer: str, today: date | None = None) -> Case:
    """The entity's answer to the person (private to them). Answering also acknowledges."""
    _require_worker(case, user)
    case = _locked(case)
    if case.state not in Case.OPEN_STATES:
        raise ValidationError(_("This case has already been answered."), code="state")
    answer = _plain_text(answer, field="answer", max_length=BODY_MAX, min_length=2)
    now = timezone.now()
    case.answer = answer
    case.state = Case.State.ANSWERED
    case.answered_at = now
    case.acknowledged_at = case.acknowledged_at or now
    case.answered_late = (today or timezone.localdate()) > case.answer_due_on
    if case.assignee_id is None:
        case.assignee = user
    case.full_clean()
    case.save()
    _event(case, CaseEvent.Action.ANSWERED, answer)
    return case


def case_reopen_deadline(case: Case):
    """Until when the person may reopen: CASE_REOPEN_DAYS after the latest answer or closing."""
    moments = [t for t in (case.answered_at, case.closed_at) if t is not None]
    return max(moments) + timedelta(days=CASE_REOPEN_DAYS) if moments else None


def case_can_reopen(case: Case, *, now=None) -> bool:
    now = now or timezone.now()
    deadline = case_reopen_deadline(case)
    return (
        case.state in (Case.State.ANSWERED, Case.State.CLOSED)
        and case.reopen_count < CASE_REOPEN_LIMIT
        and deadline is not None
        and now <= deadline
    )


@transaction.atomic
def case_reopen(*, case: Case, user, reason: str, today: date | None = None) -> Case:
    """The person is not satisfied: the case goes back to the entity with a new answer due date."""
    _require_author(case, user)
    case = _locked(case)
    if case.state not in (Case.State.ANSWERED, Case.State.CLOSED):
        raise ValidationError(_("Only an answered or closed case can be reopened."), code="state")
    if case.reopen_count >= CASE_REOPEN_LIMIT:
        raise ValidationError(
            _("This case has been reopened %(n)d times already, the most allowed.")
            % {"n": CASE_REOPEN_LIMIT},
            code="limit",
        )
    if not case_can_reopen(case):
        raise ValidationError(
            _("A case can be reopened only within %(days)d days of its answer or closing.")
            % {"days": CASE_REOPEN_DAYS},
            code="late",
        )
    reason = _plain_text(reason, field="reason", max_length=2000, min_length=5)
    today = today or timezone.localdate()
    level = case.service_level
    case.state = Case.State.ASSIGNED if case.assignee_id else Case.State.RECEIVED
    case.reopen_count += 1
    case.answer_due_on = working_days_add(today, level.answer_working_days)
    case.closed_at = None
    case.rating = None
    case.rating_comment = ""
    case.answer_reminded_at = None
    case.escalated_at = None
    case.answered_late = False
    case.save()
    _event(case, CaseEvent.Action.REOPENED, reason)
    pk = case.pk
    from ..tasks.cases import case_staff_notify_task

    transaction.on_commit(lambda: case_staff_notify_task.delay(pk, "reopened"))
    return case


@transaction.atomic
def case_close(*, case: Case, user, rating: int | None, comment: str = "") -> Case:
    """The person closes an answered case and rates the answer (1–5); a case the beat closed may be rated once."""
    _require_author(case, user)
    case = _locked(case)
    if rating is None or not 1 <= int(rating) <= 5:
        raise ValidationError({"rating": _("Rate the answer from 1 to 5.")})
    comment = _plain_text(comment, field="comment", max_length=500, min_length=0)
    if case.state == Case.State.CLOSED and case.rating is None:
        case.rating, case.rating_comment = int(rating), comment
        case.save(update_fields=["rating", "rating_comment", "updated_at"])
        return case
    if case.state != Case.State.ANSWERED:
        raise ValidationError(_("Only an answered case can be closed."), code="state")
    case.state = Case.State.CLOSED
    case.closed_at = timezone.now()
    case.rating, case.rating_comment = int(rating), comment
    case.full_clean()
    case.save()
    _event(case, CaseEvent.Action.CLOSED)
    return case


@transaction.atomic
def case_note_add(*, case: Case, user, body: str) -> CaseNote:
    """An internal note of the entity's staff (never shown to the person)."""
    _require_worker(case, user)
    body = _plain_text(body, field="body", max_length=BODY_MAX, min_length=2)
    note = CaseNote(case=case, staff=user, body=body)
    note.full_clean()
    note.save()
    return note


# --- Telling people ---------------------------------------------------------------------------------

# What the person is told at each event: (title, body), worded in their language when sent.
EVENT_MESSAGES = {
    CaseEvent.Action.RECEIVED: (
        gettext_noop("We received your case %(reference)s"),
        gettext_noop("%(entity)s will acknowledge it by %(ack)s and answer by %(due)s (working days)."),
    ),
    CaseEvent.Action.ASSIGNED: (
        gettext_noop("Your case %(reference)s is being handled"),
        gettext_noop("A member of staff of %(entity)s is working on it. The answer is due by %(due)s."),
    ),
    CaseEvent.Action.ANSWERED: (
        gettext_noop("%(entity)s answered your case %(reference)s"),
        gettext_noop(
            "Read the answer. Close the case with your rating, or reopen it within %(days)d days if you "
            "are not satisfied."
        ),
    ),
    CaseEvent.Action.REOPENED: (
        gettext_noop("Your case %(reference)s is reopened"),
        gettext_noop("%(entity)s will answer again by %(due)s (working days)."),
    ),
    CaseEvent.Action.CLOSED: (
        gettext_noop("Your case %(reference)s is closed"),
        gettext_noop("Thank you. You may reopen it within %(days)d days if you need to."),
    ),
}


def case_event_notify(*, event: CaseEvent) -> bool:
    """Tell the person of one event of their case, in their language; once per event."""
    case = event.case
    person = case.author
    title, body = EVENT_MESSAGES[event.action]
    with translation.override(person.preferred_language or "ar"):
        params = {
            "reference": case.reference,
            "entity": case.entity.name,
            "ack": case.acknowledge_due_on.isoformat(),
            "due": case.answer_due_on.isoformat(),
            "days": CASE_REOPEN_DAYS,
        }
        sent = notification_send(
            user=person,
            key=f"case-event-{event.pk}",
            title=_(title) % params,
            body=_(body) % params,
            url=case.get_absolute_url(),
        )
    return sent is not None


STAFF_MESSAGES = {
    "new": (
        gettext_noop("New case %(reference)s for %(entity)s"),
        gettext_noop("Acknowledge it by %(ack)s and answer by %(due)s (working days)."),
    ),
    "assigned": (
        gettext_noop("Case %(reference)s is assigned to you"),
        gettext_noop("Answer by %(due)s (working days)."),
    ),
    "reopened": (
        gettext_noop("Case %(reference)s was reopened"),
        gettext_noop("The person is not satisfied with the answer. Answer again by %(due)s (working days)."),
    ),
    "acknowledge-reminder": (
        gettext_noop("Case %(reference)s is waiting to be acknowledged"),
        gettext_noop("The service level promised an acknowledgement by %(ack)s."),
    ),
    "answer-reminder": (
        gettext_noop("Reminder: case %(reference)s is due"),
        gettext_noop("The answer is due by %(due)s (working days)."),
    ),
    "escalated": (
        gettext_noop("Escalation: case %(reference)s of %(entity)s is late"),
        gettext_noop("The answer was due on %(due)s and has not been given."),
    ),
}


def _staff_message(case: Case, what: str):
    """The wording for a member of staff; never the person's name, e-mail or text."""
    title, body = STAFF_MESSAGES[what]

    def message(person):
        with translation.override(person.preferred_language or "ar"):
            params = {
                "reference": case.reference,
                "entity": case.entity.name,
                "ack": case.acknowledge_due_on.isoformat(),
                "due": case.answer_due_on.isoformat(),
            }
            from django.urls import reverse

            url = reverse("admin:consultations_case_change", args=[case.pk])
            return _(title) % params, _(body) % params, url

    return message


def _staff_people(case: Case, what: str):
    User = get_user_model()
    if what == "escalated":
        from governance.models import Role

        return User.objects.filter(groups__name=Role.COORDINATION_TEAM, is_active=True).distinct()
    if what in ("assigned", "answer-reminder") and case.assignee_id:
        return User.objects.filter(pk=case.assignee_id, is_active=True)
    return case_staff(case.entity).distinct()


def case_staff_notify(*, case: Case, what: str) -> int:
    """Tell the entity's staff (or the coordination team, for an escalation); once per case, round and step."""
    key = f"case-{case.pk}-r{case.reopen_count}-{what}"
    if what == "assigned":
        key = f"{key}-{case.assignee_id}"
    return notification_send_many(
        users=list(_staff_people(case, what)), key=key, message=_staff_message(case, what)
    )


# --- The beat: reminders, escalation, closing ------------------------------------------------------

# The service-level ladder as one table: (step, timestamp field, which cases, when it is due).
# `due(case, level, today)` is True when the step must be taken today.
SERVICE_LEVEL_STEPS = [
    (
        "acknowledge-reminder",
        "acknowledge_reminded_at",
        Q(state=Case.State.RECEIVED),
        lambda case, level, today: today > case.acknowledge_due_on,
    ),
    (
        "answer-reminder",
        "answer_reminded_at",
        Q(state__in=Case.OPEN_STATES),
        lambda case, level, today: today >= case.answer_due_on,
    ),
    (
        "escalated",
        "escalated_at",
        Q(state__in=Case.OPEN_STATES),
        lambda case, level, today: (
            today > case.answer_due_on
            and working_days_between(case.answer_due_on, today) >= level.escalate_after_working_days
        ),
    ),
]


def cases_service_levels_check(*, today: date | None = None, now=None) -> dict:
    """Take each due step of each open case exactly once; close answered cases left alone. Returns counts."""
    today = today or timezone.localdate()
    now = now or timezone.now()
    taken = {step: 0 for step, *_rest in SERVICE_LEVEL_STEPS}
    levels = {}
    for step, field, which, due in SERVICE_LEVEL_STEPS:
        candidates = Case.objects.filter(which, **{f"{field}__isnull": True}).select_related("entity")
        for case in candidates.order_by("pk"):
            level = levels.get(case.entity_id) or levels.setdefault(
                case.entity_id, CaseServiceLevel.for_entity(case.entity)
            )
            if not due(case, level, today):
                continue
            moved = Case.objects.filter(which, pk=case.pk, **{f"{field}__isnull": True}).update(
                **{field: now}
            )
            if not moved:
                continue  # another run took this step, or the case moved on meanwhile
            taken[step] += 1
            case_staff_notify(case=case, what=step)
    taken["closed"] = cases_close_answered(now=now)
    return taken


def cases_close_answered(*, now=None) -> int:
    """Close the answered cases the person neither closed nor reopened within CASE_AUTO_CLOSE_DAYS."""
    now = now or timezone.now()
    closed = 0
    stale = Case.objects.filter(
        state=Case.State.ANSWERED, answered_at__lte=now - timedelta(days=CASE_AUTO_CLOSE_DAYS)
    )
    for case in stale.order_by("pk"):
        with transaction.atomic():
            if not Case.objects.filter(pk=case.pk, state=Case.State.ANSWERED).update(
                state=Case.State.CLOSED, closed_at=now, updated_at=now
            ):
                continue
            case.state = Case.State.CLOSED
            case.closed_at = now
            _event(case, CaseEvent.Action.CLOSED)
            closed += 1
    return closed
