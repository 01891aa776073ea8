"""Reads of the experience exchange: the open offers and requests, an entity's matches, the year's figures."""

import datetime

from django.db.models import Count, Q

from sharik.core.permissions import ALL_ENTITIES_PERM

from .models import ExchangeMatch, ExpertisePost
from .selectors import entities_for_user


def open_posts():
    return ExpertisePost.objects.filter(status=ExpertisePost.Status.OPEN).select_related("entity")


def entities_posting_for(user):
    """The entities this person coordinates; the federal team works in the admin, not through this form."""
    if user.is_superuser or user.has_perm(ALL_ENTITIES_PERM):
        return []
    return [e for e in entities_for_user(user) if user.has_perm("governance.add_expertisepost", e)]


def matches_for_entities(entities):
    ids = [e.pk for e in entities]
    return ExchangeMatch.objects.filter(
        Q(offer__entity_id__in=ids) | Q(request__entity_id__in=ids)
    ).select_related("offer__entity", "request__entity")


def exchange_figures(*, start: datetime.datetime, end: datetime.datetime) -> dict:
    """For the annual report: offers and requests posted, matches made and what came of them."""
    posts = ExpertisePost.objects.filter(created_at__gte=start, created_at__lt=end)
    by_kind = dict(posts.values_list("kind").annotate(n=Count("pk")).order_by())
    matches = ExchangeMatch.objects.filter(matched_at__gte=start, matched_at__lt=end).select_related(
        "offer__entity", "request__entity"
    )
    outcomes = dict(matches.values_list("outcome").annotate(n=Count("pk")).order_by())
    return {
        "offers": by_kind.get(ExpertisePost.Kind.OFFER, 0),
        "requests": by_kind.get(ExpertisePost.Kind.REQUEST, 0),
        "matched": matches.count(),
        "held": outcomes.get(ExchangeMatch.Outcome.HELD, 0),
        "not_held": outcomes.get(ExchangeMatch.Outcome.NOT_HELD, 0),
        "pending": outcomes.get(ExchangeMatch.Outcome.PENDING, 0),
        "rows": [
            {
                "topic": m.offer.topic,
                "from": m.offer.entity.name,
                "to": m.request.entity.name,
                "outcome": m.outcome,
                "note": m.outcome_note,
            }
            for m in matches.order_by("matched_at")
        ],
    }
