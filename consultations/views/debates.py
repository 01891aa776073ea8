"""Public pages of debates (the forums of seed 003 §15-2): the list, starting one, a debate and its comments."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import selectors_debates as selectors
from ..forms import DebateFilterForm, DebateForm
from ..models import Comment, DebateForum
from ..selectors import COMMENT_SORTS
from ..services import debates as services
from .public import HELD_MESSAGE


def _fail(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_GET
def debate_list(request):
    form = DebateFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(selectors.debates_public(filters=filters), 20).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "consultations/debates/list.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "forums": DebateForum.objects.all(),
            "mine": selectors.debates_of_author_in_review(user=request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def debate_create(request):
    form = DebateForm(request.POST or None, initial={"sector": request.GET.get("sector")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            debate = services.debate_create(
                author=request.user, sector=data["sector"], title=data["title"], body=data["body"]
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            if debate.held_for_review:
                messages.info(request, HELD_MESSAGE())
            else:
                messages.success(request, _("Your debate is published."))
            return redirect(debate.get_absolute_url())
    return render(request, "consultations/debates/form.html", {"form": form})


@require_GET
def debate_detail(request, pk: int):
    debate = selectors.debate_visible(user=request.user, pk=pk)
    sort = request.GET.get("sort", "recent")
    sort = sort if sort in COMMENT_SORTS else "recent"
    context = {
        "debate": debate,
        "sort": sort,
        **selectors.debate_page(debate=debate, page=request.GET.get("page", 1), sort=sort),
    }
    return render(request, "consultations/debates/detail.html", context)


@login_required
@require_POST
def debate_comment_create(request, pk: int):
    debate = selectors.debate_visible(user=request.user, pk=pk)
    parent = None
    if request.POST.get("parent", "").isdigit():
        parent = Comment.objects.filter(pk=request.POST["parent"], debate=debate).first()
    try:
        comment = services.debate_comment_create(
            debate=debate, author=request.user, body=request.POST.get("body", ""), parent=parent
        )
    except ValidationError as error:
        _fail(request, error)
        return redirect(debate.get_absolute_url() + "#comment-form")
    if comment.held_for_review:
        messages.info(request, HELD_MESSAGE())
        return redirect(debate.get_absolute_url() + "#comment-form")
    messages.success(request, _("Thank you: your comment is published."))
    return redirect(debate.get_absolute_url() + f"#comment-{comment.pk}")
