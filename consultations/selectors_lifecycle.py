"""Read models of the lifecycle: tallies, participation, reach and the phase timeline.

Only aggregates leave here: reach is counted per language, place and age band, never per person.
"""

from collections import Counter, defaultdict
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Sum
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sharik.accounts.models import AgeBand, Place

from .models import (
    Amendment,
    AnonymousVote,
    BudgetAllocation,
    Comment,
    Consultation,
    Follow,
    Idea,
    IdeaSupport,
    OfflineContribution,
    OpinionStatement,
    ParagraphComment,
    PhaseTransition,
    Poll,
    SurveyResponse,
    Vote,
    VoteChoice,
)
from .phases import Phase
from .selectors_drafts import draft_figures, draft_participant_ids


def participant_ids(consultation: Consultation) -> set[int]:
    """Everyone who took part online: commented, voted, proposed or supported an idea."""
    ids: set[int] = set()
    ids.update(Comment.objects.filter(consultation=consultation).values_list("author_id", flat=True))
    ids.update(Idea.objects.filter(consultation=consultation).values_list("author_id", flat=True))
    ids.update(IdeaSupport.objects.filter(idea__consultation=consultation).values_list("user_id", flat=True))
    ids.update(Vote.objects.filter(poll__consultation=consultation).values_list("user_id", flat=True))
    # The engagement instruments: survey respondents, budget allocators, opinion-map voters.
    from .selectors_instruments import instrument_participant_ids

    ids.update(instrument_participant_ids(consultation))
    ids.update(draft_participant_ids(consultation))  # draft documents and co-drafting (issue 8)
    return ids


def outcome_recipient_ids(consultation: Consultation) -> list[int]:
    """Participants and followers, each once, in a stable order (so batches are reproducible)."""
    ids = participant_ids(consultation)
    ids.update(Follow.objects.filter(consultation=consultation).values_list("user_id", flat=True))
    return sorted(ids)


def poll_tallies(consultation: Consultation) -> list[dict]:
    """Per question and option: online votes, offline people, total (what every tally counts)."""
    online = dict(
        VoteChoice.objects.filter(vote__poll__consultation=consultation)
        .values_list("option_id")
        .annotate(n=Count("pk"))
        .values_list("option_id", "n")
    )
    offline = dict(
        OfflineContribution.objects.filter(consultation=consultation, poll_option__isnull=False)
        .values_list("poll_option_id")
        .annotate(n=Sum("people_count"))
        .values_list("poll_option_id", "n")
    )
    anonymous = dict(
        AnonymousVote.objects.filter(poll__consultation=consultation)
        .values_list("option_id")
        .annotate(n=Count("pk"))
        .values_list("option_id", "n")
    )
    result = []
    for poll in Poll.objects.filter(consultation=consultation).prefetch_related("options"):
        options = []
        for option in poll.options.all():
            on, off = online.get(option.pk, 0), offline.get(option.pk, 0)
            # Anonymous ballots are shown apart and never enter the total (nor a binding result).
            options.append(
                {
                    "option": option,
                    "online": on,
                    "offline": off,
                    "anonymous": anonymous.get(option.pk, 0),
                    "total": on + off,
                }
            )
        top = max((o["total"] for o in options), default=0)
        for o in options:
            o["leading"] = top > 0 and o["total"] == top
        result.append({"poll": poll, "options": options, "total": sum(o["total"] for o in options)})
    return result


def leading_option_ids(consultation: Consultation, poll_id: int) -> set[int]:
    for tally in poll_tallies(consultation):
        if tally["poll"].pk == poll_id:
            return {o["option"].pk for o in tally["options"] if o["leading"]}
    return set()


FIGURE_LABELS = {
    "participants_online": gettext_lazy("People who took part online"),
    "participants_offline": gettext_lazy("People reached offline"),
    "offline_contributions": gettext_lazy("Offline contributions"),
    "comments": gettext_lazy("Comments"),
    "comments_hidden": gettext_lazy("Hidden comments"),
    "ideas": gettext_lazy("Ideas"),
    "votes": gettext_lazy("Ballots"),
    "followers": gettext_lazy("Followers"),
    "anonymous_sessions": gettext_lazy("Anonymous visitors who voted (browser sessions)"),
    "outcome_notified": gettext_lazy("People told the outcome"),
    "survey_responses": gettext_lazy("Survey responses"),
    "survey_responses_offline": gettext_lazy("Survey responses entered from paper"),
    "budget_allocations": gettext_lazy("Participatory budget allocations"),
    "opinion_statements": gettext_lazy("Opinion map statements"),
    "opinion_votes": gettext_lazy("Opinion map votes"),
    # Draft documents, co-drafting and "you said, we did" (issue 8).
    "drafts": gettext_lazy("Draft documents"),
    "draft_versions": gettext_lazy("Draft versions"),
    "paragraph_comments": gettext_lazy("Comments on draft paragraphs"),
    "paragraph_comments_hidden": gettext_lazy("Hidden comments on draft paragraphs"),
    "paragraph_comment_supports": gettext_lazy("Supports of paragraph comments"),
    "amendments": gettext_lazy("Amendments proposed"),
    "amendments_accepted": gettext_lazy("Amendments accepted"),
    "amendments_rejected": gettext_lazy("Amendments rejected"),
    "amendments_hidden": gettext_lazy("Hidden amendments"),
    "amendment_reactions": gettext_lazy("Supports and objections to amendments"),
    "follow_ups": gettext_lazy("Follow-up actions"),
    "follow_ups_done": gettext_lazy("Follow-up actions done"),
}


def participation_figures(consultation: Consultation) -> dict:
    from .selectors_instruments import instrument_figures

    offline = OfflineContribution.objects.filter(consultation=consultation)
    return {
        **instrument_figures(consultation),
        "participants_online": len(participant_ids(consultation)),
        "participants_offline": offline.aggregate(n=Sum("people_count"))["n"] or 0,
        "offline_contributions": offline.count(),
        "comments": Comment.objects.filter(consultation=consultation, is_hidden=False).count(),
        "comments_hidden": Comment.objects.filter(consultation=consultation, is_hidden=True).count(),
        "ideas": Idea.objects.filter(consultation=consultation, is_hidden=False).count(),
        "votes": Vote.objects.filter(poll__consultation=consultation).count(),
        "followers": Follow.objects.filter(consultation=consultation).count(),
        "anonymous_sessions": AnonymousVote.objects.filter(poll__consultation=consultation)
        .values("session_key")
        .distinct()
        .count(),
        **draft_figures(consultation),
    }


def participation_over_time(consultation: Consultation) -> list[dict]:
    """Contributions per day, online and offline, oldest first."""
    per_day: dict[date, Counter] = defaultdict(Counter)
    for model, lookup, label in (
        (Comment, {"consultation": consultation}, "comments"),
        (Idea, {"consultation": consultation}, "ideas"),
        (Vote, {"poll__consultation": consultation}, "votes"),
        # Draft documents (issue 8): counted in each day's total.
        (ParagraphComment, {"paragraph__version__draft__consultation": consultation}, "paragraph_comments"),
        (Amendment, {"paragraph__version__draft__consultation": consultation}, "amendments"),
        # Engagement instruments: answers, baskets and statements, by the day they were made.
        (SurveyResponse, {"survey__consultation": consultation}, "survey_responses"),
        (BudgetAllocation, {"budget__consultation": consultation}, "budget_allocations"),
        (OpinionStatement, {"consultation": consultation}, "opinion_statements"),
    ):
        rows = (
            model.objects.filter(**lookup)
            .annotate(day=TruncDate("created_at"))
            .values_list("day")
            .annotate(n=Count("pk"))
            .values_list("day", "n")
        )
        for day, n in rows:
            per_day[day][label] += n
    for day, n in (
        OfflineContribution.objects.filter(consultation=consultation)
        .values_list("date")
        .annotate(n=Sum("people_count"))
        .values_list("date", "n")
    ):
        per_day[day]["offline"] += n
    rows = []
    peak = max((sum(c.values()) for c in per_day.values()), default=0)
    for day in sorted(per_day):
        c = per_day[day]
        total = sum(c.values())
        rows.append(
            {
                "day": day,
                **{k: c[k] for k in ("comments", "ideas", "votes", "offline")},
                "total": total,
                "percent": round(100 * total / peak) if peak else 0,
            }
        )
    return rows


def reach_by_target_groups(consultation: Consultation) -> dict:
    """Online participants counted by language, place and age band, against the planned groups."""
    User = get_user_model()
    people = User.objects.filter(pk__in=participant_ids(consultation))
    by = {
        name: dict(people.values_list(name).annotate(n=Count("pk")).values_list(name, "n"))
        for name in ("preferred_language", "place", "age_band")
    }
    groups = []
    plan = getattr(consultation, "plan", None)
    if plan is not None:
        for group in plan.target_groups.all():
            qs = people
            if group.language:
                qs = qs.filter(preferred_language=group.language)
            if group.place:
                qs = qs.filter(place=group.place)
            if group.age_band:
                qs = qs.filter(age_band=group.age_band)
            groups.append({"group": group, "reached": qs.count()})
    labels = {
        "preferred_language": dict(settings.LANGUAGES),
        "place": dict(Place.choices),
        "age_band": dict(AgeBand.choices),
    }
    named = {
        field: {str(labels[field].get(code, _("not given"))): n for code, n in counts.items()}
        for field, counts in by.items()
    }
    return {
        "groups": groups,
        "by_language": named["preferred_language"],
        "by_place": named["place"],
        "by_age_band": named["age_band"],
        "total": people.count(),
    }


def top_ideas(consultation: Consultation, limit: int = 10):
    return (
        Idea.objects.filter(consultation=consultation, is_hidden=False)
        .annotate(support_count=Count("supports"))
        .order_by("-support_count", "-created_at")[:limit]
    )


def phase_timeline(consultation: Consultation) -> list[dict]:
    """The seven phases with the date each was entered, for the public timeline."""
    entered: dict[str, object] = {}
    for to_phase, when in PhaseTransition.objects.filter(consultation=consultation).values_list(
        "to_phase", "created_at"
    ):
        entered[to_phase] = when
    order = list(Phase.values)
    current = order.index(consultation.phase)
    steps = []
    for i, (code, label) in enumerate(Phase.choices):
        when = entered.get(code)
        if code == Phase.PREPARATION and when is None:
            when = consultation.created_at
        steps.append(
            {
                "code": code,
                "label": label,
                "date": when if i <= current else None,
                "done": i < current,
                "current": i == current,
            }
        )
    return steps
