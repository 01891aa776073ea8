"""Success stories (submitted by an entity, reviewed by the coordination team) and the entities'
ratings of the programme's support, with the reminder job."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sharik.accounts.services import notification_send
from sharik.core.audit import audit_record
from sharik.core.sanitize import sanitize_html

from ..models import Entity, SuccessStory, SupportRating, SupportRatingPeriod, SupportRatingReminder

PUBLISH_STORY_PERM = "governance.publish_successstory"


def _clean(story: SuccessStory) -> None:
    for lang in ("ar", "en"):
        setattr(story, f"body_{lang}", sanitize_html(getattr(story, f"body_{lang}") or ""))
        setattr(story, f"title_{lang}", (getattr(story, f"title_{lang}") or "").strip())


def _check_own_consultation(*, user, consultation, action: str = "add") -> None:
    # Asked of the consultation's entity (the entity backend): only that entity's coordinators (or the
    # federal bodies acting for every entity) hold the permission on it.
    if not user.has_perm(f"governance.{action}_successstory", consultation.entity):
        raise PermissionDenied(_("A story is written by the coordinators of the consultation's own entity."))


@transaction.atomic
def story_create(
    *,
    user,
    consultation,
    title_ar: str,
    title_en: str,
    body_ar: str,
    body_en: str,
    image=None,
) -> SuccessStory:
    """The entity submits its story: it goes to the coordination team's review."""
    _check_own_consultation(user=user, consultation=consultation)
    story = SuccessStory(
        consultation=consultation,
        entity=consultation.entity,
        title_ar=title_ar,
        title_en=title_en,
        body_ar=body_ar,
        body_en=body_en,
        submitted_by=user,
        status=SuccessStory.Status.REVIEW,
    )
    if image is not None:
        story.image = image
    return story_save(story=story, user=user, created=True)


@transaction.atomic
def story_save(*, story: SuccessStory, user, created: bool = False) -> SuccessStory:
    """Save a new story or an edit. An edit by someone who may not publish sends a returned or a
    published story back to review: it leaves the public site until the coordination team publishes it."""
    if story.consultation_id:
        _check_own_consultation(
            user=user, consultation=story.consultation, action="add" if created else "change"
        )
        story.entity = story.consultation.entity
    if not created and story.pk and not user.has_perm("governance.change_successstory", story):
        raise PermissionDenied(_("Only the entity's coordinators and the coordination team edit a story."))
    if story.submitted_by_id is None:
        story.submitted_by = user
    before = None
    if story.pk:
        before = SuccessStory.objects.filter(pk=story.pk).values_list("status", flat=True).first()
    if not user.has_perm(PUBLISH_STORY_PERM) and story.status != SuccessStory.Status.REVIEW:
        story.status = SuccessStory.Status.REVIEW
    _clean(story)
    story.full_clean()
    story.save()
    audit_record(
        action="story.submitted" if created or before is None else "story.edited",
        obj=story,
        actor=user,
        entity=story.entity,
        changes={"status": [before, story.status]} if before != story.status else {},
    )
    return story


def _review(*, story: SuccessStory, user, to_status: str, reason: str = "") -> SuccessStory:
    if not user.has_perm(PUBLISH_STORY_PERM):
        raise PermissionDenied(_("Only the coordination team publishes or returns success stories."))
    story = SuccessStory.objects.select_for_update().get(pk=story.pk)
    allowed = {
        SuccessStory.Status.PUBLISHED: (SuccessStory.Status.REVIEW,),
        SuccessStory.Status.RETURNED: (SuccessStory.Status.REVIEW, SuccessStory.Status.PUBLISHED),
    }[to_status]
    if story.status not in allowed:
        raise ValidationError(
            _("A story cannot move from %(from)s to %(to)s.")
            % {"from": story.get_status_display(), "to": SuccessStory.Status(to_status).label}
        )
    before = story.status
    story.status = to_status
    story.reviewed_by = user
    if to_status == SuccessStory.Status.PUBLISHED:
        story.return_reason = ""
        if story.published_at is None:
            story.published_at = timezone.now()
    else:
        story.return_reason = reason.strip()
        if not story.return_reason:
            raise ValidationError(_("Say why the story is returned: the entity reads it."))
    story.full_clean()
    story.save(update_fields=["status", "reviewed_by", "return_reason", "published_at", "updated_at"])
    audit_record(
        action=f"story.{to_status}",
        obj=story,
        actor=user,
        entity=story.entity,
        changes={"status": [before, to_status]},
    )
    _notify_submitter(story)
    return story


def _notify_submitter(story: SuccessStory) -> None:
    """Tell the entity's author what the review decided (one notice per decision)."""
    user = story.submitted_by
    if story.status == SuccessStory.Status.PUBLISHED:
        title, body = gettext_noop("Your success story is published: %(title)s"), ""
    else:
        title = gettext_noop("Your success story was returned: %(title)s")
        body = story.return_reason
    with translation.override(getattr(user, "preferred_language", "") or "ar"):
        notification_send(
            user=user,
            key=f"story:{story.pk}:{story.status}:{story.updated_at.timestamp()}",
            title=_(title) % {"title": story.title},
            body=body,
            url=reverse("admin:governance_successstory_change", args=[story.pk]),
        )


@transaction.atomic
def story_publish(*, story: SuccessStory, user) -> SuccessStory:
    return _review(story=story, user=user, to_status=SuccessStory.Status.PUBLISHED)


@transaction.atomic
def story_return(*, story: SuccessStory, user, reason: str) -> SuccessStory:
    """Back to the entity with a reason it reads; a published story leaves the public site."""
    return _review(story=story, user=user, to_status=SuccessStory.Status.RETURNED, reason=reason)


# --- the entities' satisfaction with the programme's support ---------------------------------------


def support_rating_submit(
    *, user, entity: Entity, period: SupportRatingPeriod, rating: int, comment: str = ""
) -> SupportRating:
    """An entity's coordinator rates the programme's support, once per entity and period."""
    if not user.has_perm("governance.coordinate_entity", entity):
        raise PermissionDenied(_("Only the entity's coordinators rate the programme's support for it."))
    if not period.is_open():
        raise ValidationError(_("The rating period is not open."))
    answer = SupportRating(
        entity=entity, period=period, rating=rating, comment=comment.strip(), rated_by=user
    )
    answer.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():  # the unique constraint decides between two concurrent ratings
            answer.save()
            audit_record(action="support_rating.submitted", obj=answer, actor=user, entity=entity)
    except IntegrityError as exc:
        raise ValidationError(
            _("Your entity has already rated the programme's support for this period.")
        ) from exc
    return answer


def support_rating_reminders_send(*, today: datetime.date | None = None) -> int:
    """The beat job: remind the coordinators of every entity that has not rated an open period.

    The reminder row (unique per entity and period) is claimed before anyone is told, so repeated or
    overlapping runs remind each entity exactly once per period. Returns the entities reminded.
    """
    from consultations.services.proposals import entity_coordinators

    today = today or timezone.localdate()
    reminded = 0
    for period in SupportRatingPeriod.objects.filter(opens_on__lte=today, closes_on__gte=today):
        pending = (
            Entity.objects.exclude(support_ratings__period=period)
            .exclude(pk__in=SupportRatingReminder.objects.filter(period=period).values("entity"))
            .order_by("pk")
        )
        for entity in pending:
            coordinators = list(entity_coordinators(entity))
            if not coordinators:
                continue  # nobody to remind yet; a coordinator named later is reminded on a later run
            try:
                with transaction.atomic():
                    SupportRatingReminder.objects.create(period=period, entity=entity)
            except IntegrityError:
                continue  # another run claimed it
            for user in coordinators:
                with translation.override(getattr(user, "preferred_language", "") or "ar"):
                    notification_send(
                        user=user,
                        key=f"support-rating:{period.year}:{entity.pk}",
                        title=_("Rate the programme's support for %(entity)s (%(year)s)")
                        % {"entity": entity.name, "year": period.year},
                        body=_("One rating per entity, from 1 to 5, by %(day)s.")
                        % {"day": period.closes_on.isoformat()},
                        url=reverse("governance:support-rating"),
                    )
            reminded += 1
    return reminded
