"""Writes on consultations: every contribution goes through one of these functions.

Each validates (a clear, translated ValidationError and nothing written on bad input), runs in a
transaction, and relies on database constraints for "once per person" rules so that concurrent
requests cannot create duplicates.
"""

import re
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sharik.core.sanitize import sanitize_html

from .. import page_cache
from ..models import (
    Comment,
    CommentFlag,
    CommentReaction,
    Consultation,
    Follow,
    Idea,
    IdeaSupport,
    Poll,
    PollOption,
    Vote,
    VoteChoice,
)

MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!?][^>]*>")
COMMENT_MAX = 2000
IDEA_TITLE_MAX = 200
IDEA_BODY_MAX = 4000


def _require_open(consultation: Consultation) -> None:
    if not consultation.accepts_contributions():
        raise ValidationError(
            _("This consultation is closed to contributions; you can still read it and its outcome."),
            code="closed",
        )


def _require_article_open(post) -> None:
    """Blog articles take comments while they are published."""
    if not type(post).objects.published().filter(pk=post.pk).exists():
        raise ValidationError(_("This article does not take comments."), code="closed")


def _require_thread_open(comment: Comment) -> None:
    if comment.consultation_id:
        _require_open(comment.consultation)
    elif comment.blog_post_id:
        _require_article_open(comment.blog_post)
    elif comment.debate.is_hidden:
        raise ValidationError(_("This debate does not take comments."), code="closed")


def _require_participant(user) -> None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise ValidationError(_("Please log in to take part."), code="login")


def _require_writer(user) -> None:
    """A person who writes text (comments, ideas, proposals…) must be signed in and not blocked."""
    from .moderation import writing_block_check

    _require_participant(user)
    writing_block_check(user=user)


def _require_allowed(consultation: Consultation, user) -> None:
    """The plan's "who may take part" (lifecycle_rules.PARTICIPATION_RULES)."""
    from ..lifecycle_rules import participation_refusal

    refusal = participation_refusal(consultation, user)
    if refusal:
        raise ValidationError(refusal, code="not_allowed")


def _plain_text(value: str, *, field: str, max_length: int, min_length: int = 1) -> str:
    """Contributions are plain text: markup is refused with a reason rather than silently altered."""
    value = (value or "").strip()
    if len(value) < min_length:
        raise ValidationError({field: _("This field cannot be empty.")}, code="required")
    if len(value) > max_length:
        raise ValidationError(
            {
                field: _("Please keep it under %(max)d characters (it has %(n)d).")
                % {"max": max_length, "n": len(value)}
            },
            code="max_length",
        )
    if MARKUP.search(value):
        raise ValidationError(
            {field: _("Please write plain text: HTML tags and scripts are not allowed.")}, code="markup"
        )
    return value


def _hold_if_needed(obj, *, author, texts: list[str], pre_moderated: bool = False) -> None:
    """Pre-moderation, the word lists and the first-contribution rule: hold for review, never refuse."""
    from .moderation import contribution_hold, review_reason

    reason = review_reason(author=author, texts=texts, pre_moderated=pre_moderated)
    if reason:
        contribution_hold(obj, reason=reason)


def consultation_body_clean(consultation: Consultation) -> None:
    """Sanitise the rich-text fields of a consultation in every language before saving."""
    for lang, _name in settings.LANGUAGES:
        name = f"body_{lang}"
        if getattr(consultation, name, None):
            setattr(consultation, name, sanitize_html(getattr(consultation, name)))


def comment_create(
    *, consultation: Consultation, author, body: str, parent: Comment | None = None
) -> Comment:
    """A comment or a reply: one INSERT, so no transaction around it (the checks before only read)."""
    _require_writer(author)
    _require_open(consultation)
    _require_allowed(consultation, author)
    body = _plain_text(body, field="body", max_length=COMMENT_MAX)
    if parent is not None:
        if parent.consultation_id != consultation.pk or parent.is_hidden:
            raise ValidationError(
                _("You can only reply to a visible comment of this consultation."), code="parent"
            )
        parent = parent.parent or parent  # replies stay one level deep
    comment = Comment(consultation=consultation, author=author, body=body, parent=parent)
    _hold_if_needed(comment, author=author, texts=[body], pre_moderated=consultation.pre_moderated)
    # The consultation, the author and the parent were loaded in this request (full_clean would read
    # each again to see that it exists), and the one check constraint — a comment belongs to exactly
    # one consultation, article or debate — holds by construction here; the database enforces both.
    comment.full_clean(exclude=["consultation", "author", "parent"], validate_constraints=False)
    comment.save()
    return comment


@transaction.atomic
def comment_edit(*, comment: Comment, user, body: str) -> Comment:
    _require_writer(user)
    if comment.author_id != user.pk:
        raise ValidationError(_("You can only edit your own comments."), code="permission")
    _require_thread_open(comment)
    window = timedelta(minutes=settings.COMMENT_EDIT_WINDOW_MINUTES)
    if timezone.now() - comment.created_at > window:
        raise ValidationError(
            _("Comments can be edited for %(minutes)d minutes after posting.")
            % {"minutes": settings.COMMENT_EDIT_WINDOW_MINUTES},
            code="edit_window",
        )
    comment.body = _plain_text(body, field="body", max_length=COMMENT_MAX)
    comment.edited_at = timezone.now()
    comment.full_clean()
    comment.save(update_fields=["body", "edited_at", "updated_at"])
    return comment


@transaction.atomic
def blog_comment_create(*, post, author, body: str, parent: Comment | None = None) -> Comment:
    """A comment on a blog article: the same rules, moderation and flags as on a consultation."""
    _require_writer(author)
    _require_article_open(post)
    body = _plain_text(body, field="body", max_length=COMMENT_MAX)
    if parent is not None:
        if parent.blog_post_id != post.pk or parent.is_hidden:
            raise ValidationError(
                _("You can only reply to a visible comment of this article."), code="parent"
            )
        parent = parent.parent or parent  # replies stay one level deep
    comment = Comment(blog_post=post, author=author, body=body, parent=parent)
    _hold_if_needed(comment, author=author, texts=[body])
    comment.full_clean()
    comment.save()
    return comment


def comment_flag(*, comment: Comment, user, reason: str) -> CommentFlag:
    _require_participant(user)
    if comment.author_id == user.pk:
        raise ValidationError(_("You cannot flag your own comment."), code="own")
    if reason not in CommentFlag.Reason.values:
        raise ValidationError({"reason": _("Choose a reason from the list.")}, code="reason")
    try:
        with transaction.atomic():
            return CommentFlag.objects.create(comment=comment, user=user, reason=reason)
    except IntegrityError:
        raise ValidationError(_("You have already flagged this comment."), code="duplicate") from None


def comment_react(*, comment: Comment, user, value: int | None) -> CommentReaction | None:
    """Mark a comment agree (1) or disagree (-1), change the mark, or withdraw it (None).

    One mark per person and comment: the unique constraint decides between concurrent first marks;
    the loser updates the winner's row, so the last mark a person chose is the one kept.
    """
    _require_writer(user)
    if value not in (None, *CommentReaction.Value.values):
        raise ValidationError(_("Choose agree or disagree."), code="value")
    if comment.is_hidden:
        raise ValidationError(_("This comment is not available."), code="hidden")
    if comment.author_id == user.pk:
        raise ValidationError(_("You cannot mark your own comment."), code="own")
    _require_thread_open(comment)
    if comment.consultation_id:
        _require_allowed(comment.consultation, user)
    reaction = None
    with transaction.atomic():
        mine = CommentReaction.objects.filter(comment=comment, user=user)
        if value is None:
            mine.delete()
        elif not mine.update(value=value, updated_at=timezone.now()):
            try:
                with transaction.atomic():
                    reaction = CommentReaction.objects.create(comment=comment, user=user, value=value)
            except IntegrityError:  # a concurrent first mark by the same person won: change it
                mine.update(value=value, updated_at=timezone.now())
        reaction = reaction or mine.first()
    page_cache.bump(comment.consultation_id, "thread")
    return reaction


def vote_cast(*, poll: Poll, user, option_ids: list[int]) -> Vote | None:
    """Record or change a person's vote on one question. The unique constraint keeps it to one.

    On PostgreSQL one round trip does it: an upsert on the (question, person) constraint, which also
    locks that one ballot so the same person's concurrent changes apply one after the other, then
    the choices replaced — two statements sent together, which PostgreSQL runs as one transaction.
    No shared row is written, so voters never wait for each other, and the tallies are counted from
    the choices themselves. The same choice again writes nothing (`poll.current_choices`, read with
    the question by `selectors.poll_for_vote`); then None is returned.
    """
    _require_participant(user)
    _require_open(poll.consultation)
    _require_allowed(poll.consultation, user)
    chosen = {int(pk) for pk in option_ids if str(pk).isdigit()}
    if not chosen or len(chosen) != len(option_ids):
        raise ValidationError(_("Choose an option before voting."), code="empty")
    options = getattr(poll, "option_ids", None)  # loaded with the poll by selectors.poll_for_vote
    if options is None:
        options = set(PollOption.objects.filter(poll=poll, pk__in=chosen).values_list("pk", flat=True))
    if not chosen <= options:
        raise ValidationError(_("That option does not belong to this question."), code="foreign_option")
    if poll.kind == Poll.Kind.SINGLE and len(chosen) > 1:
        raise ValidationError(_("This question takes one answer only."), code="single")
    if getattr(poll, "current_choices", None) == chosen:
        return None  # already the person's vote, as read a moment ago: nothing to write
    if connection.vendor == "postgresql":
        vote, new_ballot = _vote_upsert(poll=poll, user=user, chosen=sorted(chosen))
    else:
        with transaction.atomic():
            vote, new_ballot = _vote_orm(poll=poll, user=user, chosen=chosen)
    page_cache.bump(poll.consultation_id, "polls")
    if new_ballot:  # the list counts ballots: a changed vote leaves it as it is
        page_cache.list_bump()
    return vote


# Sent as one query string: PostgreSQL runs the statements of one simple query as one transaction,
# each with a fresh snapshot (READ COMMITTED). The upsert locks the ballot; the second statement
# starts after it, so it sees the choices a concurrent change by the same person committed.
VOTE_UPSERT_SQL = (
    "INSERT INTO consultations_vote (poll_id, user_id, created_at, updated_at) "
    "VALUES (%(poll)s, %(user)s, now(), now()) "
    "ON CONFLICT (poll_id, user_id) DO UPDATE SET updated_at = EXCLUDED.updated_at; "
    "WITH ballot AS (SELECT id, xmax FROM consultations_vote WHERE poll_id = %(poll)s AND user_id = %(user)s), "
    "gone AS (DELETE FROM consultations_votechoice "
    "WHERE vote_id = (SELECT id FROM ballot) AND NOT option_id = ANY(%(chosen)s)), "
    "added AS (INSERT INTO consultations_votechoice (vote_id, option_id) "
    "SELECT ballot.id, unnest(%(chosen)s::bigint[]) FROM ballot ON CONFLICT (vote_id, option_id) DO NOTHING) "
    "SELECT id, xmax = 0 FROM ballot"
)


def _vote_upsert(*, poll: Poll, user, chosen: list[int]) -> tuple[Vote, bool]:
    """The ballot and its choices; True when the ballot is new (`xmax = 0`: inserted; a ballot the
    conflict clause updated carries this transaction's lock in `xmax`)."""
    with connection.cursor() as cursor:
        cursor.execute(VOTE_UPSERT_SQL, {"poll": poll.pk, "user": user.pk, "chosen": chosen})
        vote_id, inserted = cursor.fetchone()
    return Vote(pk=vote_id, poll=poll, user=user), inserted


def _vote_orm(*, poll: Poll, user, chosen: set[int]) -> tuple[Vote, bool]:
    """The same for SQLite (the embedded default), where the row lock is the database lock."""
    vote, created = Vote.objects.get_or_create(poll=poll, user=user)
    vote = Vote.objects.select_for_update().get(pk=vote.pk)
    existing = set(vote.choices.values_list("option_id", flat=True))
    if existing != chosen:
        vote.choices.exclude(option_id__in=chosen).delete()
        VoteChoice.objects.bulk_create(
            [VoteChoice(vote=vote, option_id=pk) for pk in chosen - existing], ignore_conflicts=True
        )
        vote.save(update_fields=["updated_at"])
    return vote, created


@transaction.atomic
def idea_create(*, consultation: Consultation, author, title: str, body: str) -> Idea:
    _require_writer(author)
    _require_open(consultation)
    _require_allowed(consultation, author)
    idea = Idea(
        consultation=consultation,
        author=author,
        title=_plain_text(title, field="title", max_length=IDEA_TITLE_MAX, min_length=3),
        body=_plain_text(body, field="body", max_length=IDEA_BODY_MAX),
    )
    _hold_if_needed(
        idea, author=author, texts=[idea.title, idea.body], pre_moderated=consultation.pre_moderated
    )
    idea.full_clean()
    idea.save()
    return idea


def idea_support(*, idea: Idea, user) -> IdeaSupport:
    _require_participant(user)
    _require_open(idea.consultation)
    _require_allowed(idea.consultation, user)
    if idea.is_hidden:
        raise ValidationError(_("This idea is not available."), code="hidden")
    if idea.author_id == user.pk:
        raise ValidationError(_("You cannot support your own idea."), code="own")
    try:
        with transaction.atomic():
            return IdeaSupport.objects.create(idea=idea, user=user)
    except IntegrityError:
        raise ValidationError(_("You already support this idea."), code="duplicate") from None


def consultation_follow(*, consultation: Consultation, user, follow: bool = True) -> bool:
    """Follow or unfollow; returns whether the person now follows. Safe to repeat."""
    _require_participant(user)
    if follow:
        Follow.objects.get_or_create(consultation=consultation, user=user)
    else:
        Follow.objects.filter(consultation=consultation, user=user).delete()
    return follow


@transaction.atomic
def idea_answer(
    *,
    idea: Idea,
    user,
    state: str,
    answer_ar: str = "",
    answer_en: str = "",
    consultation: Consultation | None = None,
) -> Idea:
    """The entity's official answer to an idea: under review, accepted (with what follows), or not
    adopted (with the reason). The author is told once per state."""
    from django.core.exceptions import PermissionDenied
    from django.utils import translation

    from sharik.accounts.services import notification_send

    if user is None or not user.has_perm("consultations.change_idea", idea):
        raise PermissionDenied(_("You do not act for this consultation's entity."))
    if state not in Idea.State.values:
        raise ValidationError({"state": _("Choose a state from the list.")}, code="state")
    answer_ar = (answer_ar or "").strip()
    if state in (Idea.State.ACCEPTED, Idea.State.NOT_ADOPTED) and not answer_ar:
        raise ValidationError(
            {"answer_ar": _("Say in Arabic what follows from the idea, or why it is not adopted.")},
            code="answer",
        )
    if consultation is not None and consultation.entity_id != idea.consultation.entity_id:
        raise ValidationError({"answer_consultation": _("Link a consultation of the same entity.")})
    idea = Idea.objects.select_for_update().select_related("author", "consultation").get(pk=idea.pk)
    changed = idea.state != state
    idea.state = state
    idea.answer_ar = answer_ar
    idea.answer_en = (answer_en or "").strip()
    idea.answer_consultation = consultation
    if state != Idea.State.SUBMITTED:
        idea.answered_at = idea.answered_at or timezone.now()
    idea.full_clean()
    idea.save()
    if changed and state != Idea.State.SUBMITTED:
        author = idea.author
        with translation.override(author.preferred_language):
            notification_send(
                user=author,
                key=f"idea-answer-{idea.pk}-{state}",
                title=_("Your idea “%(title)s”: %(state)s")
                % {"title": idea.title, "state": Idea.State(state).label},
                body=idea.answer or answer_ar,
                url=idea.get_absolute_url(),
            )
    return idea
