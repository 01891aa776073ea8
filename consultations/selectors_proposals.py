"""What a person may see of citizen proposals, and the figures of a proposal's page."""

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from .models import Proposal, ProposalMilestone, ProposalSignature
from .selectors import loaded
from .services.proposals import proposal_counts

# "Close to a threshold": at least this share of the next threshold's signatures.
NEAR_SHARE = 0.8


def proposals_public(*, filters: dict | None = None) -> QuerySet[Proposal]:
    """Published proposals (open or closed) with their exact counts, filtered as the list asks."""
    filters = filters or {}
    qs = (
        Proposal.objects.public()
        .select_related("entity", "kind")
        .prefetch_related("sdgs")
        .annotate_counts()
        .annotate(
            answer_overdue=Exists(
                ProposalMilestone.objects.filter(proposal=OuterRef("pk"), answered_at__isnull=True)
            )
        )
    )
    if filters.get("entity"):
        qs = qs.filter(entity__slug=filters["entity"])
    if filters.get("sector"):
        qs = qs.filter(sector=filters["sector"])
    if filters.get("sdg"):
        qs = qs.filter(sdgs__code=filters["sdg"])
    if filters.get("state"):
        qs = qs.filter(state=filters["state"])
    return qs.order_by("-published_at", "-pk")


def proposals_near_threshold(proposals) -> list[Proposal]:
    """Keep the open proposals whose counted signatures reach NEAR_SHARE of their next threshold."""
    near = []
    for proposal in proposals:
        counted = proposal.verified_count if proposal.kind.verified_only else proposal.signature_count
        nxt = next((t for t in proposal.kind.thresholds.all() if t.signatures > counted), None)
        if proposal.state == Proposal.State.OPEN and nxt and counted >= nxt.signatures * NEAR_SHARE:
            near.append(proposal)
    return near


def proposal_visible(*, user, pk: int) -> Proposal:
    """A published proposal for anyone; a draft, pending or refused one only for its author."""
    proposal = Proposal.objects.select_related("entity", "kind", "author").filter(pk=pk).first()
    return proposal_visible_or_404(proposal, user)


def proposal_for_signature(*, user, pk: int) -> Proposal:
    """The proposal a person signs (or withdraws from), with only what signing checks: one query.

    Same visibility as `proposal_visible`. On PostgreSQL the one-row query is written out: building
    it with the ORM was a third of a signature's CPU (docs/performance.md).
    """
    if connection.vendor != "postgresql":
        return proposal_visible_or_404(Proposal.objects.only(*SIGNING_FIELDS).filter(pk=pk).first(), user)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, author_id, state, signing_ends_at FROM consultations_proposal WHERE id = %s", [pk]
        )
        row = cursor.fetchone()
    if row is None:
        raise Http404
    return proposal_visible_or_404(proposal_from_signing_row(row), user)


SIGNING_FIELDS = ("id", "author_id", "state", "signing_ends_at")


def proposal_from_signing_row(row) -> Proposal:
    """The proposal from a written-out query whose first columns are `SIGNING_FIELDS`, in that order."""
    return loaded(Proposal, **dict(zip(SIGNING_FIELDS, row[: len(SIGNING_FIELDS)], strict=True)))


def proposal_visible_or_404(proposal: Proposal | None, user) -> Proposal:
    """The proposal when `user` may see it: published for anyone, otherwise its author and (once sent)
    the coordination team; Http404 for everyone else and for no proposal."""
    if proposal is None:
        raise Http404
    if proposal.state in Proposal.PUBLIC_STATES:
        return proposal
    if not getattr(user, "is_authenticated", False):
        raise Http404
    if proposal.author_id == user.pk:
        return proposal
    # The coordination team reads what was sent to it; a draft stays the author's own.
    if proposal.state != Proposal.State.DRAFT and user.has_perm("consultations.moderate_proposal", proposal):
        return proposal
    raise Http404


def proposal_page(*, proposal: Proposal, user) -> dict:
    counts = proposal_counts(proposal)
    thresholds = list(proposal.kind.thresholds.order_by("signatures"))
    milestones = {m.threshold_id: m for m in proposal.milestones.select_related("consultation")}
    steps = [{"threshold": t, "milestone": milestones.get(t.pk)} for t in thresholds]
    nxt = next((t for t in thresholds if t.signatures > counts["counted"]), None)
    progress = min(100, int(counts["counted"] * 100 / nxt.signatures)) if nxt else 100
    overdue = [m for m in milestones.values() if m.is_overdue]
    signed = (
        getattr(user, "is_authenticated", False)
        and ProposalSignature.objects.filter(proposal=proposal, user=user).exists()
    )
    return {
        "counts": counts,
        "steps": steps,
        "next_threshold": nxt,
        "progress": progress,
        "progress_step": progress // 10 * 10,
        "overdue": sorted(overdue, key=lambda m: m.due_on),
        "signed": signed,
    }


def proposals_of_author(*, user) -> QuerySet[Proposal]:
    if not getattr(user, "is_authenticated", False):
        return Proposal.objects.none()
    return Proposal.objects.filter(Q(author=user)).order_by("-created_at")


def proposals_archive_counts(*, entity=None) -> dict:
    """Citizen proposals in the archive (federal, or one entity's): published, with an answer, signatures.

    Three aggregate queries whatever the number of proposals; counted from the rows themselves.
    """
    published = Proposal.objects.public()
    if entity is not None:
        published = published.filter(entity=entity)
    answered = ProposalMilestone.objects.filter(proposal__in=published, answered_at__isnull=False)
    return {
        "published": published.count(),
        "answered": answered.values("proposal").distinct().count(),
        "signatures": ProposalSignature.objects.filter(proposal__in=published).count(),
    }
