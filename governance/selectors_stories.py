"""What the public reads of the success stories, and what a coordinator has left to rate."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone

from .models import Entity, SuccessStory, SupportRating, SupportRatingPeriod
from .models.feedback import SATISFIED_FROM
from .selectors import entities_for_user


def stories_published() -> QuerySet[SuccessStory]:
    """Published stories of consultations the public may see, newest first."""
    from consultations.phases import PUBLIC_PHASES

    return (
        SuccessStory.objects.published()
        .filter(consultation__phase__in=PUBLIC_PHASES)
        .select_related("entity", "consultation")
    )


def support_rating_period_open(day=None) -> SupportRatingPeriod | None:
    day = day or timezone.localdate()
    return SupportRatingPeriod.objects.filter(opens_on__lte=day, closes_on__gte=day).order_by("-year").first()


def coordinated_entities(user) -> list[Entity]:
    """The entities this person coordinates (a coordinator's grant, not the federal team's reach)."""
    if not user.is_authenticated:
        return []
    return [
        entity
        for entity in entities_for_user(user).order_by("pk")
        if user.has_perm("governance.coordinate_entity", entity)
    ]


def support_rating_entities(
    user, period: SupportRatingPeriod | None
) -> list[tuple[Entity, SupportRating | None]]:
    """The entities this person coordinates, each with its rating of `period` (None when not rated yet)."""
    if period is None:
        return []
    coordinated = coordinated_entities(user)
    ratings = {r.entity_id: r for r in SupportRating.objects.filter(period=period, entity__in=coordinated)}
    return [(entity, ratings.get(entity.pk)) for entity in coordinated]


def support_rating_summary(period: SupportRatingPeriod | None) -> dict:
    """Ratings, satisfied (4 or 5 of 5), their share in per cent, and the average of one period."""
    if period is None:
        return {"ratings": 0, "satisfied": 0, "share": None, "average": None}
    row = SupportRating.objects.filter(period=period).aggregate(
        ratings=Count("pk"),
        satisfied=Count("pk", filter=Q(rating__gte=SATISFIED_FROM)),
        average=Avg("rating"),
    )
    share = (
        (Decimal(row["satisfied"]) * 100 / row["ratings"]).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        if row["ratings"]
        else None
    )
    return {**row, "share": share}
