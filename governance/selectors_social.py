"""The social-media plan as the federal team reads it: a year, month by month, filtered."""

import datetime
from itertools import groupby

from django.db.models import Count, Q, QuerySet, Sum

from .models import SocialPost


def social_posts(*, year: int, channel: str = "", status: str = "") -> QuerySet[SocialPost]:
    posts = SocialPost.objects.filter(planned_for__year=year).select_related("channel", "owner")
    if channel:
        posts = posts.filter(channel__code=channel)
    if status:
        posts = posts.filter(status=status)
    return posts.order_by("planned_for", "channel__order", "pk")


def social_plan_months(posts) -> list[tuple[datetime.date, list[SocialPost]]]:
    """[(first day of the month, its posts)] for the months that have posts, in order."""
    return [
        (month, list(items)) for month, items in groupby(posts, key=lambda p: p.planned_for.replace(day=1))
    ]


def social_year_summary(year: int) -> dict:
    """Posts planned in the year, those published (by the day they were published) and their reach."""
    row = SocialPost.objects.filter(planned_for__year=year).aggregate(planned=Count("pk"))
    published = SocialPost.objects.filter(status=SocialPost.Status.PUBLISHED, published_on__year=year)
    totals = published.aggregate(
        published=Count("pk"), reach_total=Sum("reach"), measured=Count("pk", filter=Q(reach__isnull=False))
    )
    by_channel = list(
        published.values("channel__code")
        .annotate(posts=Count("pk"), reach_total=Sum("reach"))
        .order_by("channel__order", "channel__code")
    )
    return {
        "planned": row["planned"],
        "published": totals["published"],
        "measured": totals["measured"],
        "reach": totals["reach_total"] or 0,
        "by_channel": [
            {"channel": r["channel__code"], "posts": r["posts"], "reach": r["reach_total"] or 0}
            for r in by_channel
        ],
    }
