"""Campaign insight for one consultation: sentiment, topics, form-letter groups, participation by day,
reach by the planned target groups, poll results and bursts of contributions (aggregates only)."""

from collections import Counter

from django.db import transaction
from django.db.models import Count
from django.db.models.functions import TruncDate

from .. import insight, insight_figures
from ..models import CampaignInsight

MAX_COMMENTS = 20000  # the newest ones, beyond which the analysis samples


@transaction.atomic
def insight_compute(*, consultation_id: int) -> CampaignInsight:
    from consultations.models import Comment, Consultation, OfflineContribution

    consultation = Consultation.objects.get(pk=consultation_id)

    visible = Comment.objects.filter(consultation_id=consultation_id, is_hidden=False)
    texts = list(visible.order_by("-pk").values_list("body", flat=True)[:MAX_COMMENTS])
    texts += list(
        OfflineContribution.objects.filter(consultation_id=consultation_id).values_list("text", flat=True)
    )
    groups = insight.near_duplicate_groups(texts)
    # Sentiment and topics on distinct positions: a form letter counts once there, with its count shown.
    distinct = list(dict.fromkeys(texts))
    labels = Counter(insight.sentiment(distinct))
    per_day = (
        visible.annotate(day=TruncDate("created_at")).values("day").annotate(n=Count("pk")).order_by("day")
    )
    result, _created = CampaignInsight.objects.update_or_create(
        consultation_id=consultation_id,
        defaults={
            "comments": len(texts),
            "sentiment": {label: labels.get(label, 0) for label in insight.LABELS},
            "topics": insight.topics(distinct),
            "duplicates": groups[:20],
            "participation": [{"day": row["day"].isoformat(), "comments": row["n"]} for row in per_day],
            "reach": insight_figures.reach(consultation_id),
            "polls": insight_figures.poll_results(consultation),
            "bursts": insight_figures.bursts(consultation),
        },
    )
    return result
