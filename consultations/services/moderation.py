"""Moderation tools: block a person from writing, hear their one appeal, lift the block.

Every write service of a contribution calls `writing_block_check`, so a block holds on every path
(page, API, admin-made drafts) with one clear message, and nothing is written.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from sharik.accounts.services import notification_send
from sharik.core.audit import audit_record

from ..models import WritingBlock

BLOCK_PERM = "consultations.add_writingblock"


def writing_block_check(*, user) -> None:
    """Refuse a write by a person who is blocked, saying until when and why."""
    if user is None or not getattr(user, "is_authenticated", False):
        return
    block = WritingBlock.objects.in_force().filter(user=user).order_by("-ends_at").first()
    if block is None:
        return
    if block.ends_at:
        message = _(
            "You cannot write on the portal until %(date)s: %(reason)s. You may appeal once from your account."
        ) % {
            "date": formats.date_format(timezone.localtime(block.ends_at), "DATE_FORMAT"),
            "reason": block.reason,
        }
    else:
        message = _(
            "You cannot write on the portal until the block is lifted: %(reason)s. You may appeal once from your account."
        ) % {"reason": block.reason}
    raise ValidationError(message, code="blocked")


@transaction.atomic
def writing_block_create(*, user, by, reason: str, ends_at: datetime | None = None) -> WritingBlock:
    if by is None or not by.has_perm(BLOCK_PERM):
        raise PermissionDenied(_("Only moderators of the federal team block people from writing."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason the person will be told.")})
    if ends_at is not None and ends_at <= timezone.now():
        raise ValidationError({"ends_at": _("The end of the block must be in the future.")})
    block = WritingBlock(user=user, reason=reason, ends_at=ends_at, created_by=by)
    block.full_clean()
    block.save()
    audit_record(action="writing_block.create", obj=block, actor=by, source="admin", entity=None)
    with translation.override(user.preferred_language):
        notification_send(
            user=user,
            key=f"writing-block-{block.pk}",
            title=_("You are blocked from writing on Sharik"),
            body=_("Reason: %(reason)s. You may appeal once from your account.") % {"reason": reason},
            url="/accounts/",
        )
    return block


@transaction.atomic
def writing_block_appeal(*, block: WritingBlock, user, text: str) -> WritingBlock:
    if block.user_id != getattr(user, "pk", None):
        raise PermissionDenied(_("Only the blocked person can appeal."))
    text = (text or "").strip()
    if not text:
        raise ValidationError({"appeal": _("Say why the block should be lifted.")})
    moved = WritingBlock.objects.filter(pk=block.pk, appealed_at__isnull=True).update(
        appeal=text[:2000], appealed_at=timezone.now()
    )
    if not moved:
        raise ValidationError(_("You have already appealed this block."), code="appealed")
    block.refresh_from_db()
    audit_record(action="writing_block.appeal", obj=block, actor=user, source="web", entity=None)
    return block


@transaction.atomic
def writing_block_lift(*, block: WritingBlock, by) -> WritingBlock:
    if by is None or not by.has_perm("consultations.change_writingblock"):
        raise PermissionDenied(_("Only moderators of the federal team lift blocks."))
    moved = WritingBlock.objects.filter(pk=block.pk, lifted_at__isnull=True).update(
        lifted_at=timezone.now(), lifted_by=by
    )
    block.refresh_from_db()
    if moved:
        audit_record(action="writing_block.lift", obj=block, actor=by, source="admin", entity=None)
    return block
