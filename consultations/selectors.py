"""What a given person may see of consultations, and the read models of the public pages."""

from django.core.paginator import Paginator
from django.db.models import CharField, Count, Prefetch, StringAgg, Value
from django.db.models.functions import Cast
from django.http import Http404

from .models import Comment, Consultation, Idea, Poll, Vote, VoteChoice


def consultation_visible(*, user, pk: int) -> Consultation:
    """A public consultation, or a draft for the staff who may change it; 404 otherwise."""
    consultation = Consultation.objects.select_related("entity", "plan").filter(pk=pk).first()
    if consultation is None:
        raise Http404
    if consultation.is_public or user.has_perm("consultations.change_consultation", consultation):
        return consultation
    raise Http404


def poll_for_vote(*, user, consultation_pk: int, poll_pk: int) -> Poll:
    """A question of a visible consultation, with its consultation, plan and option ids: one query.

    The vote is the hottest write of a popular consultation, so it loads only what it checks.
    """
    poll = (
        Poll.objects.select_related("consultation__entity", "consultation__plan")
        .annotate(option_list=StringAgg(Cast("options__pk", CharField()), Value(","), default=""))
        .filter(pk=poll_pk, consultation_id=consultation_pk)
        .first()
    )
    if poll is None:
        raise Http404
    poll.option_ids = {int(pk) for pk in poll.option_list.split(",") if pk}
    if poll.consultation.is_public or user.has_perm("consultations.change_consultation", poll.consultation):
        return poll
    raise Http404


def comments_page(*, consultation=None, blog_post=None, page: int | str = 1, per_page: int = 20):
    """One page of top-level comments (of a consultation or a blog article) with their replies.

    A fixed number of queries per page, whatever the number of comments.
    """
    visible = Comment.objects.filter(is_hidden=False).select_related("author")
    thread = {"consultation": consultation} if consultation is not None else {"blog_post": blog_post}
    top = (
        visible.filter(**thread, parent__isnull=True)
        .prefetch_related(Prefetch("replies", queryset=visible, to_attr="visible_replies"))
        .order_by("-created_at", "-pk")
    )
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
    ideas = list(
        consultation.ideas.filter(is_hidden=False)
        .select_related("author")
        .annotate(support_count=Count("supports"))
        .order_by("-support_count", "-created_at")[:limit]
    )
    supported: set[int] = set()
    if user.is_authenticated:
        supported = set(
            user.ideasupport_set.filter(idea__in=[i.pk for i in ideas]).values_list("idea_id", flat=True)
        )
    for idea in ideas:
        idea.supported_by_me = idea.pk in supported
    return ideas
