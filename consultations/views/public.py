"""Public pages of consultations: the home page, the list, the detail page and contributions."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from governance.models import Entity
from sharik.core.private_files import private_file_link

from .. import page_cache, selectors, selectors_reach, services
from ..forms import CommentForm, ConsultationFilterForm, FlagForm
from ..lifecycle_rules import participation_note
from ..models import Comment, Consultation, Idea
from ..phases import Phase, Status
from ..search import consultation_search


def _fail(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def HELD_MESSAGE() -> str:  # noqa: N802 - a message, named like one
    return _(
        "Thank you: your contribution is awaiting a moderator's review. It will be published once approved, "
        "and you will be told."
    )


REFUSAL_SESSION_KEY = "consultation_refusal"


def _refuse(request, consultation, *, form: str, error: ValidationError | str, kept: dict | None = None):
    """Back to the form that was refused, its message beside it and what the person typed kept.

    The message travels in the session (not the page-top messages, which are off-screen at the
    form's anchor) and is shown once, by the next rendering of the consultation page.
    """
    texts = error.messages if isinstance(error, ValidationError) else [str(error)]
    request.session[REFUSAL_SESSION_KEY] = {
        "consultation": consultation.pk,
        "form": form,
        "messages": [str(text) for text in texts],
        "kept": kept or {},
    }
    return redirect(consultation.get_absolute_url() + f"#{form}")


def _pop_refusal(request, consultation) -> dict | None:
    if not hasattr(request, "session") or REFUSAL_SESSION_KEY not in request.session:
        return None
    refusal = request.session.pop(REFUSAL_SESSION_KEY)
    return refusal if refusal.get("consultation") == consultation.pk else None


@require_GET
def home(request):
    public = Consultation.objects.public().select_related("entity").annotate_counts()
    context = {
        "open_consultations": public.open_now().order_by("closes_at")[:6],
        "decided_consultations": public.with_status(Status.DECIDED).order_by("-decided_at")[:6],
        "entities": Entity.objects.active().order_by("name")[:24],
    }
    return render(request, "consultations/home.html", context)


LIST_PARAMETERS = {"q", "entity", "sector", "status", "level", "page"}


@require_GET
def consultation_list(request):
    """The list with its filters: the same for everyone, so its HTML comes from the page cache
    (page_cache.list_page) unless the query carries something the form does not know."""
    form = ConsultationFilterForm(request.GET or None)

    def render_body() -> str:
        return render_to_string("consultations/_list_body.html", _list_context(request, form))

    def render_page(body, csrf_token=None, user_menu=None) -> str:
        context = {"body": body, "user_menu_placeholder": user_menu}
        if csrf_token:
            context["csrf_token"] = csrf_token
        return render_to_string("consultations/list.html", context, request=request)

    known = (
        set(request.GET) <= LIST_PARAMETERS
        and all(len(values) == 1 for _, values in request.GET.lists())
        and re.fullmatch(r"\d{1,5}", request.GET.get("page", "1"))
    )  # anything else is rendered, not cached: no cache entry per made-up query
    if not known or (request.GET and not form.is_valid()):
        return HttpResponse(render_page(render_body()))
    filters = urlencode(sorted(request.GET.items()))
    return HttpResponse(page_cache.list_page(request, filters, render_body, render_page))


def _list_context(request, form) -> dict:
    qs = Consultation.objects.public().select_related("entity").annotate_counts()
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            qs = consultation_search(qs, data["q"])
        if data["entity"]:
            qs = qs.filter(entity__slug=data["entity"])
        if data["sector"]:
            qs = qs.filter(sector=data["sector"])
        if data["status"]:
            qs = qs.with_status(data["status"])
        if data["level"]:
            qs = qs.filter(un_level=data["level"])
    page = Paginator(qs.order_by("-opens_at", "-pk"), 12).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "entities": Entity.objects.active().order_by("name"),
    }


@require_GET
@require_GET
def document_download(request, pk: int, document_pk: int):
    """An attached document of a consultation the person may see, through a short-lived signed link.

    The page links here (a stable address, fit for the page cache); a draft consultation's documents
    are for its staff only, and the link they get is bound to them (sharik/core/private_files.py).
    """
    consultation = selectors.consultation_visible(user=request.user, pk=pk)
    document = get_object_or_404(consultation.documents, pk=document_pk)
    owner = None if consultation.is_public else request.user
    response = HttpResponseRedirect(private_file_link(name=document.file.name, user=owner))
    response["Cache-Control"] = "private, no-store"
    return response


def consultation_detail(request, pk: int):
    consultation = selectors.consultation_visible(user=request.user, pk=pk)
    request.visit_entity_id = consultation.entity_id  # for the visit counter (analytics.middleware)

    def render_page(csrf_token=None) -> str:
        context = _detail_context(request, consultation)
        if csrf_token:
            context["csrf_token"] = csrf_token
        return render_to_string("consultations/detail.html", context, request=request)

    html = page_cache.anonymous_page(request, consultation, render_page)
    return HttpResponse(html if html is not None else render_page())


def _detail_context(request, consultation) -> dict:
    is_open = consultation.accepts_contributions()
    refusal = _pop_refusal(request, consultation)
    participation = participation_note(consultation, request.user) if is_open else None
    blocked = bool(participation and participation["refusal"] and request.user.is_authenticated)
    sort = _comment_sort(request)
    comments_html, comment_count = page_cache.comments_fragment(
        request=request, consultation=consultation, page=1, is_open=is_open, refusal=refusal, sort=sort
    )
    return {
        "consultation": consultation,
        "is_open": is_open,
        "refusal": refusal,
        "participation": participation,
        "blocked": blocked,
        "info_generation": "{global}-{info}-{thread}".format(
            **page_cache.request_generations(request, consultation.pk)
        ),
        "comments_html": comments_html,
        "comment_count": comment_count,
        "comment_sort": sort,
        "polls_html": page_cache.polls_fragment(
            request=request, consultation=consultation, is_open=is_open, refusal=refusal, blocked=blocked
        ),
        "ideas_html": page_cache.ideas_fragment(
            request=request, consultation=consultation, is_open=is_open, refusal=refusal
        ),
        "documents": consultation.documents.all(),
        "origin_debates": consultation.debates.filter(is_hidden=False),  # lazy: read only on a cache miss
        "comment_form": CommentForm(),
        "flag_form": FlagForm(),
        "phases": Phase.choices,
        **_follows(request, consultation),
    }


def _follows(request, consultation) -> dict:
    """The person's follows of the consultation, its entity and its sector: one query for the three."""
    page_follows = selectors_reach.follows_on_consultation_page(request.user, consultation)
    return {"follows": page_follows[("consultation", consultation.pk)], "page_follows": page_follows}


@require_GET
def comment_page(request, pk: int):
    """The next page of comments, loaded on demand (htmx) or as a plain page without JavaScript."""
    consultation = selectors.consultation_visible(user=request.user, pk=pk)
    html, _count = page_cache.comments_fragment(
        request=request,
        consultation=consultation,
        page=request.GET.get("page", 1),
        is_open=consultation.accepts_contributions(),
        sort=_comment_sort(request),
    )
    return HttpResponse(html)


def _comment_sort(request) -> str:
    sort = request.GET.get("sort", "recent")
    return sort if sort in selectors.COMMENT_SORTS else "recent"


REACTION_VALUES = {"agree": 1, "disagree": -1, "none": None}


@login_required
@require_POST
def comment_react(request, comment_pk: int):
    """Agree, disagree or withdraw the mark, on a visible comment of any thread (consultation, article, debate)."""
    comment = get_object_or_404(
        Comment.objects.select_related("consultation", "blog_post", "debate"), pk=comment_pk, is_hidden=False
    )
    if comment.consultation_id:
        selectors.consultation_visible(user=request.user, pk=comment.consultation_id)
    value = request.POST.get("value", "")
    try:
        if value not in REACTION_VALUES:
            raise ValidationError(_("Choose agree or disagree."))
        services.comment_react(comment=comment, user=request.user, value=REACTION_VALUES[value])
    except ValidationError as error:
        _fail(request, error)
    else:
        if value == "none":
            messages.success(request, _("Your mark is withdrawn."))
        else:
            messages.success(request, _("Your mark is recorded. You can change it at any time."))
    return redirect(comment.get_absolute_url())


@login_required
@require_POST
def comment_create(request, pk: int):
    consultation = selectors.consultation_for_contribution(user=request.user, pk=pk)
    parent = None
    if request.POST.get("parent"):
        parent = Comment.objects.filter(pk=request.POST["parent"], consultation=consultation).first()
        if parent is None:
            messages.error(request, _("You can only reply to a visible comment of this consultation."))
            return redirect(consultation.get_absolute_url() + "#comments")
    body = request.POST.get("body", "")
    try:
        comment = services.comment_create(
            consultation=consultation, author=request.user, body=body, parent=parent
        )
    except ValidationError as error:
        form = f"reply-form-{parent.pk}" if parent else "comment-form"
        return _refuse(request, consultation, form=form, error=error, kept={"body": body})
    if comment.held_for_review:
        messages.info(request, HELD_MESSAGE())
        return redirect(consultation.get_absolute_url() + "#comments")
    messages.success(request, _("Thank you: your comment is published."))
    return redirect(consultation.get_absolute_url() + f"#comment-{comment.pk}")


@login_required
@require_POST
def comment_edit(request, pk: int, comment_pk: int):
    consultation = selectors.consultation_visible(user=request.user, pk=pk)
    comment = get_object_or_404(Comment, pk=comment_pk, consultation=consultation, is_hidden=False)
    try:
        services.comment_edit(comment=comment, user=request.user, body=request.POST.get("body", ""))
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(request, _("Your comment was updated."))
    return redirect(consultation.get_absolute_url() + f"#comment-{comment.pk}")


@login_required
@require_POST
def comment_flag(request, pk: int, comment_pk: int):
    consultation = selectors.consultation_visible(user=request.user, pk=pk)
    comment = get_object_or_404(Comment, pk=comment_pk, consultation=consultation, is_hidden=False)
    try:
        services.comment_flag(comment=comment, user=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        _fail(request, error)
    else:
        messages.success(request, _("Thank you: a moderator will review this comment."))
    return redirect(consultation.get_absolute_url() + f"#comment-{comment.pk}")


@login_required
@require_POST
def vote(request, pk: int, poll_pk: int):
    poll = selectors.poll_for_vote(user=request.user, consultation_pk=pk, poll_pk=poll_pk)
    consultation = poll.consultation
    chosen = request.POST.getlist("option")
    try:
        services.vote_cast(poll=poll, user=request.user, option_ids=chosen)
    except ValidationError as error:
        return _refuse(request, consultation, form=f"poll-{poll.pk}", error=error, kept={"options": chosen})
    else:
        messages.success(
            request, _("Your vote is recorded. You can change it until the consultation closes.")
        )
    return redirect(consultation.get_absolute_url() + f"#poll-{poll.pk}")


@login_required
@require_POST
def idea_create(request, pk: int):
    consultation = selectors.consultation_visible(user=request.user, pk=pk)
    title, body = request.POST.get("title", ""), request.POST.get("body", "")
    try:
        idea = services.idea_create(consultation=consultation, author=request.user, title=title, body=body)
    except ValidationError as error:
        return _refuse(
            request, consultation, form="idea-form", error=error, kept={"title": title, "body": body}
        )
    if idea.held_for_review:
        messages.info(request, HELD_MESSAGE())
        return redirect(consultation.get_absolute_url() + "#idea-form")
    messages.success(request, _("Thank you: your idea is published."))
    return redirect(consultation.get_absolute_url() + f"#idea-{idea.pk}")


@login_required
@require_POST
def idea_support(request, pk: int, idea_pk: int):
    consultation = selectors.consultation_visible(user=request.user, pk=pk)
    idea = get_object_or_404(Idea, pk=idea_pk, consultation=consultation)
    try:
        services.idea_support(idea=idea, user=request.user)
    except ValidationError as error:
        return _refuse(request, consultation, form=f"idea-{idea.pk}", error=error)
    else:
        messages.success(request, _("You support this idea."))
    return redirect(consultation.get_absolute_url() + f"#idea-{idea.pk}")


@login_required
@require_POST
def follow(request, pk: int):
    consultation = selectors.consultation_visible(user=request.user, pk=pk)
    following = request.POST.get("follow", "1") == "1"
    services.consultation_follow(consultation=consultation, user=request.user, follow=following)
    if following:
        messages.success(request, _("You will be told the outcome of this consultation."))
    else:
        messages.success(request, _("You no longer follow this consultation."))
    return redirect(consultation.get_absolute_url())
