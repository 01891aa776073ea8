"""Reads of draft documents, co-drafting and follow-ups: the page data and the campaign figures."""

from collections import defaultdict

from django.db.models import Count, Exists, OuterRef, Q

from .models import (
    Amendment,
    AmendmentReaction,
    Consultation,
    Draft,
    DraftInvitation,
    DraftParagraph,
    DraftVersion,
    FollowUp,
    ParagraphComment,
    ParagraphCommentSupport,
)

HEAT_STRIP_SIZE = 5


def drafts_of(consultation: Consultation):
    return (
        Draft.objects.filter(consultation=consultation)
        .annotate(
            version_count=Count("versions", distinct=True),
            comment_count=Count(
                "versions__paragraphs__comments",
                filter=Q(versions__paragraphs__comments__is_hidden=False),
                distinct=True,
            ),
        )
        .order_by("order", "pk")
    )


def draft_page(*, draft: Draft, version: DraftVersion, user) -> dict:
    """Paragraphs of one version with their comments, supports, amendments and the heat strip."""
    user_id = user.pk if getattr(user, "is_authenticated", False) else None
    paragraphs = list(
        DraftParagraph.objects.filter(version=version)
        .annotate(comment_count=Count("comments", filter=Q(comments__is_hidden=False)))
        .order_by("order")
    )
    comments = (
        ParagraphComment.objects.filter(paragraph__version=version, is_hidden=False)
        .select_related("author")
        .annotate(
            support_count=Count("supports"),
            supported_by_me=Exists(
                ParagraphCommentSupport.objects.filter(comment=OuterRef("pk"), user_id=user_id)
            ),
        )
        .order_by("created_at", "pk")
    )
    amendments = (
        Amendment.objects.filter(paragraph__version=version, is_hidden=False)
        .select_related("author")
        .annotate(
            support_count=Count("reactions", filter=Q(reactions__kind=AmendmentReaction.Kind.SUPPORT)),
            object_count=Count("reactions", filter=Q(reactions__kind=AmendmentReaction.Kind.OBJECT)),
            reacted_by_me=Exists(AmendmentReaction.objects.filter(amendment=OuterRef("pk"), user_id=user_id)),
        )
        .order_by("created_at", "pk")
    )
    by_paragraph: dict[int, list] = defaultdict(list)
    for comment in comments:
        by_paragraph[comment.paragraph_id].append(comment)
    amendments_by: dict[int, list] = defaultdict(list)
    for amendment in amendments:
        amendments_by[amendment.paragraph_id].append(amendment)
    peak = max((p.comment_count for p in paragraphs), default=0)
    for p in paragraphs:
        p.page_comments = by_paragraph[p.pk]
        p.page_amendments = amendments_by[p.pk]
        p.heat = round(100 * p.comment_count / peak) if peak else 0
        p.heat_class = f"heat-{p.heat // 10}"
    heat_strip = sorted((p for p in paragraphs if p.comment_count), key=lambda p: (-p.comment_count, p.order))
    return {
        "paragraphs": paragraphs,
        "heat_strip": heat_strip[:HEAT_STRIP_SIZE],
        "comment_total": sum(p.comment_count for p in paragraphs),
        "is_invited": user_id is not None
        and DraftInvitation.objects.filter(draft=draft, user_id=user_id).exists(),
    }


def follow_ups_of(consultation: Consultation):
    return (
        FollowUp.objects.filter(consultation=consultation)
        .select_related("idea", "comment", "paragraph_comment", "amendment", "paragraph")
        .prefetch_related("changes")
        .order_by("pk")
    )


def draft_figures(consultation: Consultation) -> dict:
    """What the draft instruments add to a campaign's tallies."""
    all_amendments = Amendment.objects.filter(paragraph__version__draft__consultation=consultation)
    amendments = all_amendments.filter(is_hidden=False)
    comments = ParagraphComment.objects.filter(paragraph__version__draft__consultation=consultation)
    follow_ups = FollowUp.objects.filter(consultation=consultation)
    return {
        "drafts": Draft.objects.filter(consultation=consultation).count(),
        "draft_versions": DraftVersion.objects.filter(draft__consultation=consultation).count(),
        "paragraph_comments": comments.filter(is_hidden=False).count(),
        "paragraph_comments_hidden": comments.filter(is_hidden=True).count(),
        "paragraph_comment_supports": ParagraphCommentSupport.objects.filter(
            comment__paragraph__version__draft__consultation=consultation, comment__is_hidden=False
        ).count(),
        "amendments": amendments.count(),
        "amendments_accepted": amendments.filter(status=Amendment.Status.ACCEPTED).count(),
        "amendments_rejected": amendments.filter(status=Amendment.Status.REJECTED).count(),
        "amendments_hidden": all_amendments.filter(is_hidden=True).count(),
        "amendment_reactions": AmendmentReaction.objects.filter(
            amendment__paragraph__version__draft__consultation=consultation, amendment__is_hidden=False
        ).count(),
        "follow_ups": follow_ups.count(),
        "follow_ups_done": follow_ups.filter(status=FollowUp.Status.DONE).count(),
    }


def draft_participant_ids(consultation: Consultation) -> set[int]:
    """Everyone who took part through a draft: commented, supported, amended or reacted."""
    lookup = "paragraph__version__draft__consultation"
    ids: set[int] = set()
    ids.update(ParagraphComment.objects.filter(**{lookup: consultation}).values_list("author_id", flat=True))
    ids.update(
        ParagraphCommentSupport.objects.filter(**{f"comment__{lookup}": consultation}).values_list(
            "user_id", flat=True
        )
    )
    ids.update(Amendment.objects.filter(**{lookup: consultation}).values_list("author_id", flat=True))
    ids.update(
        AmendmentReaction.objects.filter(**{f"amendment__{lookup}": consultation}).values_list(
            "user_id", flat=True
        )
    )
    return ids
