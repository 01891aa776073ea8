"""Requests from the public for new datasets: propose, support once, comment, and the entity's answer.

The lifecycle is a table: which status may follow which. The requester and every supporter are
notified of each answer, once (the notification key makes a re-run harmless).
"""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from sharik.accounts.services import notification_send
from sharik.core.audit import audit_record

from ..models import Dataset, DatasetRequest, DatasetRequestComment, DatasetRequestSupport

Status = DatasetRequest.Status

# status -> the statuses the entity may move it to
TRANSITIONS = {
    Status.PROPOSED: {Status.IN_PROGRESS, Status.ACCEPTED, Status.REFUSED},
    Status.IN_PROGRESS: {Status.ACCEPTED, Status.REFUSED},
    Status.ACCEPTED: set(),
    Status.REFUSED: {Status.IN_PROGRESS},  # an entity may reconsider
}
OPEN_STATUSES = {Status.PROPOSED, Status.IN_PROGRESS}
MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!?][^>]*>")


def _require_participant(user) -> None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise ValidationError(_("Please log in to take part."), code="login")


def _plain(value: str, *, field: str, max_length: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: _("This field cannot be empty.")}, code="required")
    if len(value) > max_length:
        raise ValidationError({field: _("Please keep it under %(max)d characters.") % {"max": max_length}})
    if MARKUP.search(value):
        raise ValidationError({field: _("Please write plain text: HTML tags and scripts are not allowed.")})
    return value


@transaction.atomic
def dataset_request_create(*, user, entity, title: str, reason: str) -> DatasetRequest:
    _require_participant(user)
    request = DatasetRequest(
        entity=entity,
        title=_plain(title, field="title", max_length=300),
        reason=_plain(reason, field="reason", max_length=3000),
        requester=user,
    )
    request.full_clean()
    request.save()
    audit_record(action="dataset_request.create", obj=request, actor=user, source="web")
    return request


def dataset_request_support(*, request: DatasetRequest, user) -> bool:
    """Support a request once; returns False if this person already supported it."""
    _require_participant(user)
    if not DatasetRequest.objects.filter(pk=request.pk, status__in=OPEN_STATUSES).exists():
        raise ValidationError(_("This request has been answered; it no longer takes support."), code="closed")
    try:
        with transaction.atomic():
            DatasetRequestSupport.objects.create(request=request, user=user)
    except IntegrityError:
        return False
    return True


@transaction.atomic
def dataset_request_comment(*, request: DatasetRequest, user, body: str) -> DatasetRequestComment:
    _require_participant(user)
    comment = DatasetRequestComment(
        request=request, author=user, body=_plain(body, field="body", max_length=2000)
    )
    comment.full_clean()
    comment.save()
    return comment


def _notify(request: DatasetRequest) -> None:
    people = {request.requester_id: request.requester} if request.requester else {}
    for support in request.supports.select_related("user"):
        people.setdefault(support.user_id, support.user)
    for user in people.values():
        if not user.is_active:
            continue
        with override(user.preferred_language or "ar"):
            title = _("Your dataset request “%(title)s”: %(status)s") % {
                "title": request.title,
                "status": request.get_status_display(),
            }
            notification_send(
                user=user,
                key=f"opendata.request.{request.pk}.{request.status}",
                title=title[:200],
                body=request.response,
                url=request.get_absolute_url(),
            )


def dataset_request_answer_check(*, request: DatasetRequest, status: str, response: str, dataset) -> None:
    """The lifecycle rules of an answer, without writing: used by the service and the admin form."""
    if status not in TRANSITIONS[request.status]:
        raise ValidationError(
            _("A request that is “%(from)s” cannot become “%(to)s”.")
            % {"from": request.get_status_display(), "to": Status(status).label},
            code="transition",
        )
    response = (response or "").strip()
    if status == Status.REFUSED and not response:
        raise ValidationError({"response": _("Say why the request is refused.")}, code="reason")
    if status == Status.ACCEPTED:
        if dataset is None:
            raise ValidationError({"dataset": _("Link the published dataset.")}, code="dataset")
        if dataset.entity_id != request.entity_id:
            raise ValidationError({"dataset": _("The dataset must be published by the entity asked.")})


@transaction.atomic
def dataset_request_answer(
    *, request: DatasetRequest, actor, status: str, response: str = "", dataset: Dataset | None = None
) -> DatasetRequest:
    """The entity answers: in progress, accepted (linked to the published dataset) or refused (why)."""
    request = DatasetRequest.objects.select_for_update().get(pk=request.pk)
    if actor is not None and not actor.has_perm("opendata.answer_datasetrequest", request):
        raise PermissionDenied(_("Only the entity asked can answer this request."))
    response = (response or "").strip()
    dataset_request_answer_check(request=request, status=status, response=response, dataset=dataset)
    request.status = status
    request.response = response
    request.dataset = dataset if status == Status.ACCEPTED else request.dataset
    request.answered_at = timezone.now()
    request.full_clean()
    request.save()
    audit_record(
        action="dataset_request.answer", obj=request, actor=actor, source="web", changes={"status": status}
    )
    transaction.on_commit(lambda: _notify_task(request.pk))
    return request


def _notify_task(request_id: int) -> None:
    from ..tasks import dataset_request_notify

    dataset_request_notify.delay(request_id)


def dataset_request_notify(*, request_id: int) -> None:
    _notify(DatasetRequest.objects.select_related("requester").get(pk=request_id))
