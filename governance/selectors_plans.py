"""Each entity's annual plan measured from the portal: its indicators against their targets, and the
summary published on the entity's public page (approved plans only)."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from .models import AnnualPlan, PlanIndicator
from .models.feedback import SATISFIED_FROM

M = PlanIndicator.Measure


def _year(field: str, year: int) -> dict:
    return {f"{field}__year": year}


def plan_measures(plan: AnnualPlan) -> dict[str, Decimal | None]:
    """Every portal measure of the plan's entity and year (a handful of counting queries)."""
    from consultations.models import Comment, Consultation, Idea, Vote
    from opendata.models import Dataset

    from .models import CampaignFeedback

    entity, year = plan.entity_id, plan.year
    consultations = Consultation.objects.filter(entity_id=entity)
    contributions = (
        Comment.objects.filter(consultation__entity_id=entity, **_year("created_at", year)).count()
        + Idea.objects.filter(consultation__entity_id=entity, **_year("created_at", year)).count()
        + Vote.objects.filter(poll__consultation__entity_id=entity, **_year("created_at", year)).count()
    )
    feedback = CampaignFeedback.objects.filter(
        consultation__entity_id=entity, **_year("created_at", year)
    ).aggregate(answers=Count("pk"), satisfied=Count("pk", filter=Q(satisfaction__gte=SATISFIED_FROM)))
    satisfaction = (
        (Decimal(feedback["satisfied"]) * 100 / feedback["answers"]).quantize(Decimal("0.1"), ROUND_HALF_UP)
        if feedback["answers"]
        else None
    )
    return {
        M.CONSULTATIONS_OPENED: Decimal(consultations.public().filter(**_year("opens_at", year)).count()),
        M.DECISIONS: Decimal(consultations.exclude(decision="").filter(**_year("decided_at", year)).count()),
        M.CONTRIBUTIONS: Decimal(contributions),
        M.SATISFACTION: satisfaction,
        M.DATASETS: Decimal(
            Dataset.objects.filter(entity_id=entity, is_published=True, **_year("created_at", year)).count()
        ),
    }


def plan_indicator_rows(plan: AnnualPlan) -> list[dict]:
    """Each indicator with its value (measured, or typed in), its target and whether it is reached."""
    measures = plan_measures(plan)
    rows = []
    for indicator in plan.indicators.all():
        measured = indicator.measure != M.MANUAL
        value = measures.get(indicator.measure) if measured else indicator.value
        rows.append(
            {
                "indicator": indicator,
                "value": value,
                "measured": measured,
                "reached": value is not None and value >= indicator.target,
            }
        )
    return rows


def entity_plan_public(entity, *, year: int) -> dict | None:
    """The approved plan of the year, for the entity's public page; None when there is none."""
    plan = (
        AnnualPlan.objects.filter(entity=entity, year=year, status=AnnualPlan.Status.APPROVED)
        .prefetch_related("indicators", "campaigns__consultation")
        .first()
    )
    if plan is None:
        return None
    done, total = plan.progress()
    return {"plan": plan, "rows": plan_indicator_rows(plan), "campaigns_done": done, "campaigns_total": total}
