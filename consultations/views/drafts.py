"""Public pages of draft documents: paragraphs with comments, co-drafting, version diffs, follow-ups."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from .. import selectors, selectors_drafts
from ..models import Amendment, CommentFlag, Draft, DraftParagraph, DraftVersion, ParagraphComment
from ..services import drafts as services


def _fail(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _draft(request, pk: int, draft_pk: int) -> Draft:
    consultation = selectors.consultation_visible(user=request.user, pk=pk)
    return get_object_or_404(
        Draft.objects.select_related("consultation__entity"), pk=draft_pk, consultation=consultation
    )


def _version_url(draft: Draft, version: DraftVersion, anchor: str = "") -> str:
    return f"{draft.get_absolute_url()}?v={version.number}{anchor}"


@require_GET
def draft_detail(request, pk: int, draft_pk: int):
    draft = _draft(request, pk, draft_pk)
    versions = list(draft.versions.order_by("number"))
    if not versions:
        return redirect(draft.consultation.get_absolute_url())
    current = versions[-1]
    wanted = request.GET.get("v", "")
    version = next((v for v in versions if str(v.number) == wanted), current)
    context = {
        "consultation": draft.consultation,
        "draft": draft,
        "version": version,
        "versions": versions,
        "is_current": version.pk == current.pk,
        "previous": next((v for v in reversed(versions) if v.number < version.number), None),
        "is_open": draft.consultation.accepts_contributions(),
        "flag_reasons": CommentFlag.Reason.choices,
        **selectors_drafts.draft_page(draft=draft, version=version, user=request.user),
    }
    return render(request, "consultations/drafts/detail.html", context)


@require_GET
def draft_diff(request, pk: int, draft_pk: int):
    draft = _draft(request, pk, draft_pk)
    versions = list(draft.versions.order_by("number"))
    by_number = {str(v.number): v for v in versions}
    new = by_number.get(request.GET.get("to", ""), versions[-1] if versions else None)
    old = by_number.get(request.GET.get("from", ""))
    if old is None and new is not None:
        old = next((v for v in reversed(versions) if v.number < new.number), None)
    rows = []
    if old is not None and new is not None:
        language = get_language() if get_language() in ("ar", "en") else "ar"
        rows = services.version_diff(old, new, language=language)
    context = {
        "consultation": draft.consultation,
        "draft": draft,
        "versions": versions,
        "old": old,
        "new": new,
        "rows": rows,
        "changed": sum(1 for row in rows if row["op"] != "equal"),
    }
    return render(request, "consultations/drafts/diff.html", context)


@login_required
@require_POST
def paragraph_comment_create(request, pk: int, draft_pk: int, paragraph_pk: int):
    draft = _draft(request, pk, draft_pk)
    paragraph = get_object_or_404(
        DraftParagraph.objects.select_related("version"), pk=paragraph_pk, version__draft=draft
    )
    try:
        comment = services.paragraph_comment_create(
            paragraph=paragraph, author=request.user, body=request.POST.get("body", "")
        )
    except ValidationError as error:
        _fail(request, error)
        return redirect(_version_url(draft, paragraph.version, f"#para-{paragraph.pk}"))
    messages.success(request, _("Thank you: your comment on this paragraph is published."))
    return redirect(_version_url(draft, paragraph.version, f"#pcomment-{comment.pk}"))


@login_required
@require_POST
def paragraph_comment_support(request, pk: int, draft_pk: int, comment_pk: int):
    draft = _draft(request, pk, draft_pk)
    comment = get_object_or_404(
        ParagraphComment.objects.select_related("paragraph__version"),
        pk=comment_pk,
        paragraph__version__draft=draft,
    )
    try:
        services.paragraph_comment_support(comment=comment, user=request.user)
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(request, _("You support this comment."))
    return redirect(_version_url(draft, comment.paragraph.version, f"#pcomment-{comment.pk}"))


@login_required
@require_POST
def paragraph_comment_flag(request, pk: int, draft_pk: int, comment_pk: int):
    draft = _draft(request, pk, draft_pk)
    comment = get_object_or_404(
        ParagraphComment.objects.select_related("paragraph__version"),
        pk=comment_pk,
        paragraph__version__draft=draft,
        is_hidden=False,
    )
    try:
        services.paragraph_comment_flag(
            comment=comment, user=request.user, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(request, _("Thank you: a moderator will review this comment."))
    return redirect(_version_url(draft, comment.paragraph.version, f"#pcomment-{comment.pk}"))


@login_required
@require_POST
def amendment_propose(request, pk: int, draft_pk: int, paragraph_pk: int):
    draft = _draft(request, pk, draft_pk)
    paragraph = get_object_or_404(
        DraftParagraph.objects.select_related("version"), pk=paragraph_pk, version__draft=draft
    )
    try:
        amendment = services.amendment_propose(
            paragraph=paragraph,
            author=request.user,
            proposed_text=request.POST.get("proposed_text", ""),
            rationale=request.POST.get("rationale", ""),
            language=request.POST.get("language", "ar"),
        )
    except ValidationError as error:
        _fail(request, error)
        return redirect(_version_url(draft, paragraph.version, f"#para-{paragraph.pk}"))
    messages.success(request, _("Thank you: your amendment is published for others to support or object."))
    return redirect(_version_url(draft, paragraph.version, f"#amendment-{amendment.pk}"))


@login_required
@require_POST
def amendment_react(request, pk: int, draft_pk: int, amendment_pk: int):
    draft = _draft(request, pk, draft_pk)
    amendment = get_object_or_404(
        Amendment.objects.select_related("paragraph__version"),
        pk=amendment_pk,
        paragraph__version__draft=draft,
    )
    try:
        services.amendment_react(amendment=amendment, user=request.user, kind=request.POST.get("kind", ""))
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(request, _("Your view on this amendment is recorded."))
    return redirect(_version_url(draft, amendment.paragraph.version, f"#amendment-{amendment.pk}"))


@require_GET
def follow_ups(request, pk: int):
    consultation = selectors.consultation_visible(user=request.user, pk=pk)
    context = {"consultation": consultation, "follow_ups": selectors_drafts.follow_ups_of(consultation)}
    return render(request, "consultations/drafts/follow_ups.html", context)
