""" "You said, we did": follow-up actions on adopted contributions, and telling people when they move.

Each status change is recorded (FollowUpChange) and its id is the notification key, so followers
and the contributor hear of a change once, however often the job runs.
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sharik.accounts.services import notification_send

from ..models import FOLLOWUP_TARGETS, Consultation, Follow, FollowUp, FollowUpChange


def _require_perm(user, perm: str, obj) -> None:
    if user is not None and not user.has_perm(perm, obj):
        raise PermissionDenied(_("You do not act for this consultation's entity."))


def _target_consultation_id(kind: str, target) -> int:
    if kind in ("idea", "comment"):
        return target.consultation_id
    if kind == "paragraph":
        return target.version.draft.consultation_id
    return target.paragraph.version.draft.consultation_id


def followup_key(change: FollowUpChange) -> str:
    return f"followup-change-{change.pk}"


def _queue_notify(change: FollowUpChange) -> None:
    from ..tasks.followups import followup_change_notify_task

    transaction.on_commit(lambda: followup_change_notify_task.delay(change.pk))


@transaction.atomic
def followup_save(*, follow_up: FollowUp, user, note: str = "") -> FollowUp:
    """Create or update a follow-up (only once a decision exists); a new status is recorded and announced."""
    consultation = follow_up.consultation
    _require_perm(
        user, "consultations.change_followup" if follow_up.pk else "consultations.add_followup", consultation
    )
    if not hasattr(consultation, "decision_record"):
        raise ValidationError(
            _("Follow-up actions come after the decision: record the decision first."), code="no_decision"
        )
    kinds = [name for name in FOLLOWUP_TARGETS if getattr(follow_up, f"{name}_id") is not None]
    if len(kinds) != 1 or _target_consultation_id(kinds[0], follow_up.target) != consultation.pk:
        raise ValidationError(_("Choose one contribution made to this consultation."), code="target")
    previous = None
    if follow_up.pk:
        previous = FollowUp.objects.select_for_update().values_list("status", flat=True).get(pk=follow_up.pk)
    if follow_up.status == FollowUp.Status.DONE:
        follow_up.done_on = follow_up.done_on or timezone.localdate()
    else:
        follow_up.done_on = None
    follow_up.full_clean()
    follow_up.save()
    if previous != follow_up.status:
        change = FollowUpChange.objects.create(
            follow_up=follow_up,
            from_status=previous or "",
            to_status=follow_up.status,
            note=(note or "")[:500],
            changed_by=user,
        )
        _queue_notify(change)
    return follow_up


def followup_create(
    *,
    consultation: Consultation,
    user,
    target,
    action_ar: str,
    action_en: str = "",
    details_ar: str = "",
    details_en: str = "",
    status: str = FollowUp.Status.PLANNED,
    starts_on: date | None = None,
    due_on: date | None = None,
) -> FollowUp:
    """Link an adopted contribution (idea, comment, paragraph comment, amendment) to what the entity does."""
    kind = next((name for name in FOLLOWUP_TARGETS if target._meta.model_name == name.replace("_", "")), None)
    if kind is None:
        raise ValidationError(_("Choose one contribution made to this consultation."), code="target")
    follow_up = FollowUp(
        consultation=consultation,
        action_ar=action_ar,
        action_en=action_en,
        details_ar=details_ar,
        details_en=details_en,
        status=status,
        starts_on=starts_on,
        due_on=due_on,
        **{kind: target},
    )
    return followup_save(follow_up=follow_up, user=user)


@transaction.atomic
def followup_status_set(
    *, follow_up: FollowUp, user, status: str, note: str = "", done_on: date | None = None
) -> FollowUpChange | None:
    """Move a follow-up to a new status; returns the change, or None if the status is the same."""
    if status not in FollowUp.Status.values:
        raise ValidationError({"status": _("Choose a status from the list.")}, code="status")
    follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if follow_up.status == status:
        _require_perm(user, "consultations.change_followup", follow_up)
        return None
    follow_up.status = status
    follow_up.done_on = done_on
    followup_save(follow_up=follow_up, user=user, note=note)
    return follow_up.changes.order_by("-pk").first()


def followup_recipient_ids(follow_up: FollowUp) -> list[int]:
    ids = set(
        Follow.objects.filter(consultation_id=follow_up.consultation_id).values_list("user_id", flat=True)
    )
    contributor = follow_up.contributor
    if contributor is not None:
        ids.add(contributor.pk)
    return sorted(ids)


def followup_change_notify(*, change: FollowUpChange) -> int:
    """Tell followers and the contributor about one change, each in their language; once per person."""
    follow_up = change.follow_up
    consultation = follow_up.consultation
    sent = 0
    people = get_user_model().objects.filter(
        pk__in=followup_recipient_ids(follow_up), is_active=True, deleted_at__isnull=True
    )
    for person in people.order_by("pk"):
        with translation.override(person.preferred_language):
            url = consultation.get_absolute_url() + "#follow-ups"
            title = _("“%(title)s”: %(action)s is now %(status)s") % {
                "title": consultation.title,
                "action": follow_up.action,
                "status": FollowUp.Status(change.to_status).label,
            }
            body = _("You said, we did: the follow-up of this consultation has moved. %(note)s") % {
                "note": change.note
            }
            if notification_send(
                user=person, key=followup_key(change), title=title, body=body.strip(), url=url
            ):
                sent += 1
    return sent
