"""Moderation tools: block a person from writing, hear their one appeal, lift the block.

Every write service of a contribution calls `writing_block_check`, so a block holds on every path
(page, API, admin-made drafts) with one clear message, and nothing is written.
"""

import re
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from sharik.accounts.services import notification_send
from sharik.core.audit import audit_record
from sharik.core.text import normalize_arabic

from ..models import WritingBlock

BLOCK_PERM = "consultations.add_writingblock"


# `WritingBlock.objects.in_force()` for one person, written out: every comment, idea and debate asks,
# and building the ORM's query was half of a comment's view CPU (docs/performance.md).
BLOCK_IN_FORCE_SQL = (
    "SELECT id, ends_at, reason FROM consultations_writingblock "
    "WHERE user_id = %s AND lifted_at IS NULL AND starts_at <= %s AND (ends_at IS NULL OR ends_at > %s) "
    "ORDER BY ends_at DESC LIMIT 1"  # the longest first; NULL (until lifted) sorts first, as in the ORM
)


def _block_in_force(user) -> WritingBlock | None:
    if connection.vendor != "postgresql":
        return WritingBlock.objects.in_force().filter(user=user).order_by("-ends_at").first()
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(BLOCK_IN_FORCE_SQL, [user.pk, now, now])
        row = cursor.fetchone()
    if row is None:
        return None
    return WritingBlock(pk=row[0], user=user, ends_at=row[1], reason=row[2])


def writing_block_check(*, user) -> None:
    """Refuse a write by a person who is blocked, saying until when and why."""
    if user is None or not getattr(user, "is_authenticated", False):
        return
    block = _block_in_force(user)
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


# --- Review before publication (issue 14): pre-moderation, word lists, a new account's first contribution.
# A held contribution is saved hidden with `held_for_review` and the reason; a moderator approves it
# (published) or rejects it with a reason the author is told. Nothing is ever deleted silently.

_PHRASE_SPACE = re.compile(r"\s+")
# A conjunction/preposition joined to a word, with or without the article: "والكلمة", "بالكلمة", "للكلمة", "وكلمة".
_ARABIC_PREFIXES = re.compile(
    "^(?:[\u0648\u0641]?[\u0628\u0643\u0644]?\u0627\u0644|[\u0648\u0641]?\u0644\u0644|[\u0648\u0641\u0628\u0643\u0644])"
)


def _fold(text: str) -> str:
    return _PHRASE_SPACE.sub(" ", normalize_arabic(text or "")).strip()


WORD_LISTS_KEY = "moderation:word-lists:v1"


def word_lists_active() -> list[str]:
    """The words of the active lists, from the cache: every comment, idea and debate checks them.

    Any save or delete of a list forgets the cached copy (`word_lists_forget`, connected in apps.py).
    """
    from ..models import ModerationWordList

    words = cache.get(WORD_LISTS_KEY)
    if words is None:
        words = list(ModerationWordList.objects.filter(is_active=True).values_list("words", flat=True))
        cache.set(WORD_LISTS_KEY, words, 3600)
    return words


def word_lists_forget(**kwargs) -> None:
    cache.delete(WORD_LISTS_KEY)
    transaction.on_commit(lambda: cache.delete(WORD_LISTS_KEY))  # a reader racing the change


def word_list_match(*texts: str) -> str | None:
    """The first word-list entry found in the texts, or None.

    Both sides are folded by `normalize_arabic` (diacritics, alef forms, taa marbuta, case), so
    "غَبِيّ" and "أحمق" match "غبي" and "احمق". A single word also matches with a joined particle or
    the article ("والغبي"); a phrase matches as whole words.
    """
    folded = _fold(" ".join(t for t in texts if t))
    if not folded:
        return None
    tokens = set(re.findall(r"\w+", folded))
    tokens |= {_ARABIC_PREFIXES.sub("", token) for token in tokens}
    for words in word_lists_active():
        for line in words.splitlines():
            entry = _fold(line)
            if not entry:
                continue
            if " " in entry:
                if re.search(rf"(?<!\w){re.escape(entry)}(?!\w)", folded):
                    return line.strip()
            elif entry in tokens:
                return line.strip()
    return None


def _has_published_contribution(user) -> bool:
    from ..models import Comment, Debate, Idea, Proposal

    return (
        Comment.objects.filter(author=user, held_for_review=False, is_hidden=False).exists()
        or Idea.objects.filter(author=user, held_for_review=False, is_hidden=False).exists()
        or Debate.objects.filter(author=user, held_for_review=False, is_hidden=False).exists()
        or Proposal.objects.filter(author=user, state__in=Proposal.PUBLIC_STATES).exists()
    )


def review_reason(*, author, texts: list[str], pre_moderated: bool = False) -> str:
    """Why a new contribution must wait for review ("" when it may be published at once).

    The reason is kept on the contribution for the moderator; the author is told only that it waits.
    """
    if pre_moderated:
        return _("Pre-moderation: every contribution here is reviewed before publication.")
    word = word_list_match(*texts)
    if word:
        return _("Matches the word list entry “%(word)s”.") % {"word": word}
    if getattr(settings, "MODERATION_HOLD_FIRST_CONTRIBUTION", False) and not _has_published_contribution(
        author
    ):
        return _("The first contribution of a new account.")
    return ""


def contribution_hold(obj, *, reason: str) -> None:
    """Mark an unsaved (or about to be saved) contribution as waiting for review, hidden meanwhile."""
    obj.held_for_review = True
    obj.is_hidden = True
    obj.hidden_reason = str(reason)[:300]


def _review_perm(obj) -> str:
    return f"{obj._meta.app_label}.change_{obj._meta.model_name}"


@transaction.atomic
def contribution_review(*, obj, by, approve: bool, reason: str = ""):
    """Approve (publish) or reject (keep hidden, with the reason the author is told) a held contribution.

    Once only: a second review of the same contribution, or a concurrent one, finds nothing to move.
    """
    if by is None or not by.has_perm(_review_perm(obj), obj):
        raise PermissionDenied(_("You do not moderate this contribution."))
    reason = (reason or "").strip()
    if not approve and not reason:
        raise ValidationError({"reason": _("Give the reason the author will be told.")}, code="reason")
    model = type(obj)
    now = timezone.now()
    if approve:
        fields = {
            "held_for_review": False,
            "is_hidden": False,
            "hidden_reason": "",
            "hidden_by": None,
            "hidden_at": None,
        }
    else:
        fields = {
            "held_for_review": False,
            "is_hidden": True,
            "hidden_reason": reason[:300],
            "hidden_by": by,
            "hidden_at": now,
        }
    moved = model.objects.filter(pk=obj.pk, held_for_review=True).update(**fields)
    if not moved:
        raise ValidationError(_("This contribution has already been reviewed."), code="reviewed")
    obj = model.objects.select_related("author").get(pk=obj.pk)
    obj.save(update_fields=["updated_at"])  # the page-cache receivers see the change
    audit_record(
        action="contribution.approve" if approve else "contribution.reject",
        obj=obj,
        actor=by,
        source="admin",
        entity=obj.get_permission_entity(),
    )
    author = obj.author
    with translation.override(author.preferred_language):
        kind = str(model._meta.verbose_name)
        if approve:
            title = _("Your %(kind)s is published") % {"kind": kind}
            body = _("A moderator reviewed it and published it.")
        else:
            title = _("Your %(kind)s was not published") % {"kind": kind}
            body = _("Reason: %(reason)s") % {"reason": reason}
        notification_send(
            user=author,
            key=f"review-{obj._meta.model_name}-{obj.pk}",
            title=title,
            body=body,
            url=obj.get_absolute_url() if approve else "/accounts/notifications/",
        )
    return obj
