"""Writes on draft documents: versions, paragraph comments and their support, answers, co-drafting.

Citizens' writes reuse the guards of `services.contributions` (logged in, consultation open, the
plan's "who may take part"); "once per person" rules rest on unique constraints. Coordinators'
writes check the object permission against the consultation's entity.
"""

import difflib
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    Amendment,
    AmendmentReaction,
    CommentFlag,
    Consultation,
    Draft,
    DraftInvitation,
    DraftParagraph,
    DraftVersion,
    ParagraphComment,
    ParagraphCommentFlag,
    ParagraphCommentSupport,
)
from .contributions import (
    COMMENT_MAX,
    _plain_text,
    _require_allowed,
    _require_open,
    _require_participant,
    _require_writer,
)

AMENDMENT_MAX = 4000
HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(?P<title>.+?)\s*#*\s*$")
LANGS = ("ar", "en")


def _require_perm(user, perm: str, obj) -> None:
    if user is not None and not user.has_perm(perm, obj):
        raise PermissionDenied(_("You do not act for this consultation's entity."))


# --- Text → paragraphs ----------------------------------------------------------------------------


def paragraphs_from_text(text: str) -> list[dict]:
    """Plain text or Markdown → [{"heading", "text"}]: blank lines split paragraphs, `#` lines head sections.

    A heading applies to the paragraph that follows it (the start of a section).
    """
    result: list[dict] = []
    heading = ""
    for block in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n")):
        lines = [line for line in block.strip().split("\n") if line.strip()]
        body: list[str] = []
        for line in lines:
            match = HEADING.match(line)
            if match:
                if body:
                    result.append({"heading": heading, "text": " ".join(body)})
                    body, heading = [], ""
                heading = match["title"]
            else:
                body.append(line.strip())
        if body:
            result.append({"heading": heading, "text": " ".join(body)})
            heading = ""
    return result


def _bilingual(text_ar: str, text_en: str) -> list[dict]:
    """Arabic and English texts paired paragraph by paragraph (Arabic is the source of truth)."""
    ar = paragraphs_from_text(text_ar)
    en = paragraphs_from_text(text_en)
    if not ar:
        raise ValidationError(
            {"text_ar": _("The draft needs at least one paragraph in Arabic.")}, code="empty"
        )
    if en and len(en) != len(ar):
        raise ValidationError(
            {
                "text_en": _("The English text has %(en)d paragraphs and the Arabic %(ar)d: they must match.")
                % {"en": len(en), "ar": len(ar)}
            },
            code="mismatch",
        )
    rows = []
    for i, item in enumerate(ar):
        other = en[i] if en else {"heading": "", "text": ""}
        rows.append(
            {
                "heading_ar": item["heading"],
                "heading_en": other["heading"],
                "text_ar": item["text"],
                "text_en": other["text"],
            }
        )
    return rows


def _assign_keys(previous: DraftVersion | None, rows: list[dict]) -> None:
    """Keep each paragraph's key when it survives (same or edited text); new paragraphs get new keys."""
    if previous is None:
        for i, row in enumerate(rows, start=1):
            row.setdefault("key", f"p{i}")
        return
    old = list(previous.paragraphs.order_by("order"))
    used = {row["key"] for row in rows if row.get("key")}
    matcher = difflib.SequenceMatcher(
        a=[p.text_ar for p in old], b=[row["text_ar"] for row in rows], autojunk=False
    )
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op in ("equal", "replace"):
            for offset in range(min(a2 - a1, b2 - b1)):
                row = rows[b1 + offset]
                if not row.get("key") and old[a1 + offset].key not in used:
                    row["key"] = old[a1 + offset].key
                    used.add(row["key"])
    numbers = [int(k[1:]) for k in {*used, *(p.key for p in old)} if k[1:].isdigit()]
    following = max(numbers, default=0) + 1
    for row in rows:
        if not row.get("key"):
            row["key"] = f"p{following}"
            following += 1


# --- Drafts and versions (coordinators) -----------------------------------------------------------


@transaction.atomic
def draft_version_publish(*, draft: Draft, user, paragraphs: list[dict], note: str = "") -> DraftVersion:
    """Publish the next version of a draft; earlier versions (and their comments) stay as they were."""
    _require_perm(user, "consultations.change_draft", draft)
    draft = Draft.objects.select_for_update().get(pk=draft.pk)  # one version number at a time
    previous = draft.versions.order_by("-number").first()
    rows = [dict(row) for row in paragraphs]
    if not rows:
        raise ValidationError(_("The draft needs at least one paragraph in Arabic."), code="empty")
    _assign_keys(previous, rows)
    number = (draft.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = DraftVersion(draft=draft, number=number, note=note[:500], created_by=user)
    version.full_clean()
    version.save()
    for order, row in enumerate(rows, start=1):
        paragraph = DraftParagraph(
            version=version,
            order=order,
            key=row["key"],
            heading_ar=row.get("heading_ar", ""),
            heading_en=row.get("heading_en", ""),
            text_ar=row["text_ar"],
            text_en=row.get("text_en", ""),
        )
        paragraph.full_clean()
        paragraph.save()
    return version


def draft_version_publish_text(
    *, draft: Draft, user, text_ar: str, text_en: str = "", note: str = ""
) -> DraftVersion:
    """Publish a version written (or uploaded) as plain text / Markdown in one or both languages."""
    return draft_version_publish(draft=draft, user=user, paragraphs=_bilingual(text_ar, text_en), note=note)


@transaction.atomic
def draft_create(
    *,
    consultation: Consultation,
    user,
    title_ar: str,
    text_ar: str,
    title_en: str = "",
    text_en: str = "",
    co_drafting: bool = False,
) -> Draft:
    """A new draft document with its first version."""
    _require_perm(user, "consultations.add_draft", consultation)
    draft = Draft(
        consultation=consultation,
        title_ar=title_ar,
        title_en=title_en,
        co_drafting=co_drafting,
        order=consultation.drafts.count(),
    )
    draft.full_clean()
    draft.save()
    draft_version_publish_text(draft=draft, user=user, text_ar=text_ar, text_en=text_en)
    return draft


@transaction.atomic
def paragraph_answer(
    *, paragraph: DraftParagraph, user, answer_ar: str, answer_en: str = ""
) -> DraftParagraph:
    """The coordinator's answer to what was said on one paragraph."""
    _require_perm(user, "consultations.change_draftparagraph", paragraph)
    paragraph.answer_ar = _plain_text(answer_ar, field="answer_ar", max_length=COMMENT_MAX)
    paragraph.answer_en = (answer_en or "").strip()
    paragraph.answered_by = user
    paragraph.answered_at = timezone.now()
    paragraph.full_clean()
    paragraph.save(update_fields=["answer_ar", "answer_en", "answered_by", "answered_at"])
    return paragraph


# --- The diff between two versions ---------------------------------------------------------------


def _word_diff(old: str, new: str) -> list[tuple[str, str]]:
    a, b = old.split(), new.split()
    parts: list[tuple[str, str]] = []
    for op, a1, a2, b1, b2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(("equal", " ".join(a[a1:a2])))
            continue
        if a2 > a1:
            parts.append(("delete", " ".join(a[a1:a2])))
        if b2 > b1:
            parts.append(("insert", " ".join(b[b1:b2])))
    return parts


def version_diff(old: DraftVersion, new: DraftVersion, *, language: str = "ar") -> list[dict]:
    """Paragraph by paragraph: unchanged, changed (with word-level parts), added or removed."""
    field = f"text_{language}" if language in LANGS else "text_ar"
    a = list(old.paragraphs.order_by("order"))
    b = list(new.paragraphs.order_by("order"))
    text = lambda p: getattr(p, field) or p.text_ar  # noqa: E731
    rows: list[dict] = []
    matcher = difflib.SequenceMatcher(a=[text(p) for p in a], b=[text(p) for p in b], autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            rows += [{"op": "equal", "old": a[a1 + i], "new": b[b1 + i], "parts": []} for i in range(a2 - a1)]
            continue
        olds, news = a[a1:a2], b[b1:b2]
        for i in range(max(len(olds), len(news))):
            p_old = olds[i] if i < len(olds) else None
            p_new = news[i] if i < len(news) else None
            if p_old and p_new:
                rows.append(
                    {
                        "op": "changed",
                        "old": p_old,
                        "new": p_new,
                        "parts": _word_diff(text(p_old), text(p_new)),
                    }
                )
            elif p_new:
                rows.append({"op": "added", "old": None, "new": p_new, "parts": [("insert", text(p_new))]})
            else:
                rows.append({"op": "removed", "old": p_old, "new": None, "parts": [("delete", text(p_old))]})
    return rows


# --- Citizens: paragraph comments and support -----------------------------------------------------


def _require_current(paragraph: DraftParagraph) -> None:
    latest = paragraph.version.draft.versions.aggregate(n=Max("number"))["n"]
    if paragraph.version.number != latest:
        raise ValidationError(
            _("This version of the draft has been replaced: please comment on the current version."),
            code="old_version",
        )


@transaction.atomic
def paragraph_comment_create(*, paragraph: DraftParagraph, author, body: str) -> ParagraphComment:
    consultation = paragraph.version.draft.consultation
    _require_writer(author)
    _require_open(consultation)
    _require_allowed(consultation, author)
    _require_current(paragraph)
    comment = ParagraphComment(
        paragraph=paragraph, author=author, body=_plain_text(body, field="body", max_length=COMMENT_MAX)
    )
    comment.full_clean()
    comment.save()
    return comment


def paragraph_comment_support(*, comment: ParagraphComment, user) -> ParagraphCommentSupport:
    consultation = comment.paragraph.version.draft.consultation
    _require_participant(user)
    _require_open(consultation)
    _require_allowed(consultation, user)
    if comment.is_hidden:
        raise ValidationError(_("This comment is not available."), code="hidden")
    if comment.author_id == user.pk:
        raise ValidationError(_("You cannot support your own comment."), code="own")
    try:
        with transaction.atomic():
            return ParagraphCommentSupport.objects.create(comment=comment, user=user)
    except IntegrityError:
        raise ValidationError(_("You already support this comment."), code="duplicate") from None


def paragraph_comment_flag(*, comment: ParagraphComment, user, reason: str) -> ParagraphCommentFlag:
    """Ask a moderator to look at a paragraph comment: once per person, as for other comments."""
    _require_participant(user)
    if comment.is_hidden:
        raise ValidationError(_("This comment is not available."), code="hidden")
    if comment.author_id == user.pk:
        raise ValidationError(_("You cannot flag your own comment."), code="own")
    if reason not in CommentFlag.Reason.values:
        raise ValidationError({"reason": _("Choose a reason from the list.")}, code="reason")
    try:
        with transaction.atomic():
            return ParagraphCommentFlag.objects.create(comment=comment, user=user, reason=reason)
    except IntegrityError:
        raise ValidationError(_("You have already flagged this comment."), code="duplicate") from None


# --- Co-drafting ----------------------------------------------------------------------------------


@transaction.atomic
def draft_invite(*, draft: Draft, user, person, group: str, organisation: str = "") -> DraftInvitation:
    """Invite a stakeholder (an existing user) to propose amendments; inviting twice changes nothing."""
    _require_perm(user, "consultations.add_draftinvitation", draft)
    invitation, _created = DraftInvitation.objects.get_or_create(
        draft=draft, user=person, defaults={"group": group, "organisation": organisation}
    )
    invitation.full_clean()
    return invitation


@transaction.atomic
def amendment_propose(
    *, paragraph: DraftParagraph, author, proposed_text: str, rationale: str = "", language: str = "ar"
) -> Amendment:
    draft = paragraph.version.draft
    _require_writer(author)
    _require_open(draft.consultation)
    if not draft.co_drafting:
        raise ValidationError(_("This draft is not open to amendments."), code="no_codrafting")
    if not DraftInvitation.objects.filter(draft=draft, user=author).exists():
        raise ValidationError(
            _("Only invited stakeholders may propose amendments to this draft."), code="not_invited"
        )
    _require_current(paragraph)
    if language not in LANGS:
        raise ValidationError({"language": _("Choose Arabic or English.")}, code="language")
    text = _plain_text(proposed_text, field="proposed_text", max_length=AMENDMENT_MAX)
    if text == (getattr(paragraph, f"text_{language}") or "").strip():
        raise ValidationError(
            {"proposed_text": _("The proposed text is the same as the paragraph.")}, code="same"
        )
    amendment = Amendment(
        paragraph=paragraph,
        author=author,
        language=language,
        proposed_text=text,
        rationale=(rationale or "").strip()[:2000],
    )
    amendment.full_clean()
    amendment.save()
    return amendment


def amendment_react(*, amendment: Amendment, user, kind: str) -> AmendmentReaction:
    """Support or object to an amendment, once per person."""
    consultation = amendment.paragraph.version.draft.consultation
    _require_participant(user)
    _require_open(consultation)
    _require_allowed(consultation, user)
    if kind not in AmendmentReaction.Kind.values:
        raise ValidationError(_("Choose to support or to object."), code="kind")
    if amendment.is_hidden:
        raise ValidationError(_("This amendment is not available."), code="hidden")
    if amendment.status != Amendment.Status.PENDING:
        raise ValidationError(_("This amendment has already been decided."), code="decided")
    if amendment.author_id == user.pk:
        raise ValidationError(_("You cannot react to your own amendment."), code="own")
    try:
        with transaction.atomic():
            return AmendmentReaction.objects.create(amendment=amendment, user=user, kind=kind)
    except IntegrityError:
        raise ValidationError(
            _("You have already given your view on this amendment."), code="duplicate"
        ) from None


@transaction.atomic
def amendment_decide(*, amendment: Amendment, user, accept: bool, reason: str) -> Amendment:
    """Accept or reject with a reason; an accepted amendment produces the draft's next version."""
    _require_perm(user, "consultations.change_amendment", amendment)
    # Lock the amendment row only (`of=self`: a plain FOR UPDATE would also lock the joined paragraph,
    # version and draft rows by accident); the draft is locked explicitly below, when accepting.
    amendment = (
        Amendment.objects.select_for_update(of=("self",))
        .select_related("paragraph__version__draft")
        .get(pk=amendment.pk)
    )
    if amendment.status != Amendment.Status.PENDING:
        raise ValidationError(_("This amendment has already been decided."), code="decided")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"decision_reason": _("Give the reason for the decision.")}, code="reason")
    amendment.status = Amendment.Status.ACCEPTED if accept else Amendment.Status.REJECTED
    amendment.decision_reason = reason
    amendment.decided_by = user
    amendment.decided_at = timezone.now()
    if accept and amendment.is_hidden:
        raise ValidationError(
            _("A moderator hid this amendment: restore it before accepting it."), code="hidden"
        )
    if accept:
        # Lock the draft before reading its current version: two acceptances at once build on each other.
        draft = Draft.objects.select_for_update().get(pk=amendment.paragraph.version.draft_id)
        current = draft.versions.order_by("-number").first()
        rows = []
        found = False
        for p in current.paragraphs.order_by("order"):
            row = {
                "key": p.key,
                "heading_ar": p.heading_ar or "",
                "heading_en": p.heading_en or "",
                "text_ar": p.text_ar,
                "text_en": p.text_en or "",
            }
            if p.key == amendment.paragraph.key:
                row[f"text_{amendment.language}"] = amendment.proposed_text
                found = True
            rows.append(row)
        if not found:
            raise ValidationError(
                _("The paragraph this amendment changes is no longer in the draft."), code="gone"
            )
        note = _("Amendment accepted: %(text)s") % {"text": amendment.proposed_text[:120]}
        amendment.applied_in = draft_version_publish(draft=draft, user=user, paragraphs=rows, note=note)
    amendment.full_clean()
    amendment.save()
    return amendment
