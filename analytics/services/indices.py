"""Scoring every active entity on the EPI criteria, normalising across entities, storing a snapshot."""

import datetime
from collections import defaultdict
from statistics import fmean

from django.db import transaction
from django.utils import timezone

from governance.models import Entity
from sharik.core.choices import UNLevel

from .. import criteria
from ..indicators import stage_indicators
from ..indices import normalise, rank_with_ties
from ..models import Criterion, CriterionResult, EntityScore, Evidence, IndexSnapshot


def _evidence_met(
    entity_ids: list[int], criterion_ids: list[int]
) -> dict[tuple[int, int], tuple[str, str, dict]]:
    """Accepted evidence for evidence criteria: one query for every entity and criterion."""
    met: dict[tuple[int, int], tuple[str, str, dict]] = {}
    rows = (
        Evidence.objects.filter(
            entity_id__in=entity_ids, criterion_id__in=criterion_ids, status=Evidence.Status.ACCEPTED
        )
        .order_by("created_at")
        .values_list("entity_id", "criterion_id", "url", "note")
    )
    for entity_id, criterion_id, url, note in rows:
        met[(entity_id, criterion_id)] = (url, note[:300], {})
    return met


@transaction.atomic
def indices_compute(*, as_of: datetime.datetime | None = None) -> IndexSnapshot:
    """Score every active entity per UN level; store the dated snapshot (replacing that day's, if any).

    The number of queries depends on the number of criteria, not on entities or contributions.
    """
    as_of = as_of or timezone.now()
    entity_ids = list(Entity.objects.active().order_by("pk").values_list("pk", flat=True))
    catalogue = list(Criterion.objects.filter(is_active=True))
    evidence = _evidence_met(
        entity_ids, [c.pk for c in catalogue if c.assessment == Criterion.Assessment.EVIDENCE]
    )
    results: dict[int, list[CriterionResult]] = defaultdict(list)
    by_level: dict[int, dict[str, int]] = {pk: dict.fromkeys(UNLevel.values, 0) for pk in entity_ids}
    for criterion in catalogue:
        if criterion.assessment == Criterion.Assessment.AUTOMATIC:
            met = criteria.evaluate(criterion.check_name, entity_ids, as_of, criterion.parameter)
        else:
            met = {pk: evidence[(pk, criterion.pk)] for pk in entity_ids if (pk, criterion.pk) in evidence}
        for pk in entity_ids:
            url, label, params = met.get(pk, ("", "", {}))
            points = criterion.points if pk in met else 0
            by_level[pk][criterion.un_level] += points
            results[pk].append(
                CriterionResult(
                    criterion=criterion,
                    met=pk in met,
                    points=points,
                    evidence_url=url[:500],
                    evidence_label=label[:300],
                    evidence_params=params,
                )
            )
    totals = [sum(by_level[pk].values()) for pk in entity_ids]
    epis = normalise(totals)
    ranks = rank_with_ties(totals)
    indicators, national_indicators = stage_indicators(entity_ids)
    max_points = sum(c.points for c in catalogue)
    level_max = {level: sum(c.points for c in catalogue if c.un_level == level) for level in UNLevel.values}

    snapshot, _created = IndexSnapshot.objects.get_or_create(computed_on=timezone.localdate(as_of))
    snapshot.scores.all().delete()
    snapshot.entities = len(entity_ids)
    snapshot.max_points = max_points
    snapshot.national_score = round(fmean(totals), 4) if totals else 0
    snapshot.national_epi = round(fmean(epis), 4) if epis else 0
    snapshot.national_by_level = {
        level: round(fmean(by_level[pk][level] for pk in entity_ids) / level_max[level], 4)
        if entity_ids and level_max[level]
        else 0
        for level in UNLevel.values
    }
    snapshot.national_indicators = national_indicators
    snapshot.full_clean()
    snapshot.save()
    scores = EntityScore.objects.bulk_create(
        EntityScore(
            snapshot=snapshot,
            entity_id=pk,
            score=total,
            epi=round(epi, 4),
            rank=rank,
            by_level=by_level[pk],
            indicators=indicators[pk],
        )
        for pk, total, epi, rank in zip(entity_ids, totals, epis, ranks, strict=True)
    )
    rows = []
    for score in scores:
        for result in results[score.entity_id]:
            result.score = score
            rows.append(result)
    CriterionResult.objects.bulk_create(rows, batch_size=1000)
    return snapshot
