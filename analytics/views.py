"""Public pages of analytics: the EPI ranking and explanations, dashboards, the UN survey benchmark."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from governance.models import Entity
from governance.selectors import kpi_board
from sharik.core import csvsafe
from sharik.core.choices import EscwaStage, UNLevel

from . import insight_display, selectors
from .indicators import STAGE_INDICATORS
from .labels import INDICATOR_LABELS


def _stage_rows(indicators: dict) -> list[dict]:
    return [
        {
            "stage": EscwaStage(stage).label,
            "items": [(INDICATOR_LABELS[name], indicators.get(stage, {}).get(name)) for name in names],
        }
        for stage, names in STAGE_INDICATORS.items()
    ]


def _ranking_chart(scores) -> dict:
    return {
        "type": "bar",
        "label": str(_("EPI")),
        "labels": [s.entity.name for s in scores],
        "values": [s.epi for s in scores],
    }


def epi_ranking(request):
    snapshot = selectors.latest_snapshot()
    scores = selectors.ranking(snapshot)
    return render(
        request,
        "analytics/epi_ranking.html",
        {"snapshot": snapshot, "scores": scores, "chart": _ranking_chart(scores)},
    )


def epi_entity(request, slug):
    entity = get_object_or_404(Entity.objects.active(), slug=slug)
    snapshot = selectors.latest_snapshot()
    score = selectors.entity_score(snapshot, entity)
    history = selectors.entity_history(entity)
    levels = []
    if score is not None:
        for level in UNLevel:
            results = [r for r in score.results.all() if r.criterion.un_level == level]
            levels.append(
                {
                    "label": level.label,
                    "results": results,
                    "points": sum(r.points for r in results),
                    "available": sum(r.criterion.points for r in results),
                }
            )
    chart = {
        "type": "line",
        "label": str(_("EPI")),
        "labels": [h.snapshot.computed_on.isoformat() for h in history],
        "values": [h.epi for h in history],
    }
    return render(
        request,
        "analytics/epi_entity.html",
        {
            "entity": entity,
            "snapshot": snapshot,
            "score": score,
            "levels": levels,
            "history": history,
            "chart": chart,
        },
    )


def _consultation_counts() -> dict:
    from django.db.models import Count, Q

    from consultations.models import Consultation

    return Consultation.objects.public().aggregate(
        open=Count("pk", filter=Q(phase="conduct")),
        decided=Count("pk", filter=Q(phase__in=["announcement", "evaluation", "archived"])),
        decisions=Count("pk", filter=Q(decided_at__isnull=False) & ~Q(decision="")),
    )


def dashboard(request):
    snapshot = selectors.latest_snapshot()
    scores = selectors.ranking(snapshot)
    counts = _consultation_counts()
    context = {
        "snapshot": snapshot,
        "scores": scores,
        "counts": counts,
        "stages": _stage_rows(snapshot.national_indicators if snapshot else {}),
        "kpis": kpi_board(),
        "chart": _ranking_chart(scores),
        "counts_chart": {
            "type": "bar",
            "label": str(_("Consultations")),
            "labels": [pgettext("consultation status", "Open"), _("Decided")],
            "values": [counts["open"], counts["decided"]],
        },
    }
    return render(request, "analytics/dashboard.html", context)


def dashboard_csv(request):
    snapshot = selectors.latest_snapshot()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="sharik-indicators.csv"'
    response.write("\ufeff")
    writer = csvsafe.writer(response)
    writer.writerow([_("Entity"), _("Points"), _("EPI"), _("Rank"), *(str(_(lv.label)) for lv in UNLevel)])
    for score in selectors.ranking(snapshot):
        writer.writerow(
            [
                score.entity.name,
                score.score,
                f"{score.epi:.4f}",
                score.rank,
                *(score.by_level.get(lv, 0) for lv in UNLevel.values),
            ]
        )
    if snapshot:
        writer.writerow([])
        writer.writerow([_("Stage"), _("Indicator"), _("National value")])
        for row in _stage_rows(snapshot.national_indicators):
            for label, value in row["items"]:
                writer.writerow([row["stage"], label, "" if value is None else value])
    return response


def entity_dashboard(request, slug):
    entity = get_object_or_404(Entity, slug=slug)
    if not selectors.can_see_entity_dashboard(request.user, entity):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    snapshot = selectors.latest_snapshot()
    score = selectors.entity_score(snapshot, entity)
    history = selectors.entity_history(entity)
    missing = [r for r in score.results.all() if not r.met] if score else []
    return render(
        request,
        "analytics/entity_dashboard.html",
        {
            "entity": entity,
            "snapshot": snapshot,
            "score": score,
            "missing": missing,
            "stages": _stage_rows(score.indicators if score else {}),
            "chart": {
                "type": "line",
                "label": str(_("EPI")),
                "labels": [h.snapshot.computed_on.isoformat() for h in history],
                "values": [h.epi for h in history],
            },
            "history": history,
        },
    )


def un_survey(request):
    data = selectors.survey_benchmark()
    years = sorted({r.year for r in data["rows"]})
    datasets = [
        {
            "label": peer.country,
            "values": [
                next((r.egdi for r in data["rows"] if r.year == y and r.country == peer.country), None)
                for y in years
            ],
        }
        for peer in data["peers"]
    ]
    chart = {"type": "line", "labels": [str(y) for y in years], "datasets": datasets}
    return render(request, "analytics/un_survey.html", data | {"chart": chart})


def campaign_insight(request, pk):
    """The analysis of a consultation's contributions: public once the consultation is public and closed;
    the entity's staff see it earlier, and they alone see the bursts flagged for moderators."""
    from consultations.models import Consultation

    from .models import CampaignInsight

    consultation = get_object_or_404(Consultation.objects.select_related("entity"), pk=pk)
    if not selectors.insight_visible(request.user, consultation):
        raise Http404
    insight = CampaignInsight.objects.filter(consultation=consultation).first()
    sentiment_labels = {"positive": _("Positive"), "neutral": _("Neutral"), "negative": _("Negative")}
    rows = [(sentiment_labels[k], v) for k, v in (insight.sentiment.items() if insight else [])]
    chart = {
        "type": "bar",
        "label": str(_("Comments")),
        "labels": [str(label) for label, _v in rows],
        "values": [v for _label, v in rows],
    }
    context = {"consultation": consultation, "insight": insight, "sentiment_rows": rows, "chart": chart}
    if insight is not None:
        context |= {
            "reach": insight_display.reach(insight.reach),
            "polls": insight_display.polls(insight.polls),
            "bursts": insight_display.bursts(insight.bursts)
            if insight.bursts and selectors.may_see_bursts(request.user, consultation)
            else None,
        }
    return render(request, "analytics/insight.html", context)
