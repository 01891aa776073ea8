"""What a person may see of debates: the public list, a debate's page, its comments."""

from django.db.models import Q, QuerySet
from django.http import Http404

from .models import Debate, DebateForum
from .selectors import comments_page


def debates_public(*, filters: dict | None = None) -> QuerySet[Debate]:
    filters = filters or {}
    qs = Debate.objects.public().select_related("author", "consultation").annotate_counts()
    if filters.get("sector"):
        qs = qs.filter(sector=filters["sector"])
    if filters.get("taken_up"):
        qs = qs.filter(consultation__isnull=False)
    return qs.order_by("-created_at", "-pk")


def debates_of_author_in_review(*, user) -> QuerySet[Debate]:
    if not user.is_authenticated:
        return Debate.objects.none()
    return Debate.objects.filter(author=user, is_hidden=True).order_by("-created_at")


def debate_visible(*, user, pk: int) -> Debate:
    """A published debate; a held or hidden one only for its author (who is told why) or its moderators."""
    debate = Debate.objects.select_related("author", "consultation__entity").filter(pk=pk).first()
    if debate is None:
        raise Http404
    if not debate.is_hidden:
        return debate
    if user.is_authenticated and (
        debate.author_id == user.pk or user.has_perm("consultations.change_debate")
    ):
        return debate
    raise Http404


def debate_page(*, debate: Debate, page=1, sort: str = "recent") -> dict:
    forum = DebateForum.objects.filter(sector=debate.sector).first()
    return {
        "forum": forum,
        "comments": comments_page(debate=debate, page=page, sort=sort),
        "comment_total": debate.comments.filter(Q(is_hidden=False)).count(),
    }
