"""The campaign insight's figures read from the database: reach by target group, poll results, bursts.

Every figure is an aggregate computed by the database (Count with filters, TruncHour); no row of a
person leaves here. The portal stores no IP address or other network information, so bursts are found
from time windows and the age of the contributing accounts only.
"""

import datetime
import math
from functools import reduce
from operator import or_

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Count, F, Q
from django.db.models.functions import TruncHour

# Where a person takes part online: (model, the person's field, the lookup to the consultation).
PARTICIPATION = (
    ("consultations.Comment", "author", "consultation"),
    ("consultations.Idea", "author", "consultation"),
    ("consultations.IdeaSupport", "user", "idea__consultation"),
    ("consultations.Vote", "user", "poll__consultation"),
    ("consultations.SurveyResponse", "user", "survey__consultation"),
    ("consultations.BudgetAllocation", "user", "budget__consultation"),
    ("consultations.OpinionStatement", "author", "consultation"),
    ("consultations.OpinionVote", "user", "statement__consultation"),
    ("consultations.ParagraphComment", "author", "paragraph__version__draft__consultation"),
    ("consultations.ParagraphCommentSupport", "user", "comment__paragraph__version__draft__consultation"),
    ("consultations.Amendment", "author", "paragraph__version__draft__consultation"),
    ("consultations.AmendmentReaction", "user", "amendment__paragraph__version__draft__consultation"),
)

# The contributions whose timing is watched for bursts (each has a person and a creation time).
TIMED = (
    ("consultations.Comment", "author", "consultation"),
    ("consultations.Idea", "author", "consultation"),
    ("consultations.IdeaSupport", "user", "idea__consultation"),
    ("consultations.Vote", "user", "poll__consultation"),
)

# A contribution from an account created less than this before it counts as from a new account.
NEW_ACCOUNT_HOURS = 24
# An hour is a burst when it holds at least BURST_MIN contributions and BURST_FACTOR times the
# campaign's mean hour (its contributions over the hours it was open); it is flagged for moderators
# when, in addition, at least NEW_ACCOUNT_SHARE of its contributions come from new accounts.
BURST_MIN = 20
BURST_FACTOR = 5
NEW_ACCOUNT_SHARE = 0.5


def participants(consultation_id: int):
    """The people who took part online, as one queryset built from subqueries (nothing loaded)."""
    conditions = [
        Q(pk__in=apps.get_model(label).objects.filter(**{lookup: consultation_id}).values(person))
        for label, person, lookup in PARTICIPATION
    ]
    return get_user_model().objects.filter(reduce(or_, conditions))


def _group_filter(group) -> Q:
    q = Q()
    if group.language:
        q &= Q(preferred_language=group.language)
    if group.place:
        q &= Q(place=group.place)
    if group.age_band:
        q &= Q(age_band=group.age_band)
    if group.verified_residents:
        q &= Q(is_verified_resident=True)
    return q


def reach(consultation_id: int) -> dict:
    """Planned and reached participants per target group of the plan, in one aggregate query."""
    from consultations.models import TargetGroup

    groups = list(TargetGroup.objects.filter(plan__consultation_id=consultation_id))
    aggregates = {
        "participants": Count("pk"),
        "with_age_band": Count("pk", filter=~Q(age_band="")),
        "with_place": Count("pk", filter=~Q(place="")),
        "verified": Count("pk", filter=Q(is_verified_resident=True)),
    }
    for group in groups:
        aggregates[f"group_{group.pk}"] = Count("pk", filter=_group_filter(group))
    counts = participants(consultation_id).aggregate(**aggregates)
    return {
        "participants": counts["participants"],
        "with_age_band": counts["with_age_band"],
        "with_place": counts["with_place"],
        "verified": counts["verified"],
        "groups": [
            {
                "name": group.name,
                "language": group.language,
                "place": group.place,
                "age_band": group.age_band,
                "verified": group.verified_residents,
                "planned": group.planned_participants,
                "reached": counts[f"group_{group.pk}"],
            }
            for group in groups
        ],
    }


def _share(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


def poll_results(consultation) -> list[dict]:
    """Per question and option: the counted votes (online and offline) and their share; anonymous apart."""
    from consultations.selectors_lifecycle import poll_tallies

    results = []
    for tally in poll_tallies(consultation):
        total = tally["total"]
        results.append(
            {
                "poll": tally["poll"].pk,
                "total": total,
                "options": [
                    {
                        "option": o["option"].pk,
                        "votes": o["total"],
                        "online": o["online"],
                        "offline": o["offline"],
                        "anonymous": o["anonymous"],
                        "share": _share(o["total"], total),
                    }
                    for o in tally["options"]
                ],
            }
        )
    return results


def _open_hours(consultation, hours) -> float:
    """How long the consultation was open, in hours: its dates, or else its first to last active hour."""
    if consultation.opens_at and consultation.closes_at and consultation.closes_at > consultation.opens_at:
        return (consultation.closes_at - consultation.opens_at) / datetime.timedelta(hours=1)
    if not hours:
        return 1.0
    return (max(hours) - min(hours)) / datetime.timedelta(hours=1) + 1


def bursts(consultation) -> dict:
    """Contributions per hour and from new accounts, grouped by the database; the burst hours."""
    consultation_id = consultation.pk
    window = datetime.timedelta(hours=NEW_ACCOUNT_HOURS)
    hours: dict[datetime.datetime, dict[str, int]] = {}
    for label, person, lookup in TIMED:
        rows = (
            apps.get_model(label)
            .objects.filter(**{lookup: consultation_id})
            .annotate(hour=TruncHour("created_at"))
            .order_by()
            .values("hour")
            .annotate(
                n=Count("pk"),
                new=Count(
                    "pk",
                    filter=Q(
                        **{
                            f"{person}__date_joined__gte": F("created_at") - window,
                            f"{person}__date_joined__lte": F("created_at"),
                        }
                    ),
                ),
            )
        )
        for row in rows:
            counts = hours.setdefault(row["hour"], {"n": 0, "new": 0})
            counts["n"] += row["n"]
            counts["new"] += row["new"]
    total = sum(c["n"] for c in hours.values())
    new_total = sum(c["new"] for c in hours.values())
    typical = round(total / _open_hours(consultation, hours), 2)
    threshold = max(BURST_MIN, math.ceil(BURST_FACTOR * typical))
    windows = [
        {
            "hour": hour.isoformat(),
            "contributions": c["n"],
            "new_accounts": c["new"],
            "new_share": _share(c["new"], c["n"]),
            "flagged": c["new"] >= NEW_ACCOUNT_SHARE * c["n"],
        }
        for hour, c in sorted(hours.items())
        if c["n"] >= threshold
    ]
    return {
        "contributions": total,
        "new_accounts": new_total,
        "new_share": _share(new_total, total),
        "active_hours": len(hours),
        "typical_hour": typical,
        "threshold": threshold,
        "windows": windows,
        "flagged": sum(1 for w in windows if w["flagged"]),
        "new_account_hours": NEW_ACCOUNT_HOURS,
    }
