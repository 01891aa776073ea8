"""Cached pieces of the consultation detail page, dropped whenever what they show changes.

Each consultation has three generations in the cache: "thread" (comments, replies, moderation),
"polls" (questions, options, votes), "ideas" (ideas and their supporters) and "info" (the timeline, outcome, documents, instruments and
drafts sections, cached with `{% cache %}` in the template); one global generation covers changes that reach every page (a
participant renamed or deleted: their name changes under all their comments). The keys of the
cached pieces contain the generations, so a write that bumps one makes the old pieces unreachable
(they expire on their own). A bump happens at once and again when the transaction commits, so a
reader racing with the write cannot keep the old content under the new generation.

The pieces never hold anything personal: the person's own comments (edit form instead of the
report form) are part of the key, and the CSRF token is a placeholder replaced on every response.
"""

import hashlib
import uuid

from django.core.cache import cache
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.db import transaction
from django.middleware.csrf import get_token
from django.template.loader import get_template, render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from sharik.core.db_router import primary_reads

TTL = 600  # seconds; a safety net only, the generations make pieces stale at once
CSRF_PLACEHOLDER = "csrf-placeholder-0f9a6c2e"
USER_MENU_PLACEHOLDER = "user-menu-placeholder-5b1d07"
GLOBAL = "pc:global"
KEEP_PLACEHOLDER = "_page_cache_keep_csrf_placeholder"  # set while rendering a page to be cached whole
PARTS = ("thread", "polls", "ideas", "info")
LIST = "pc:list"  # the consultation list pages: one generation for all of them


def _gen_key(pk: int, part: str) -> str:
    return f"pc:{pk}:{part}"


def _new() -> str:
    return uuid.uuid4().hex[:12]


def generations(pk: int) -> dict[str, str]:
    """The current generations of a consultation's pieces (one cache round trip when warm)."""
    keys = {"global": GLOBAL, **{part: _gen_key(pk, part) for part in PARTS}}
    found = cache.get_many(keys.values())
    missing = [key for key in keys.values() if key not in found]
    if missing:
        for key in missing:
            cache.add(key, _new(), None)  # add, not set: never overwrite a concurrent bump
        found = cache.get_many(keys.values())
    return {name: found.get(key, "0") for name, key in keys.items()}


def request_generations(request, pk: int) -> dict[str, str]:
    """generations(), read once per request: the page's pieces share one cache round trip."""
    memo = request.__dict__.setdefault("_page_cache_generations", {})
    if pk not in memo:
        memo[pk] = generations(pk)
    return memo[pk]


def bump(pk: int | None, *parts: str) -> None:
    """Make the cached pieces of a consultation stale: now, and again on commit inside a transaction.

    The bump on commit is the one that matters (a reader that saw the old generation cannot store
    pieces under the new one); the bump at once serves readers in the same transaction.
    """

    def renew():
        if pk is None:
            cache.set(GLOBAL, _new(), None)
        else:
            cache.set_many({_gen_key(pk, part): _new() for part in parts}, None)

    _now_and_on_commit(renew)


def _now_and_on_commit(renew) -> None:
    renew()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(renew)


def list_bump() -> None:
    """Make every cached consultation list stale (a consultation, an entity or a count changed)."""
    _now_and_on_commit(lambda: cache.set(LIST, _new(), None))


def list_generation() -> str:
    generation = cache.get(LIST)
    if generation is None:
        cache.add(LIST, _new(), None)  # add, not set: never overwrite a concurrent bump
        generation = cache.get(LIST, "0")
    return generation


def _page_number(page) -> int:
    try:
        return max(int(page), 1)
    except (TypeError, ValueError):
        return 1


def comments_fragment(
    *, request, consultation, page=1, is_open: bool, refusal: dict | None = None, sort: str = "recent"
) -> tuple[str, int]:
    """The HTML of one page of comment threads and the number of top-level comments.

    Served from the cache in one or two round trips; rendered (four queries) on a miss. A refused
    reply (`refusal`) renders uncached, its message and text beside its form.
    """
    from . import selectors
    from .forms import FlagForm

    gens = request_generations(request, consultation.pk)
    number = _page_number(page)
    sort = sort if sort in selectors.COMMENT_SORTS else "recent"
    base = f"pc:{consultation.pk}:comments:{gens['global']}:{gens['thread']}:{sort}:{number}"
    meta = cache.get(f"{base}:meta")
    comments = None
    if meta is None:
        try:
            comments = selectors.comments_page(consultation=consultation, page=number, sort=sort)
        except (EmptyPage, PageNotAnInteger):  # pragma: no cover - get_page never raises
            comments = selectors.comments_page(consultation=consultation, page=1, sort=sort)
        authors = {}
        for comment in comments:
            authors[comment.pk] = comment.author_id
            for reply in comment.visible_replies:
                authors[reply.pk] = reply.author_id
        meta = {"count": comments.paginator.count, "authors": authors}
        cache.set(f"{base}:meta", meta, TTL)
    user = request.user
    if is_open and user.is_authenticated:
        own = sorted(pk for pk, author in meta["authors"].items() if author == user.pk)
        variant = "p" + ",".join(map(str, own))
    else:
        variant = "r"
    key = f"{base}:{translation.get_language()}:{int(is_open)}:{variant}"
    html = None if refusal else cache.get(key)
    if html is None:
        if comments is None:
            comments = selectors.comments_page(consultation=consultation, page=number, sort=sort)
        html = get_template("consultations/_comments.html").render(
            {
                "consultation": consultation,
                "comments": comments,
                "is_open": is_open,
                "flag_form": FlagForm(),
                "user": user,
                "csrf_token": CSRF_PLACEHOLDER,
                "refusal": refusal,
                "sort": sort,
            }
        )
        if not refusal:
            cache.set(key, html, TTL)
    if CSRF_PLACEHOLDER in html and not getattr(request, KEEP_PLACEHOLDER, False):
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return mark_safe(html), meta["count"]  # noqa: S308 - rendered by an auto-escaping template


def ideas_fragment(*, request, consultation, is_open: bool, refusal: dict | None = None) -> str:
    """The ideas section: shared HTML per language and per person's own and supported ideas.

    Cached: one query for the ideas this person supports. On a miss: the ranked ideas (one query).
    """
    from django.contrib.auth.models import AnonymousUser

    from . import selectors
    from .forms import IdeaForm
    from .models import IdeaSupport

    gens = request_generations(request, consultation.pk)
    base = f"pc:{consultation.pk}:ideas:{gens['global']}:{gens['ideas']}"
    meta = cache.get(f"{base}:meta")
    ideas = None
    if meta is None:
        ideas = selectors.ideas_ranked(consultation=consultation, user=AnonymousUser())
        meta = {"authors": {idea.pk: idea.author_id for idea in ideas}}
        cache.set(f"{base}:meta", meta, TTL)
    user = request.user
    supported: set[int] = set()
    if user.is_authenticated:  # one query, with or without ideas: a constant query count
        supported = set(
            IdeaSupport.objects.filter(user=user, idea__consultation=consultation).values_list(
                "idea_id", flat=True
            )
        )
    if is_open and user.is_authenticated:
        own = sorted(pk for pk, author in meta["authors"].items() if author == user.pk)
        variant = "p" + ",".join(map(str, own)) + "|" + ",".join(map(str, sorted(supported)))
    else:
        variant = "s" + ",".join(map(str, sorted(supported)))
    key = f"{base}:{translation.get_language()}:{int(is_open)}:{variant}"
    html = None if refusal else cache.get(key)
    if html is None:
        if ideas is None:
            ideas = selectors.ideas_ranked(consultation=consultation, user=AnonymousUser())
        for idea in ideas:
            idea.supported_by_me = idea.pk in supported
        html = get_template("consultations/_ideas.html").render(
            {
                "consultation": consultation,
                "ideas": ideas,
                "is_open": is_open,
                "idea_form": IdeaForm(),
                "user": user,
                "csrf_token": CSRF_PLACEHOLDER,
                "refusal": refusal,
            }
        )
        if not refusal:
            cache.set(key, html, TTL)
    if CSRF_PLACEHOLDER in html and not getattr(request, KEEP_PLACEHOLDER, False):
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return mark_safe(html)  # noqa: S308 - rendered by an auto-escaping template


def polls_fragment(
    *, request, consultation, is_open: bool, refusal: dict | None = None, blocked: bool = False
) -> str:
    """The questions with their forms and results, per language and the person's own choices.

    Cached: one query for this person's choices. On a miss: selectors.polls_with_results.
    """
    from . import selectors
    from .models import VoteChoice

    gens = request_generations(request, consultation.pk)
    user = request.user
    mine: list[int] = []
    if user.is_authenticated:
        mine = sorted(
            VoteChoice.objects.filter(vote__poll__consultation=consultation, vote__user=user).values_list(
                "option_id", flat=True
            )
        )
    key = (
        f"pc:{consultation.pk}:polls-html:{gens['global']}:{gens['polls']}:{gens['info']}:"
        f"{translation.get_language()}:{int(is_open)}:{int(user.is_authenticated)}:{int(blocked)}:{','.join(map(str, mine))}"
    )
    html = None if refusal else cache.get(key)
    if html is None:
        html = get_template("consultations/_polls.html").render(
            {
                "consultation": consultation,
                "polls": selectors.polls_with_results(consultation=consultation, user=user),
                "is_open": is_open,
                "user": user,
                "request": request,
                "csrf_token": CSRF_PLACEHOLDER,
                "refusal": refusal,
                "blocked": blocked,
            }
        )
        if not refusal:
            cache.set(key, html, TTL)
    if CSRF_PLACEHOLDER in html and not getattr(request, KEEP_PLACEHOLDER, False):
        html = html.replace(CSRF_PLACEHOLDER, get_token(request))
    return mark_safe(html)  # noqa: S308 - rendered by an auto-escaping template


ANONYMOUS_PAGE_TTL = 60  # the header and footer (a title, an entity or legal page name) have no generation


def anonymous_page(request, consultation, render_page):
    """The whole page for a visitor without session or pending message, per language: one lookup.

    Under a flood of readers (a consultation gone viral) each page costs a cache read and the CSRF
    token's substitution. Anything personal — a session, a message to show, a query string — renders
    normally.
    """
    if request.GET or not _anonymous(request):
        return None
    gens = request_generations(request, consultation.pk)
    key = "pc:{pk}:page:{global}:{thread}:{polls}:{ideas}:{info}:{lang}:{open}".format(
        pk=consultation.pk,
        lang=translation.get_language(),
        open=int(consultation.accepts_contributions()),
        **gens,
    )
    return _whole_page(request, key, ANONYMOUS_PAGE_TTL, render_page)


def _anonymous(request) -> bool:
    """A visitor with nothing personal to show: no sign-in, no session, no pending message."""
    from django.conf import settings

    return not (
        request.user.is_authenticated
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or "messages" in request.COOKIES
    )


def _whole_page(request, key: str, ttl: int, render_page) -> str:
    """The page cached under `key` with a placeholder for the CSRF token, which is this visitor's own."""
    html = cache.get(key)
    if html is None:
        setattr(request, KEEP_PLACEHOLDER, True)  # the fragments must not put this visitor's token in
        try:
            with primary_reads():  # cached for everyone: never from a replica behind the generation
                html = render_page(CSRF_PLACEHOLDER)
        finally:
            delattr(request, KEEP_PLACEHOLDER)
        cache.set(key, html, ttl)
    return html.replace(CSRF_PLACEHOLDER, get_token(request))


def list_page(request, filters: str, render_body, render_page):
    """The consultation list (`/consultations/`, filtered or not) from the cache.

    The cards, counts and filters are the same for everyone: their HTML is cached per list
    generation, language and filters (`filters`: the validated query, in a fixed order) for
    everyone; an anonymous visitor gets the whole page in one lookup. `render_body()` renders the
    list part, `render_page(body, csrf_token)` the page around it. Any change to a consultation, an
    entity, or a count shown on a card bumps the generation (the receivers below and vote_cast).
    """
    generation = list_generation()
    digest = hashlib.blake2b(filters.encode(), digest_size=12).hexdigest()
    base = f"pc:list:{generation}:{translation.get_language()}:{digest}"
    if _anonymous(request):
        return _whole_page(
            request,
            f"{base}:page",
            ANONYMOUS_PAGE_TTL,
            lambda token: render_page(_list_body(base, render_body), token),
        )
    if "messages" in request.COOKIES or request.session.get("_messages"):
        return render_page(_list_body(base, render_body), None)  # a message to show: rendered
    # Signed in: one page for everyone signed in, with a placeholder for the person's own menu (their
    # name, the administration link for staff, the log-out form), rendered for them on each request.
    html = _whole_page(
        request,
        f"{base}:page-signed-in",
        ANONYMOUS_PAGE_TTL,
        lambda token: render_page(_list_body(base, render_body), token, user_menu=USER_MENU_PLACEHOLDER),
    )
    return html.replace(USER_MENU_PLACEHOLDER, render_to_string("_user_menu.html", request=request))


def _list_body(base: str, render_body) -> str:
    body = cache.get(f"{base}:body")
    if body is None:
        with primary_reads():
            body = render_body()
        cache.set(f"{base}:body", body, TTL)
    return mark_safe(body)  # noqa: S308 - rendered by an auto-escaping template


def polls_shared(consultation, compute):
    """The questions with options and tallies, shared by everyone; cached per polls generation."""
    gens = generations(consultation.pk)
    key = f"pc:{consultation.pk}:polls:{gens['global']}:{gens['polls']}"
    polls = cache.get(key)
    if polls is None:
        polls = compute()
        cache.set(key, polls, TTL)
    return polls


# --- Invalidation: every path that changes a cached piece (services, the admin, moderation,
# account deletion) saves one of these models, so a receiver per model is the one place that cannot
# be forgotten. The vote service writes votes in SQL and bumps "polls" itself.


def _comment_changed(sender, instance, **kwargs):
    if instance.consultation_id:
        bump(instance.consultation_id, "thread")
        list_bump()  # the count on the list's card


def _poll_changed(sender, instance, **kwargs):
    bump(instance.consultation_id, "polls")


def _option_changed(sender, instance, **kwargs):
    consultation_id = (
        type(instance.poll).objects.filter(pk=instance.poll_id).values_list("consultation_id", flat=True)
    )
    for pk in consultation_id:
        bump(pk, "polls")


# Models whose changes do not reach the "info" sections (or are handled above): the frequent
# writes of participation, and the bookkeeping of pushes and exports.
NOT_INFO = {
    "comment",
    "commentflag",
    "commentreaction",  # the reaction service bumps "thread" itself
    "vote",
    "votechoice",
    "idea",
    "ideasupport",
    "follow",
    "anonymousvote",
    "paragraphcommentsupport",
    "amendmentreaction",
    "draftinvitation",
    "surveyresponse",
    "surveyanswer",
    "budgetallocation",
    "opinionvote",
    "entityapikey",
    "harvestsource",
    "harvestrun",
    "archiveexport",
    "proposalsignature",  # proposals have pages of their own; no consultation section shows signatures
}


def _idea_changed(sender, instance, **kwargs):
    bump(instance.consultation_id, "ideas")
    list_bump()


def _list_changed(sender, instance, **kwargs):
    """A ballot (counted on the list's card) or an entity (its name, the filter) changed."""
    list_bump()


def _support_changed(sender, instance, **kwargs):
    consultation_id = (
        type(instance.idea).objects.filter(pk=instance.idea_id).values_list("consultation_id", flat=True)
    )
    for pk in consultation_id:
        bump(pk, "ideas")


def _consultations_model_changed(sender, instance, **kwargs):
    """Any other change in the consultations app may reach the "info" sections of its consultation.

    A model without a direct link to a consultation (draft versions, paragraphs, amendments…)
    bumps the global generation: those writes are rare, and a missed one would show stale content.
    """
    meta = sender._meta
    if meta.app_label != "consultations" or meta.model_name in NOT_INFO:
        return
    if meta.model_name == "consultation":
        bump(instance.pk, "info", "polls")
        list_bump()
    elif getattr(instance, "consultation_id", None):
        bump(instance.consultation_id, "info")
    else:
        bump(None)


def _person_changed(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and set(update_fields) <= {"last_login", "password"}:
        return  # a login does not change what others see
    bump(None)


def connect() -> None:
    from django.contrib.auth import get_user_model
    from django.db.models.signals import post_delete, post_save

    from governance.models import Entity

    from .models import Comment, Idea, IdeaSupport, Poll, PollOption, Vote

    for signal in (post_save, post_delete):
        signal.connect(_comment_changed, sender=Comment, dispatch_uid="page_cache_comment")
        signal.connect(_poll_changed, sender=Poll, dispatch_uid="page_cache_poll")
        signal.connect(_option_changed, sender=PollOption, dispatch_uid="page_cache_option")
        signal.connect(_idea_changed, sender=Idea, dispatch_uid="page_cache_idea")
        signal.connect(_support_changed, sender=IdeaSupport, dispatch_uid="page_cache_support")
        signal.connect(_consultations_model_changed, dispatch_uid="page_cache_consultations")
        signal.connect(_list_changed, sender=Vote, dispatch_uid="page_cache_list_vote")
        signal.connect(_list_changed, sender=Entity, dispatch_uid="page_cache_list_entity")
    post_save.connect(_person_changed, sender=get_user_model(), dispatch_uid="page_cache_person")
