"""What a given person may see of consultations, and the read models of the public pages."""

from django.core.paginator import Paginator
from django.db.models import CharField, Count, Exists, F, OuterRef, Prefetch, StringAgg, Subquery, Value
from django.db.models.functions import Cast
from django.http import Http404

from .models import (
    Comment,
    CommentReaction,
    Consultation,
    Idea,
    IdeaSupport,
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
    """
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
        raise Http404
    poll.option_ids = _ids(poll.option_list)
    if hasattr(poll, "current_list"):
        poll.current_choices = _ids(poll.current_list)
    if poll.consultation.is_public or user.has_perm("consultations.change_consultation", poll.consultation):
        return poll
    raise Http404


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
