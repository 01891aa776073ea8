"""What a given person may see of consultations, and the read models of the public pages."""

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import CharField, Count, Exists, F, OuterRef, Prefetch, StringAgg, Subquery, Value
from django.db.models.functions import Cast
from django.http import Http404

from .models import (
    Comment,
    CommentReaction,
    Consultation,
    Idea,
    IdeaSupport,
    Plan,
    Poll,
    PollOption,
    Vote,
    VoteChoice,
)


def consultation_visible(*, user, pk: int) -> Consultation:
    """A public consultation, or a draft for the staff who may change it; 404 otherwise."""
    consultation = Consultation.objects.select_related("entity", "plan").filter(pk=pk).first()
    if consultation is None:
        raise Http404
    if consultation.is_public or user.has_perm("consultations.change_consultation", consultation):
        return consultation
    raise Http404


# What a new comment checks of its consultation: phase and dates, pre-moderation, the plan's rule.
CONTRIBUTION_FIELDS = ("id", "phase", "opens_at", "closes_at", "entity_id", "pre_moderated")

CONSULTATION_FOR_CONTRIBUTION_SQL = """
SELECT c.id, c.phase, c.opens_at, c.closes_at, c.entity_id, c.pre_moderated, pl.id, pl.participation
  FROM consultations_consultation c LEFT JOIN consultations_plan pl ON pl.consultation_id = c.id
 WHERE c.id = %s
"""


def consultation_for_contribution(*, user, pk: int) -> Consultation:
    """`consultation_visible` narrowed to what a comment checks (the other fields load if asked for).

    On PostgreSQL the one-row query is written out: building the ORM's query of every column of the
    consultation, its entity and its plan was a third of a comment's CPU (docs/performance.md).
    """
    if connection.vendor != "postgresql":
        consultation = (
            Consultation.objects.select_related("plan")
            .only(*CONTRIBUTION_FIELDS, "plan__participation")
            .filter(pk=pk)
            .first()
        )
    else:
        with connection.cursor() as cursor:
            cursor.execute(CONSULTATION_FOR_CONTRIBUTION_SQL, [pk])
            row = cursor.fetchone()
        consultation = None
        if row is not None:
            consultation = loaded(Consultation, **dict(zip(CONTRIBUTION_FIELDS, row[:6], strict=True)))
            plan = loaded(Plan, id=row[6], participation=row[7], consultation_id=row[0]) if row[6] else None
            consultation._state.fields_cache["plan"] = plan
    if consultation is None:
        raise Http404
    if consultation.is_public or user.has_perm("consultations.change_consultation", consultation):
        return consultation
    raise Http404


# What a vote checks: the question's kind, the campaign's phase and dates, who may take part.
VOTE_FIELDS = (
    "kind",
    "consultation_id",
    "consultation__phase",
    "consultation__opens_at",
    "consultation__closes_at",
    "consultation__entity_id",
    "consultation__plan__participation",
)


def _id_list(queryset, group: str, field: str):
    """A sub-select of the ids in `field` as one comma-separated string (None when there are none)."""
    return Subquery(
        queryset.order_by()
        .values(group)
        .annotate(ids=StringAgg(Cast(field, CharField()), Value(",")))
        .values("ids")
    )


def _ids(text: str | None) -> set[int]:
    return {int(pk) for pk in (text or "").split(",") if pk}


def poll_for_vote(*, user, consultation_pk: int, poll_pk: int) -> Poll:
    """A question of a visible consultation, with its consultation, plan, option ids and the
    person's current choices: one query.

    The vote is the hottest write of a popular consultation, so it loads only what it checks.
    `poll.current_choices` lets the vote skip the write when the person chose the same again.
    On PostgreSQL the query is written out: building it with the ORM cost more CPU than the
    rest of the vote (docs/performance.md, "How the writes stay lean").
    """
    if connection.vendor == "postgresql":
        poll = _poll_for_vote_sql(user=user, consultation_pk=consultation_pk, poll_pk=poll_pk)
    else:
        poll = _poll_for_vote_orm(user=user, consultation_pk=consultation_pk, poll_pk=poll_pk)
    if poll is None:
        raise Http404
    if poll.consultation.is_public or user.has_perm("consultations.change_consultation", poll.consultation):
        return poll
    raise Http404


def loaded(model, **values):
    """A model instance from columns read by hand, the others deferred (as `.only()` leaves them)."""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(connection.alias, names, [values[name] for name in names])


POLL_FOR_VOTE_SQL = """
SELECT p.id, p.kind, p.consultation_id,
       c.phase, c.opens_at, c.closes_at, c.entity_id,
       pl.id, pl.participation,
       (SELECT string_agg(o.id::text, ',') FROM consultations_polloption o WHERE o.poll_id = p.id),
       (SELECT string_agg(vc.option_id::text, ',') FROM consultations_votechoice vc
          JOIN consultations_vote v ON v.id = vc.vote_id WHERE v.poll_id = p.id AND v.user_id = %(user)s)
  FROM consultations_poll p
  JOIN consultations_consultation c ON c.id = p.consultation_id
  LEFT JOIN consultations_plan pl ON pl.consultation_id = c.id
 WHERE p.id = %(poll)s AND p.consultation_id = %(consultation)s
"""


def _poll_for_vote_sql(*, user, consultation_pk: int, poll_pk: int) -> Poll | None:
    user_pk = user.pk if getattr(user, "is_authenticated", False) else None
    with connection.cursor() as cursor:
        cursor.execute(POLL_FOR_VOTE_SQL, {"user": user_pk, "poll": poll_pk, "consultation": consultation_pk})
        row = cursor.fetchone()
    if row is None:
        return None
    consultation = loaded(
        Consultation,
        id=row[2],
        phase=row[3],
        opens_at=row[4],
        closes_at=row[5],
        entity_id=row[6],
    )
    plan = loaded(Plan, id=row[7], participation=row[8], consultation_id=row[2]) if row[7] else None
    consultation._state.fields_cache["plan"] = plan  # None: no plan (`consultation.plan` raises, as before)
    poll = loaded(Poll, id=row[0], kind=row[1], consultation_id=row[2])
    poll._state.fields_cache["consultation"] = consultation
    poll.option_ids = _ids(row[9])
    if user_pk is not None:
        poll.current_choices = _ids(row[10])
    return poll


def _poll_for_vote_orm(*, user, consultation_pk: int, poll_pk: int) -> Poll | None:
    """The same query built by the ORM (SQLite, the embedded default)."""
    poll = (
        Poll.objects.select_related("consultation__plan")
        .only(*VOTE_FIELDS)
        .annotate(option_list=_id_list(PollOption.objects.filter(poll=OuterRef("pk")), "poll", "pk"))
        .filter(pk=poll_pk, consultation_id=consultation_pk)
    )
    if getattr(user, "is_authenticated", False):
        mine = VoteChoice.objects.filter(vote__poll=OuterRef("pk"), vote__user_id=user.pk)
        poll = poll.annotate(current_list=_id_list(mine, "vote", "option_id"))
    poll = poll.first()
    if poll is None:
        return None
    poll.option_ids = _ids(poll.option_list)
    if hasattr(poll, "current_list"):
        poll.current_choices = _ids(poll.current_list)
    return poll


COMMENT_SORTS = ("recent", "agreement")


def _with_reaction_counts(qs):
    """Agree and disagree counts of each comment, as scalar subqueries (no join fan-out)."""
    from .models.contributions import _count_subquery

    return qs.annotate(
        agree_count=_count_subquery(CommentReaction, "comment", value=CommentReaction.Value.AGREE),
        disagree_count=_count_subquery(CommentReaction, "comment", value=CommentReaction.Value.DISAGREE),
    )


def comments_page(
    *,
    consultation=None,
    blog_post=None,
    debate=None,
    page: int | str = 1,
    per_page: int = 20,
    sort: str = "recent",
):
    """One page of top-level comments (of a consultation, a blog article or a debate) with their replies,
    each with its agree/disagree counts; newest first, or by agreement (agree minus disagree).

    A fixed number of queries per page, whatever the number of comments.
    """
    visible = _with_reaction_counts(Comment.objects.filter(is_hidden=False).select_related("author"))
    if consultation is not None:
        thread = {"consultation": consultation}
    elif blog_post is not None:
        thread = {"blog_post": blog_post}
    else:
        thread = {"debate": debate}
    top = visible.filter(**thread, parent__isnull=True).prefetch_related(
        Prefetch("replies", queryset=visible.order_by("created_at", "pk"), to_attr="visible_replies")
    )
    if sort == "agreement":
        top = top.annotate(agreement=F("agree_count") - F("disagree_count")).order_by(
            "-agreement", "-agree_count", "-created_at", "-pk"
        )
    else:
        top = top.order_by("-created_at", "-pk")
    paginator = Paginator(top, per_page)
    return paginator.get_page(page)


def polls_with_results(*, consultation: Consultation, user) -> list[Poll]:
    """The questions with options, tallies and the person's own choices.

    The shared part (questions, options, tallies) comes from the page cache, computed in four
    queries on a miss; the person's own choices cost one query.
    """
    from .page_cache import polls_shared

    def compute() -> list[Poll]:
        polls = list(consultation.polls.prefetch_related("options"))
        poll_ids = [p.pk for p in polls]
        tallies = dict(
            VoteChoice.objects.filter(vote__poll_id__in=poll_ids)
            .values_list("option_id")
            .annotate(n=Count("pk"))
            .values_list("option_id", "n")
        )
        voters = dict(
            Vote.objects.filter(poll_id__in=poll_ids)
            .values_list("poll_id")
            .annotate(n=Count("pk"))
            .values_list("poll_id", "n")
        )
        for poll in polls:
            poll.voter_count = voters.get(poll.pk, 0)
            total = sum(tallies.get(o.pk, 0) for o in poll.options.all())
            for option in poll.options.all():
                option.votes = tallies.get(option.pk, 0)
                option.percent = round(100 * option.votes / total) if total else 0
        return polls

    polls = polls_shared(consultation, compute)
    mine: set[int] = set()
    voted_polls: set[int] = set()
    if user.is_authenticated and polls:
        for poll_id, option_id in VoteChoice.objects.filter(
            vote__poll_id__in=[p.pk for p in polls], vote__user=user
        ).values_list("vote__poll_id", "option_id"):
            mine.add(option_id)
            voted_polls.add(poll_id)
    is_open = consultation.accepts_contributions()
    for poll in polls:
        poll.has_voted = poll.pk in voted_polls
        poll.is_open = is_open
        poll.results_visible = (
            poll.show_results == Poll.ShowResults.ALWAYS
            or not is_open
            or (poll.show_results == Poll.ShowResults.AFTER_VOTE and poll.has_voted)
        )
        for option in poll.options.all():
            option.chosen = option.pk in mine
    return polls


def ideas_ranked(*, consultation: Consultation, user, limit: int = 50) -> list[Idea]:
    """The ideas by support, with whether this person supports each: one query."""
    ideas = (
        consultation.ideas.filter(is_hidden=False)
        .select_related("author")
        .annotate(support_count=Count("supports"))
        .order_by("-support_count", "-created_at")
    )
    if user.is_authenticated:
        ideas = ideas.annotate(
            supported_by_me=Exists(IdeaSupport.objects.filter(idea=OuterRef("pk"), user=user))
        )
    ideas = list(ideas[:limit])
    if not user.is_authenticated:
        for idea in ideas:
            idea.supported_by_me = False
    return ideas
