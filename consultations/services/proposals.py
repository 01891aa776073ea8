"""Writes on citizen proposals (petitions): draft, moderate, sign, reach a threshold, answer, escalate.

Signatures are one row per person (unique constraint); counts are taken from those rows, so there
is no shared counter row for signers to queue on. Reaching a threshold is checked after the commit
(and again by the beat), and a milestone row per (proposal, threshold) makes it happen once.
Escalation moves a milestone one step with a conditional UPDATE: a repeated or overlapping beat run
finds nothing left to move and tells nobody twice.
"""

import time
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sharik.accounts.services import notification_send, notification_send_many
from sharik.core.display import date_text

from ..models import (
    Consultation,
    Proposal,
    ProposalKind,
    ProposalMilestone,
    ProposalSignature,
    SdgTag,
)
from ..working_days import working_days_add, working_days_between
from .contributions import _plain_text, _require_participant, _require_writer

TITLE_MAX = 200
BODY_MAX = 6000


def _require_author(proposal: Proposal, user) -> None:
    _require_participant(user)
    if proposal.author_id != user.pk:
        raise PermissionDenied(_("Only the author can change this proposal."))


def _require_moderator(proposal: Proposal, user) -> None:
    if user is None or not user.has_perm("consultations.moderate_proposal", proposal):
        raise PermissionDenied(_("Only the coordination team moderates citizen proposals."))


@transaction.atomic
def proposal_draft_save(
    *,
    author,
    kind: ProposalKind,
    title: str,
    body: str,
    sector: str,
    entity=None,
    sdgs: list[SdgTag] | None = None,
    proposal: Proposal | None = None,
) -> Proposal:
    """Create or edit a draft. A signed-in person with a confirmed e-mail (an activated account) writes it."""
    _require_writer(author)
    if proposal is None:
        proposal = Proposal(author=author)
    else:
        _require_author(proposal, author)
        if proposal.state not in (Proposal.State.DRAFT, Proposal.State.REFUSED):
            raise ValidationError(
                _("A proposal can be edited only while it is a draft or after a refusal."), code="state"
            )
    proposal.kind = kind
    proposal.entity = entity
    proposal.title = _plain_text(title, field="title", max_length=TITLE_MAX, min_length=5)
    proposal.body = _plain_text(body, field="body", max_length=BODY_MAX, min_length=20)
    proposal.sector = sector
    proposal.state = Proposal.State.DRAFT
    proposal.full_clean()
    proposal.save()
    if sdgs is not None:
        proposal.sdgs.set(sdgs)
    return proposal


@transaction.atomic
def proposal_submit(*, proposal: Proposal, user) -> Proposal:
    """The author sends a draft to the coordination team for moderation."""
    _require_author(proposal, user)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.state != Proposal.State.DRAFT:
        raise ValidationError(_("Only a draft can be sent for moderation."), code="state")
    proposal.state = Proposal.State.PENDING
    proposal.submitted_at = timezone.now()
    proposal.refusal_reason = ""
    proposal.save(update_fields=["state", "submitted_at", "refusal_reason", "updated_at"])
    if not proposal.kind.pre_moderated:
        from .moderation import review_reason

        # A kind without pre-moderation opens at once, unless a word list or the first-contribution rule holds it.
        if not review_reason(author=user, texts=[proposal.title, proposal.body]):
            return _proposal_open(proposal, by=None)
    return proposal


def _tell_author(proposal: Proposal, key: str, title: str, body: str) -> None:
    author = proposal.author
    with translation.override(author.preferred_language):
        notification_send(
            user=author, key=key, title=str(title), body=str(body), url=proposal.get_absolute_url()
        )


@transaction.atomic
def proposal_publish(*, proposal: Proposal, user) -> Proposal:
    """Open the proposal for signatures for its kind's signing period."""
    _require_moderator(proposal, user)
    proposal = Proposal.objects.select_for_update().select_related("kind", "author").get(pk=proposal.pk)
    if proposal.state != Proposal.State.PENDING:
        raise ValidationError(_("Only a proposal awaiting moderation can be published."), code="state")
    return _proposal_open(proposal, by=user)


def _proposal_open(proposal: Proposal, *, by) -> Proposal:
    """Open a pending proposal (locked by the caller) for its kind's signing period; tell the author."""
    user = by
    now = timezone.now()
    proposal.state = Proposal.State.OPEN
    proposal.published_at = now
    proposal.signing_ends_at = now + timedelta(days=proposal.kind.signing_days)
    proposal.moderated_by = user
    proposal.refusal_reason = ""
    proposal.save()
    with translation.override(proposal.author.preferred_language):
        _tell_author(
            proposal,
            f"proposal-published-{proposal.pk}",
            _("Your proposal “%(title)s” is published") % {"title": proposal.title},
            _("It is open for signatures until %(date)s.") % {"date": date_text(proposal.signing_ends_at)},
        )
    return proposal


@transaction.atomic
def proposal_refuse(*, proposal: Proposal, user, reason: str) -> Proposal:
    """Refuse with a reason the author sees; the author may edit the draft and send it again."""
    _require_moderator(proposal, user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"refusal_reason": _("Give the author the reason for the refusal.")})
    proposal = Proposal.objects.select_for_update().select_related("author").get(pk=proposal.pk)
    if proposal.state != Proposal.State.PENDING:
        raise ValidationError(_("Only a proposal awaiting moderation can be refused."), code="state")
    proposal.state = Proposal.State.REFUSED
    proposal.refusal_reason = reason
    proposal.moderated_by = user
    proposal.save(update_fields=["state", "refusal_reason", "moderated_by", "updated_at"])
    with translation.override(proposal.author.preferred_language):
        _tell_author(
            proposal,
            f"proposal-refused-{proposal.pk}-{int(proposal.submitted_at.timestamp()) if proposal.submitted_at else 0}",
            _("Your proposal “%(title)s” was not published") % {"title": proposal.title},
            _("Reason: %(reason)s") % {"reason": reason},
        )
    return proposal


def _require_signable(proposal: Proposal) -> None:
    if not proposal.is_signable():
        raise _not_signable()


def _not_signable() -> ValidationError:
    return ValidationError(_("This proposal is not open for signatures."), code="closed")


# A burst of signatures queues one threshold check per proposal every few seconds, not one per signature
# (queueing a job was a third of a signature's work in the view).
THRESHOLD_CHECK_DELAY = 3  # seconds

# Per process: proposal id -> `time.monotonic()` before which a check already queued (by any web node)
# is known to run after now. A signature seen before then needs no round trip to Redis at all.
_check_queued_until: dict[int, float] = {}


def _queue_threshold_check(proposal_id: int) -> None:
    """After the commit: the check of the proposal's thresholds. With a broker, the first signature of a
    burst queues the job `THRESHOLD_CHECK_DELAY` seconds ahead and marks the proposal for as long (`SET
    NX` with an expiry, atomic across web nodes on Redis); the signatures that see the mark committed
    before it expires, and the job runs after it expires, so it counts them all. The same round trip
    reads how long the mark has left, and the process remembers it: its next signatures of the proposal
    before then skip Redis (they too commit before the mark expires). Run inline (eager Celery), every
    signature checks at once."""
    from ..tasks.proposals import proposal_thresholds_check_task

    if proposal_thresholds_check_task.app.conf.task_always_eager:
        transaction.on_commit(lambda: proposal_thresholds_check_task.delay(proposal_id))
        return

    def queue() -> None:
        now = time.monotonic()  # before the round trip: the mark lasts at least until now + its time left
        if _check_queued_until.get(proposal_id, 0.0) > now:
            return
        created, left = _mark_for_check(proposal_id)
        if created:
            proposal_thresholds_check_task.apply_async((proposal_id,), countdown=THRESHOLD_CHECK_DELAY)
        if left > 0:
            if len(_check_queued_until) > 10_000:  # forget the marks that have expired
                for key in [k for k, until in _check_queued_until.items() if until <= now]:
                    _check_queued_until.pop(key, None)
            _check_queued_until[proposal_id] = now + left

    transaction.on_commit(queue)


def _mark_for_check(proposal_id: int) -> tuple[bool, float]:
    """Mark the proposal for `THRESHOLD_CHECK_DELAY` seconds unless it is marked: (whether this call
    marked it, seconds the mark has left; 0 when unknown)."""
    from django.core.cache import cache

    from sharik.core.cache import redis_client

    key = f"proposal-threshold-check:{proposal_id}"
    client = redis_client()
    if client is None:  # another cache (tests, a single node): its own atomic add, nothing remembered
        return cache.add(key, 1, timeout=THRESHOLD_CHECK_DELAY), 0.0
    full_key = cache.make_and_validate_key(key)
    with client.pipeline(transaction=False) as pipe:  # one round trip
        pipe.set(full_key, 1, nx=True, px=THRESHOLD_CHECK_DELAY * 1000)
        pipe.pttl(full_key)
        created, left_ms = pipe.execute()
    return bool(created), max(left_ms, 0) / 1000


def proposal_sign(*, proposal: Proposal, user) -> ProposalSignature:
    """One signature per person: the unique constraint decides between concurrent attempts.

    On PostgreSQL one statement, no transaction around it: `INSERT … ON CONFLICT DO NOTHING`, which
    returns no row when the person has already signed (or signs at the same moment elsewhere).
    """
    _require_participant(user)
    _require_signable(proposal)
    verified = bool(user.is_verified_resident)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO consultations_proposalsignature (proposal_id, user_id, verified_resident, created_at) "
                "VALUES (%s, %s, %s, now()) ON CONFLICT (proposal_id, user_id) DO NOTHING RETURNING id, created_at",
                [proposal.pk, user.pk, verified],
            )
            row = cursor.fetchone()
        if row is None:
            raise _already_signed()
        signature = ProposalSignature(
            pk=row[0], proposal=proposal, user=user, verified_resident=verified, created_at=row[1]
        )
    else:
        try:
            with transaction.atomic():
                signature = ProposalSignature.objects.create(
                    proposal=proposal, user=user, verified_resident=verified
                )
        except IntegrityError:
            raise _already_signed() from None
    _queue_threshold_check(proposal.pk)  # after the commit (at once here, outside a transaction)
    return signature


def _already_signed() -> ValidationError:
    return ValidationError(_("You have already signed this proposal."), code="duplicate")


# The signing form's one round trip on PostgreSQL: the proposal's row as `proposal_for_signature` reads
# it, whether it is open for signatures (as `Proposal.is_signable` says, on the database's clock), and
# the signature inserted in the same statement when it is. That one answer decides both the INSERT and
# the refusal, so they cannot disagree at the period's end. An open proposal is public, so a signature
# is only ever added to a proposal the person may see.
SIGN_BY_ID_SQL = """
WITH p AS (
    SELECT id, author_id, state, signing_ends_at,
           state = %(open)s AND (signing_ends_at IS NULL OR now() < signing_ends_at) AS signable
      FROM consultations_proposal WHERE id = %(proposal)s
), signed AS (
    INSERT INTO consultations_proposalsignature (proposal_id, user_id, verified_resident, created_at)
    SELECT id, %(user)s, %(verified)s, now() FROM p WHERE signable
    ON CONFLICT (proposal_id, user_id) DO NOTHING
    RETURNING id, created_at
)
SELECT p.id, p.author_id, p.state, p.signing_ends_at, p.signable, signed.id, signed.created_at
  FROM p LEFT JOIN signed ON true
"""


def proposal_sign_by_id(*, pk: int, user) -> ProposalSignature:
    """The signing form: find the proposal the person may see (404 otherwise) and sign it, with the
    refusals of `proposal_sign`. On PostgreSQL the two are one statement (`SIGN_BY_ID_SQL`): a signature
    is the hottest write of a popular proposal, and the separate read of the proposal was a third of its
    round trips to the database."""
    from ..selectors_proposals import (
        proposal_for_signature,
        proposal_from_signing_row,
        proposal_visible_or_404,
    )

    if connection.vendor != "postgresql":
        return proposal_sign(proposal=proposal_for_signature(user=user, pk=pk), user=user)
    _require_participant(user)
    verified = bool(user.is_verified_resident)
    with connection.cursor() as cursor:
        cursor.execute(
            SIGN_BY_ID_SQL,
            {"proposal": pk, "user": user.pk, "verified": verified, "open": Proposal.State.OPEN.value},
        )
        row = cursor.fetchone()
    if row is None:
        raise Http404
    proposal = proposal_visible_or_404(proposal_from_signing_row(row), user)
    signable, signature_id, created_at = row[4:]
    if not signable:
        raise _not_signable()
    if signature_id is None:
        raise _already_signed()
    _queue_threshold_check(proposal.pk)
    return ProposalSignature(
        pk=signature_id, proposal=proposal, user=user, verified_resident=verified, created_at=created_at
    )


@transaction.atomic
def proposal_signature_withdraw(*, proposal: Proposal, user) -> None:
    _require_participant(user)
    _require_signable(proposal)
    deleted, _rows = ProposalSignature.objects.filter(proposal=proposal, user=user).delete()
    if not deleted:
        raise ValidationError(_("You have not signed this proposal."), code="not_signed")


def proposal_counts(proposal: Proposal) -> dict:
    """Exact counts from the rows; `counted` is what the thresholds are measured against."""
    signatures = ProposalSignature.objects.filter(proposal=proposal)
    total = signatures.count()
    verified = signatures.filter(verified_resident=True).count()
    return {
        "total": total,
        "verified": verified,
        "others": total - verified,
        "counted": verified if proposal.kind.verified_only else total,
    }


def entity_coordinators(entity):
    """The people who coordinate `entity` (the federal team for a federal-level proposal)."""
    from guardian.shortcuts import get_users_with_perms

    from governance.models import Role

    if entity is None:
        return get_user_model().objects.filter(groups__name=Role.FEDERAL_TEAM, is_active=True)
    users = get_users_with_perms(
        entity, only_with_perms_in=["coordinate_entity"], with_group_users=False, with_superusers=False
    )
    return users.filter(is_active=True)


def proposal_thresholds_check(*, proposal: Proposal, today: date | None = None) -> list[ProposalMilestone]:
    """Open a milestone for each threshold the counted signatures have reached; tell the coordinators."""
    proposal = Proposal.objects.select_related("kind", "entity").get(pk=proposal.pk)
    counted = proposal_counts(proposal)["counted"]
    today = today or timezone.localdate()
    reached = proposal.kind.thresholds.filter(signatures__lte=counted).exclude(
        pk__in=proposal.milestones.values("threshold_id")
    )
    created = []
    for threshold in reached.order_by("signatures"):
        try:
            with transaction.atomic():
                milestone = ProposalMilestone.objects.create(
                    proposal=proposal,
                    threshold=threshold,
                    due_on=working_days_add(today, threshold.answer_working_days),
                )
        except IntegrityError:
            continue  # another run opened it first
        created.append(milestone)
        _notify_group(
            entity_coordinators(proposal.entity),
            key=f"proposal-threshold-{milestone.pk}",
            milestone=milestone,
            title=lambda m: (
                _("“%(title)s” reached %(count)d signatures")
                % {"title": m.proposal.title, "count": m.threshold.signatures}
            ),
            body=lambda m: (
                _("%(response)s Answer due by %(date)s (working days).")
                % {"response": m.threshold.get_response_display(), "date": date_text(m.due_on)}
            ),
        )
    return created


def _notify_group(users, *, key: str, milestone: ProposalMilestone, title, body) -> int:
    def message(person):
        with translation.override(person.preferred_language):
            return str(title(milestone)), str(body(milestone)), milestone.proposal.get_absolute_url()

    return notification_send_many(users=list(users.distinct()), key=key, message=message)


@transaction.atomic
def proposal_answer(
    *,
    milestone: ProposalMilestone,
    user,
    answer_ar: str,
    answer_en: str = "",
    consultation: Consultation | None = None,
) -> ProposalMilestone:
    """The entity's public answer to a reached threshold (Arabic required, English optional)."""
    if user is None or not user.has_perm("consultations.change_proposalmilestone", milestone):
        raise PermissionDenied(_("You do not act for the entity this proposal is addressed to."))
    milestone = ProposalMilestone.objects.select_for_update().select_related("proposal").get(pk=milestone.pk)
    answer_ar = (answer_ar or "").strip()
    if not answer_ar:
        raise ValidationError({"answer_ar": _("Write the answer in Arabic (English is optional).")})
    if consultation is not None and consultation.entity_id != milestone.proposal.entity_id:
        raise ValidationError({"consultation": _("Link a consultation of the same entity.")})
    first = milestone.answered_at is None
    milestone.answer_ar = answer_ar
    milestone.answer_en = (answer_en or "").strip()
    milestone.consultation = consultation
    if first:
        milestone.answered_at = timezone.now()
        milestone.answered_by = user
    milestone.full_clean()
    milestone.save()
    if first:
        from ..tasks.proposals import proposal_answer_notify_task
        from ..tasks.reach import follow_answered_task

        pk = milestone.pk
        transaction.on_commit(lambda: proposal_answer_notify_task.delay(pk))
        transaction.on_commit(lambda: follow_answered_task.delay(pk))
    return milestone


def proposal_answer_notify(*, milestone: ProposalMilestone) -> int:
    """Tell the signatories and the author the answer, each in their language; once per person."""
    proposal = milestone.proposal
    ids = set(proposal.signatures.values_list("user_id", flat=True)) | {proposal.author_id}
    people = get_user_model().objects.filter(pk__in=ids, is_active=True, deleted_at__isnull=True)

    def message(person):
        with translation.override(person.preferred_language):
            title = _("The entity answered “%(title)s”") % {"title": proposal.title}
            return str(title), str(milestone.answer or milestone.answer_ar), proposal.get_absolute_url()

    return notification_send_many(users=people, key=f"proposal-answer-{milestone.pk}", message=message)


# The escalation ladder as one table: (step reached, role group told, working days past the due
# date before the step is taken: a number, or the name of the setting that holds it).
ESCALATION_STEPS = [
    (ProposalMilestone.Escalation.COORDINATION_TEAM, "coordination_team", 0),
    (
        ProposalMilestone.Escalation.OVERSIGHT_COMMITTEE,
        "oversight_committee",
        "PROPOSAL_OVERSIGHT_AFTER_WORKING_DAYS",
    ),
]


def _days_past_due(value) -> int:
    return getattr(settings, value) if isinstance(value, str) else value


def proposal_answers_escalate(*, today: date | None = None) -> int:
    """Move each overdue, unanswered milestone one step up the ladder, once per step; returns the steps taken."""
    today = today or timezone.localdate()
    steps = 0
    overdue = ProposalMilestone.objects.filter(answered_at__isnull=True, due_on__lt=today).select_related(
        "proposal", "threshold"
    )
    for milestone in overdue.filter(escalation__lt=len(ESCALATION_STEPS)).order_by("pk"):
        current = milestone.escalation
        level, group, days = ESCALATION_STEPS[current]
        if working_days_between(milestone.due_on, today) <= _days_past_due(days):
            continue
        moved = ProposalMilestone.objects.filter(
            pk=milestone.pk, escalation=current, answered_at__isnull=True
        ).update(escalation=F("escalation") + 1, escalated_at=timezone.now())
        if not moved:
            continue  # another run took this step
        steps += 1
        milestone.escalation = level
        members = get_user_model().objects.filter(groups__in=Group.objects.filter(name=group), is_active=True)
        _notify_group(
            members,
            key=f"proposal-escalation-{milestone.pk}-{int(level)}",
            milestone=milestone,
            title=lambda m: _("Answer overdue: “%(title)s”") % {"title": m.proposal.title},
            body=lambda m: (
                _("The answer was due on %(date)s and has not been given.") % {"date": date_text(m.due_on)}
            ),
        )
    return steps


def proposals_close_due(*, now=None) -> int:
    """Close signing on the proposals whose period has ended."""
    now = now or timezone.now()
    return Proposal.objects.filter(state=Proposal.State.OPEN, signing_ends_at__lte=now).update(
        state=Proposal.State.CLOSED, updated_at=now
    )


def proposal_similar(*, title: str, exclude_pk: int | None = None, limit: int = 5):
    """Published proposals sharing a word of the title: shown while drafting, against duplicates."""
    words = [w for w in title.split() if len(w) >= 4][:6]
    if not words:
        return Proposal.objects.none()
    query = Q()
    for word in words:
        query |= Q(title__icontains=word)
    qs = Proposal.objects.public().filter(query)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.order_by("-published_at")[:limit]
