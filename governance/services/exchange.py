"""Experience exchange between entities: posts by an entity's coordinators, matches and outcomes by
the coordination team (seed §21-1)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Entity, ExchangeMatch, ExpertisePost

Kind = ExpertisePost.Kind


@transaction.atomic
def expertise_post_create(*, user, entity: Entity, kind: str, topic: str, description: str) -> ExpertisePost:
    if not user.has_perm("governance.add_expertisepost", entity):
        raise PermissionDenied(_("Only your entity's coordinators may post for it."))
    post = ExpertisePost(
        entity=entity, kind=kind, topic=topic.strip(), description=description.strip(), author=user
    )
    post.full_clean()
    post.save()
    return post


@transaction.atomic
def expertise_post_update(
    *, user, post: ExpertisePost, topic: str, description: str, close: bool = False
) -> ExpertisePost:
    """A coordinator edits only their own entity's posts (and may close one they no longer need)."""
    post = ExpertisePost.objects.select_for_update().get(pk=post.pk)
    if not user.has_perm("governance.change_expertisepost", post):
        raise PermissionDenied(_("You can only edit your own entity's offers and requests."))
    post.topic = topic.strip()
    post.description = description.strip()
    if close:
        post.status = ExpertisePost.Status.CLOSED
    post.full_clean()
    post.save()
    return post


def exchange_match_check(*, offer: ExpertisePost, request: ExpertisePost) -> None:
    """An offer with a request, of two different entities, neither closed (the admin's form asks too)."""
    if offer.kind != Kind.OFFER or request.kind != Kind.REQUEST:
        raise ValidationError(_("Match an offer of expertise with a request for expertise."))
    if offer.entity_id == request.entity_id:
        raise ValidationError(_("An exchange is between two different entities."))
    if ExpertisePost.Status.CLOSED in (offer.status, request.status):
        raise ValidationError(_("A closed offer or request cannot be matched."))


def _may_match(user) -> bool:
    return user.has_perm("governance.add_exchangematch")


@transaction.atomic
def exchange_match_create(*, user, offer: ExpertisePost, request: ExpertisePost) -> ExchangeMatch:
    """Match one entity's offer with another entity's request; both leave the open list."""
    if not _may_match(user):
        raise PermissionDenied(_("Only the coordination team matches offers with requests."))
    posts = {p.pk: p for p in ExpertisePost.objects.select_for_update().filter(pk__in=[offer.pk, request.pk])}
    offer, request = posts[offer.pk], posts[request.pk]
    exchange_match_check(offer=offer, request=request)
    match = ExchangeMatch(offer=offer, request=request, matched_by=user)
    try:
        with transaction.atomic():
            match.save()
    except IntegrityError as exc:
        raise ValidationError(_("This offer is already matched with this request.")) from exc
    ExpertisePost.objects.filter(pk__in=[offer.pk, request.pk]).update(status=ExpertisePost.Status.MATCHED)
    return match


@transaction.atomic
def exchange_outcome_record(*, user, match: ExchangeMatch, outcome: str, note: str = "") -> ExchangeMatch:
    """Whether the exchange took place (held / not held) and a note; the posts close once it is known."""
    if not user.has_perm("governance.change_exchangematch"):
        raise PermissionDenied(_("Only the coordination team records an exchange's outcome."))
    match = ExchangeMatch.objects.select_for_update().get(pk=match.pk)
    if outcome not in ExchangeMatch.Outcome.values:
        raise ValidationError(_("Unknown outcome."))
    match.outcome = outcome
    match.outcome_note = note.strip()
    match.outcome_recorded_at = None if outcome == ExchangeMatch.Outcome.PENDING else timezone.now()
    match.full_clean()
    match.save()
    if outcome != ExchangeMatch.Outcome.PENDING:
        ExpertisePost.objects.filter(pk__in=[match.offer_id, match.request_id]).update(
            status=ExpertisePost.Status.CLOSED
        )
    return match


__all__ = [
    "exchange_match_check",
    "exchange_match_create",
    "exchange_outcome_record",
    "expertise_post_create",
    "expertise_post_update",
]
