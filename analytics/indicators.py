"""ESCWA stage indicators (seed 000) for every entity at once, by grouped aggregate queries.

`stage_indicators(entity_ids)` returns `{entity_id: {stage: {indicator: value}}}`; the number of
queries is fixed (one per indicator source), whatever the number of datasets or contributions.
"""

from collections import defaultdict

from django.db.models import Count, Q, Sum

from sharik.core.choices import EscwaStage

from .criteria import PUBLIC_PHASES

# stage -> the indicators it shows, in order (labels in analytics/labels.py)
STAGE_INDICATORS: dict[str, tuple[str, ...]] = {
    EscwaStage.OPENNESS: ("datasets", "downloads", "dataset_visits", "three_star_share"),
    EscwaStage.PARTICIPATION: (
        "visits",
        "ideas",
        "comments",
        "comments_per_consultation",
        "voting_rate",
        "satisfaction",
        "proposals",
        "proposal_signatures",
    ),
    EscwaStage.COLLABORATION: ("co_created", "stakeholders"),
    EscwaStage.ENGAGEMENT: ("binding_decisions",),
}
# Indicators that are shares or ratios: the national figure is recomputed from the totals, not summed.
RATIOS = {"three_star_share", "comments_per_consultation", "voting_rate", "satisfaction"}


def _grouped(qs, key: str = "entity_id", **aggregates) -> dict[int, dict]:
    return {row[key]: row for row in qs.order_by().values(key).annotate(**aggregates)}


def _raw(entity_ids: list[int]) -> dict[int, dict[str, int]]:
    from consultations.models import Comment, Consultation, Idea, Proposal, ProposalSignature, Vote
    from governance.models import CampaignFeedback
    from governance.models.feedback import SATISFIED_FROM
    from opendata.models import Dataset, DatasetUsageDay

    from .models import PageVisitDay

    raw: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))

    def put(rows, **fields):
        for pk, row in rows.items():
            for name, source in fields.items():
                raw[pk][name] = row[source] or 0

    put(
        _grouped(
            Dataset.objects.filter(entity_id__in=entity_ids, is_published=True),
            datasets=Count("pk"),
            three_stars=Count("pk", filter=Q(stars__gte=3)),
        ),
        datasets="datasets",
        three_stars="three_stars",
    )
    put(
        _grouped(
            DatasetUsageDay.objects.filter(dataset__entity_id__in=entity_ids, dataset__is_published=True),
            key="dataset__entity_id",
            downloads=Sum("downloads"),
            views=Sum("views"),
        ),
        downloads="downloads",
        dataset_visits="views",
    )
    put(
        _grouped(
            PageVisitDay.objects.filter(entity_id__in=entity_ids, kind=PageVisitDay.Kind.CONSULTATION),
            visits=Sum("visits"),
        ),
        visits="visits",
    )
    public = Consultation.objects.filter(entity_id__in=entity_ids, phase__in=PUBLIC_PHASES)
    put(
        _grouped(
            public,
            consultations=Count("pk"),
            co_created=Count("pk", filter=Q(escwa_stage=EscwaStage.COLLABORATION)),
            binding=Count(
                "pk",
                filter=Q(plan__decision_method="binding-vote", decision_record__approved_at__isnull=False)
                | Q(escwa_stage=EscwaStage.ENGAGEMENT, decided_at__isnull=False),
            ),
        ),
        consultations="consultations",
        co_created="co_created",
        binding_decisions="binding",
    )
    put(
        _grouped(
            Comment.objects.filter(consultation__in=public, is_hidden=False),
            key="consultation__entity_id",
            n=Count("pk"),
        ),
        comments="n",
    )
    put(
        _grouped(
            Idea.objects.filter(consultation__in=public, is_hidden=False),
            key="consultation__entity_id",
            n=Count("pk"),
        ),
        ideas="n",
    )
    put(
        _grouped(
            Vote.objects.filter(poll__consultation__in=public),
            key="poll__consultation__entity_id",
            n=Count("pk"),
        ),
        votes="n",
    )
    # Citizens set the agenda (issue 14): published proposals addressed to the entity, and their signatures.
    put(
        _grouped(Proposal.objects.public().filter(entity_id__in=entity_ids), n=Count("pk")),
        proposals="n",
    )
    put(
        _grouped(
            ProposalSignature.objects.filter(
                proposal__entity_id__in=entity_ids, proposal__state__in=Proposal.PUBLIC_STATES
            ),
            key="proposal__entity_id",
            n=Count("pk"),
        ),
        proposal_signatures="n",
    )
    collaborative = public.filter(escwa_stage=EscwaStage.COLLABORATION)
    put(
        _grouped(
            Comment.objects.filter(consultation__in=collaborative),
            key="consultation__entity_id",
            n=Count("author", distinct=True),
        ),
        stakeholders="n",
    )
    # Participants' answers to the feedback form offered after each campaign closes (4 or 5 of 5).
    put(
        _grouped(
            CampaignFeedback.objects.filter(consultation__entity_id__in=entity_ids),
            key="consultation__entity_id",
            respondents=Count("pk"),
            satisfied=Count("pk", filter=Q(satisfaction__gte=SATISFIED_FROM)),
        ),
        respondents="respondents",
        satisfied="satisfied",
    )
    return raw


def _share(part: int, whole: int, scale: int = 100) -> float | None:
    return round(part * scale / whole, 2) if whole else None


def _derive(raw: dict[str, int]) -> dict[str, dict]:
    values = {
        "datasets": raw.get("datasets", 0),
        "downloads": raw.get("downloads", 0),
        "dataset_visits": raw.get("dataset_visits", 0),
        "three_star_share": _share(raw.get("three_stars", 0), raw.get("datasets", 0)),
        "visits": raw.get("visits", 0),
        "ideas": raw.get("ideas", 0),
        "comments": raw.get("comments", 0),
        "comments_per_consultation": _share(raw.get("comments", 0), raw.get("consultations", 0), 1),
        "voting_rate": _share(raw.get("votes", 0), raw.get("visits", 0)),
        "satisfaction": _share(raw.get("satisfied", 0), raw.get("respondents", 0)),
        "proposals": raw.get("proposals", 0),
        "proposal_signatures": raw.get("proposal_signatures", 0),
        "co_created": raw.get("co_created", 0),
        "stakeholders": raw.get("stakeholders", 0),
        "binding_decisions": raw.get("binding_decisions", 0),
    }
    return {stage: {name: values[name] for name in names} for stage, names in STAGE_INDICATORS.items()}


def stage_indicators(entity_ids: list[int]) -> tuple[dict[int, dict], dict]:
    """Per entity and national: the national figures are computed from the summed raw counts."""
    raw = _raw(entity_ids)
    national_raw: dict[str, int] = defaultdict(int)
    for counts in raw.values():
        for name, value in counts.items():
            national_raw[name] += value
    per_entity = {pk: _derive(raw.get(pk, {})) for pk in entity_ids}
    return per_entity, _derive(national_raw)
