"""The advisory service «شوروك علينا»: ask, triage and assign, exchange comments, answer, close and rate; reminders."""

import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sharik.accounts.services import notification_send
from sharik.core.permissions import ALL_ENTITIES_PERM

from ..models import AdvisoryComment, AdvisoryRequest, AdvisoryServiceLevel, Entity, Role

DRAFT_MAX_BYTES = 10 * 1024 * 1024
DRAFT_EXTENSIONS = (".pdf", ".docx", ".doc", ".odt", ".txt", ".xlsx")


def _is_federal(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.has_perm(ALL_ENTITIES_PERM))


def advisory_can_see(user, request: AdvisoryRequest) -> bool:
    """The entity's own people, the assigned advisor, and the federal team."""
    return (
        _is_federal(user)
        or request.advisor_id == user.pk
        or user.has_perm("governance.view_advisoryrequest", request.entity)
    )


def _federal_team():
    return get_user_model().objects.filter(groups__name=Role.FEDERAL_TEAM, is_active=True).distinct()


def _notify(user, key: str, title: tuple[str, dict], body: tuple[str, dict], request: AdvisoryRequest) -> int:
    """Notify once per key, worded in the recipient's language (messages travel as msgid and parameters)."""
    with translation.override(getattr(user, "preferred_language", "") or "ar"):
        notification = notification_send(
            user=user,
            key=key,
            title=_(title[0]) % title[1],
            body=_(body[0]) % body[1],
            url=reverse("governance:advisory-detail", args=[request.pk]),
        )
    return notification is not None


@transaction.atomic
def advisory_request_create(
    *,
    user,
    entity: Entity,
    kind: str,
    title: str,
    question: str,
    draft=None,
    service_level: AdvisoryServiceLevel | None = None,
) -> AdvisoryRequest:
    if not user.has_perm("governance.add_advisoryrequest", entity):
        raise PermissionDenied(_("Only your entity's coordinators may ask the advisory service for it."))
    level = service_level or AdvisoryServiceLevel.objects.order_by("answer_hours").last()
    if level is None:
        raise ValidationError(_("The advisory service has no service level yet; ask the federal team."))
    if draft is not None:
        if draft.size > DRAFT_MAX_BYTES:
            raise ValidationError({"draft": _("The draft is larger than 10 MB.")})
        if not draft.name.lower().endswith(DRAFT_EXTENSIONS):
            raise ValidationError({"draft": _("Attach the draft as PDF, Word, OpenDocument, Excel or text.")})
    now = timezone.now()
    request = AdvisoryRequest(
        entity=entity,
        requested_by=user,
        kind=kind,
        title=title.strip(),
        question=question.strip(),
        service_level=level,
        triage_due_at=now + datetime.timedelta(hours=level.triage_hours),
        answer_due_at=now + datetime.timedelta(hours=level.answer_hours),
    )
    if draft is not None:
        request.draft = draft
    request.full_clean()
    request.save()
    for member in _federal_team():
        _notify(
            member,
            f"advisory:{request.pk}:new",
            (gettext_noop("New advisory request: %(title)s"), {"title": request.title}),
            (
                gettext_noop("%(entity)s asks the advisory service. Triage it and assign an advisor."),
                {"entity": entity.name},
            ),
            request,
        )
    return request


@transaction.atomic
def advisory_request_assign(*, user, request: AdvisoryRequest, advisor) -> AdvisoryRequest:
    if not _is_federal(user):
        raise PermissionDenied(_("Only the federal team assigns advisors."))
    if request.status not in (AdvisoryRequest.Status.SUBMITTED, AdvisoryRequest.Status.ASSIGNED):
        raise ValidationError(_("An answered request is not assigned again."))
    if not _is_federal(advisor):
        raise ValidationError({"advisor": _("The advisor must be a member of the federal team.")})
    request.advisor = advisor
    request.status = AdvisoryRequest.Status.ASSIGNED
    request.assigned_at = request.assigned_at or timezone.now()
    request.full_clean()
    request.save()
    _notify(
        advisor,
        f"advisory:{request.pk}:assigned:{advisor.pk}",
        (gettext_noop("Advisory request assigned to you: %(title)s"), {"title": request.title}),
        (
            gettext_noop("Please answer by %(due)s."),
            {"due": timezone.localtime(request.answer_due_at).strftime("%Y-%m-%d %H:%M")},
        ),
        request,
    )
    return request


@transaction.atomic
def advisory_comment_add(*, user, request: AdvisoryRequest, body: str) -> AdvisoryComment:
    if not advisory_can_see(user, request):
        raise PermissionDenied(_("You may not take part in this request."))
    if request.status == AdvisoryRequest.Status.CLOSED:
        raise ValidationError(_("This request is closed."))
    comment = AdvisoryComment(request=request, author=user, body=body.strip())
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def advisory_request_answer(*, user, request: AdvisoryRequest, answer: str) -> AdvisoryRequest:
    if not (_is_federal(user) and (request.advisor_id in (None, user.pk) or user.is_superuser)):
        raise PermissionDenied(_("Only the assigned advisor answers this request."))
    if request.status not in (AdvisoryRequest.Status.SUBMITTED, AdvisoryRequest.Status.ASSIGNED):
        raise ValidationError(_("This request has already been answered."))
    if not answer.strip():
        raise ValidationError({"answer": _("Write the answer.")})
    request.answer = answer.strip()
    request.advisor = request.advisor or user
    request.status = AdvisoryRequest.Status.ANSWERED
    request.answered_at = timezone.now()
    request.full_clean()
    request.save()
    _notify(
        request.requested_by,
        f"advisory:{request.pk}:answered",
        (gettext_noop("The advisory service answered: %(title)s"), {"title": request.title}),
        (gettext_noop("Read the answer, and close the request with your rating when you are done."), {}),
        request,
    )
    return request


@transaction.atomic
def advisory_request_close(
    *, user, request: AdvisoryRequest, rating: int, comment: str = ""
) -> AdvisoryRequest:
    """The entity closes its answered request and rates the service (1–5)."""
    if user.pk != request.requested_by_id and not user.has_perm(
        "governance.coordinate_entity", request.entity
    ):
        raise PermissionDenied(_("Only the entity that asked closes and rates its request."))
    if request.status != AdvisoryRequest.Status.ANSWERED:
        raise ValidationError(_("Only an answered request can be closed."))
    request.rating = rating
    request.rating_comment = comment.strip()
    request.status = AdvisoryRequest.Status.CLOSED
    request.closed_at = timezone.now()
    request.full_clean()
    request.save()
    return request


def advisory_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """The beat job: late triage to the federal team, the advisor's reminder, the escalation of a late answer.

    Each notice has its own key per request, so repeated runs send each exactly once.
    """
    now = now or timezone.now()
    sent = 0
    late_triage = AdvisoryRequest.objects.filter(
        status=AdvisoryRequest.Status.SUBMITTED, triage_due_at__lte=now
    )
    team = list(_federal_team())
    for request in late_triage.select_related("entity"):
        for member in team:
            sent += _notify(
                member,
                f"advisory:{request.pk}:triage-late",
                (gettext_noop("Advisory request waiting for triage: %(title)s"), {"title": request.title}),
                (
                    gettext_noop("The service level promised triage by %(due)s."),
                    {"due": timezone.localtime(request.triage_due_at).strftime("%Y-%m-%d %H:%M")},
                ),
                request,
            )
    assigned = AdvisoryRequest.objects.filter(status=AdvisoryRequest.Status.ASSIGNED).select_related(
        "service_level", "advisor"
    )
    for request in assigned:
        level = request.service_level
        if request.advisor and now >= request.answer_due_at - datetime.timedelta(
            hours=level.remind_before_hours
        ):
            sent += _notify(
                request.advisor,
                f"advisory:{request.pk}:answer-reminder",
                (gettext_noop("Reminder: answer the advisory request %(title)s"), {"title": request.title}),
                (
                    gettext_noop("The answer is due by %(due)s."),
                    {"due": timezone.localtime(request.answer_due_at).strftime("%Y-%m-%d %H:%M")},
                ),
                request,
            )
        if now >= request.answer_due_at + datetime.timedelta(hours=level.escalate_after_hours):
            if request.escalated_at is None:
                AdvisoryRequest.objects.filter(pk=request.pk, escalated_at__isnull=True).update(
                    escalated_at=now
                )
            for member in team:
                sent += _notify(
                    member,
                    f"advisory:{request.pk}:escalated",
                    (
                        gettext_noop("Escalation: the advisory request %(title)s is late"),
                        {"title": request.title},
                    ),
                    (
                        gettext_noop("The answer was due by %(due)s."),
                        {"due": timezone.localtime(request.answer_due_at).strftime("%Y-%m-%d %H:%M")},
                    ),
                    request,
                )
    return sent
