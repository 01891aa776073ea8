"""Writes on debates: a citizen starts one under a sector's forum, people comment, an entity takes it
up into a consultation. Moderated like comments: a forum set to pre-moderation, a word list or the
first-contribution rule holds a debate or comment for review (hidden, never deleted)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sharik.accounts.services import notification_send
from sharik.core.audit import audit_record
from sharik.core.choices import Sector

from ..models import Comment, Consultation, Debate, DebateForum
from .contributions import COMMENT_MAX, _hold_if_needed, _plain_text, _require_writer

TITLE_MAX = 200
BODY_MAX = 4000


def debate_forum_pre_moderated(sector: str) -> bool:
    return DebateForum.objects.filter(sector=sector, pre_moderated=True).exists()


@transaction.atomic
def debate_create(*, author, sector: str, title: str, body: str) -> Debate:
    _require_writer(author)
    if sector not in Sector.values:
        raise ValidationError({"sector": _("Choose a sector from the list.")}, code="sector")
    debate = Debate(
        author=author,
        sector=sector,
        title=_plain_text(title, field="title", max_length=TITLE_MAX, min_length=5),
        body=_plain_text(body, field="body", max_length=BODY_MAX, min_length=20),
    )
    _hold_if_needed(
        debate,
        author=author,
        texts=[debate.title, debate.body],
        pre_moderated=debate_forum_pre_moderated(sector),
    )
    debate.full_clean()
    debate.save()
    return debate


@transaction.atomic
def debate_comment_create(*, debate: Debate, author, body: str, parent: Comment | None = None) -> Comment:
    _require_writer(author)
    if debate.is_hidden:
        raise ValidationError(_("This debate does not take comments."), code="closed")
    body = _plain_text(body, field="body", max_length=COMMENT_MAX)
    if parent is not None:
        if parent.debate_id != debate.pk or parent.is_hidden:
            raise ValidationError(_("You can only reply to a visible comment of this debate."), code="parent")
        parent = parent.parent or parent  # replies stay one level deep
    comment = Comment(debate=debate, author=author, body=body, parent=parent)
    _hold_if_needed(
        comment, author=author, texts=[body], pre_moderated=debate_forum_pre_moderated(debate.sector)
    )
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def debate_take_up(*, debate: Debate, consultation: Consultation, by) -> Debate:
    """An entity takes a debate up into one of its consultations; the debate's author is told."""
    if by is None or not by.has_perm("consultations.take_up_debate"):
        raise PermissionDenied(_("You may not take debates up into consultations."))
    if not by.has_perm("consultations.change_consultation", consultation):
        raise PermissionDenied(_("You do not act for this consultation's entity."))
    debate = Debate.objects.select_for_update().select_related("author").get(pk=debate.pk)
    if debate.is_hidden:
        raise ValidationError(_("A hidden debate cannot be taken up."), code="hidden")
    if debate.consultation_id:
        raise ValidationError(_("This debate has already been taken up into a consultation."), code="taken")
    debate.consultation = consultation
    debate.taken_up_at = timezone.now()
    debate.taken_up_by = by
    debate.save(update_fields=["consultation", "taken_up_at", "taken_up_by", "updated_at"])
    audit_record(action="debate.take_up", obj=debate, actor=by, source="admin", entity=consultation.entity)
    author = debate.author
    with translation.override(author.preferred_language):
        notification_send(
            user=author,
            key=f"debate-taken-up-{debate.pk}",
            title=_("Your debate “%(title)s” was taken up") % {"title": debate.title},
            body=_("%(entity)s opened the consultation “%(consultation)s” on it.")
            % {"entity": consultation.entity.name, "consultation": consultation.title},
            url=debate.get_absolute_url(),
        )
    return debate
