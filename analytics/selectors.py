"""Reads of the analytics app: the stored snapshots, and who may see an entity's dashboard."""

from django.db.models import Prefetch

from governance.selectors import entities_for_user

from .indices import rank_with_ties
from .models import CampaignInsight, CriterionResult, EntityScore, IndexSnapshot, PeerCountry, SurveyRow


def latest_snapshot() -> IndexSnapshot | None:
    return IndexSnapshot.objects.order_by("-computed_on").first()


def ranking(snapshot: IndexSnapshot | None) -> list[EntityScore]:
    if snapshot is None:
        return []
    return list(snapshot.scores.select_related("entity").order_by("rank", "entity__slug"))


def entity_score(snapshot: IndexSnapshot | None, entity) -> EntityScore | None:
    if snapshot is None:
        return None
    return (
        EntityScore.objects.filter(snapshot=snapshot, entity=entity)
        .prefetch_related(Prefetch("results", queryset=CriterionResult.objects.select_related("criterion")))
        .first()
    )


def entity_history(entity) -> list[EntityScore]:
    """Oldest first, for the history chart."""
    return list(
        EntityScore.objects.filter(entity=entity).select_related("snapshot").order_by("snapshot__computed_on")
    )


def can_see_entity_dashboard(user, entity) -> bool:
    return user.is_authenticated and entities_for_user(user).filter(pk=entity.pk).exists()


def survey_benchmark() -> dict:
    """Home country and peers by year: values and the EGDI rank among every country of that year."""
    peers = list(PeerCountry.objects.all())
    names = [p.country for p in peers]
    years = sorted(set(SurveyRow.objects.values_list("year", flat=True)), reverse=True)
    ranks: dict[tuple[int, str], int] = {}
    for year in years:
        rows = list(SurveyRow.objects.filter(year=year).values_list("country", "egdi"))
        for (country, _egdi), rank in zip(rows, rank_with_ties([e for _c, e in rows]), strict=True):
            ranks[(year, country)] = rank
    table = []
    for row in SurveyRow.objects.filter(country__in=names).order_by("-year", "-egdi"):
        row.rank = ranks.get((row.year, row.country))
        table.append(row)
    home = next((p.country for p in peers if p.is_home), None)
    return {"peers": peers, "home": home, "rows": table, "years": years}


def insight_visible(user, consultation) -> bool:
    """A campaign's insight is public once the consultation is public and closed to contributions;
    before that (or for a consultation that never became public) only its entity's staff see it."""
    from consultations.phases import PUBLIC_PHASES, Phase

    public = consultation.phase in PUBLIC_PHASES and consultation.phase != Phase.CONDUCT
    return public or may_see_bursts(user, consultation)


def may_see_bursts(user, consultation) -> bool:
    """Bursts are flagged for the entity's moderators and coordinators and the federal team only."""
    # The permission is asked of an insight of this consultation (computed or not): object
    # permissions are checked against an object of their own app.
    return user.has_perm("analytics.view_campaigninsight", CampaignInsight(consultation=consultation))
