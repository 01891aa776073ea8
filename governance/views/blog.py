"""The smart-government blog and its feeds."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from consultations import selectors as consultation_selectors
from consultations import services as consultation_services
from consultations.forms import FlagForm
from consultations.models import Comment
from sharik.core.sanitize import sanitize_html

from ..models import BlogPost, Tag

POSTS_PER_PAGE = 10


def _published():
    return BlogPost.objects.published().select_related("author", "entity").prefetch_related("tags")


def blog_list(request):
    posts = _published()
    tag = None
    if request.GET.get("tag"):
        tag = get_object_or_404(Tag, slug=request.GET["tag"])
        posts = posts.filter(tags=tag)
    page = Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "governance/blog_list.html",
        {
            "page": page,
            "tag": tag,
            "tags": Tag.objects.filter(posts__status=BlogPost.Status.PUBLISHED).distinct(),
        },
    )


def blog_detail(request, slug: str):
    post = get_object_or_404(_published(), slug=slug)
    comments = consultation_selectors.comments_page(blog_post=post, page=request.GET.get("page", 1))
    return render(
        request, "governance/blog_detail.html", {"post": post, "comments": comments, "flag_form": FlagForm()}
    )


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
@require_POST
def blog_comment_create(request, slug: str):
    """Comments on articles go through the consultations' comment service: one system, one moderation."""
    post = get_object_or_404(_published(), slug=slug)
    parent = None
    if request.POST.get("parent", "").isdigit():
        parent = Comment.objects.filter(pk=request.POST["parent"], blog_post=post).first()
    try:
        comment = consultation_services.blog_comment_create(
            post=post, author=request.user, body=request.POST.get("body", ""), parent=parent
        )
    except ValidationError as error:
        _errors(request, error)
        return redirect(post.get_absolute_url() + "#comment-form")
    if comment.held_for_review:
        from consultations.views.public import HELD_MESSAGE

        messages.info(request, HELD_MESSAGE())
        return redirect(post.get_absolute_url() + "#comment-form")
    messages.success(request, gettext("Thank you: your comment is published."))
    return redirect(comment.get_absolute_url())


@login_required
@require_POST
def blog_comment_flag(request, slug: str, comment_pk: int):
    post = get_object_or_404(_published(), slug=slug)
    comment = get_object_or_404(Comment, pk=comment_pk, blog_post=post, is_hidden=False)
    try:
        consultation_services.comment_flag(
            comment=comment, user=request.user, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, gettext("Thank you: a moderator will review this comment."))
    return redirect(comment.get_absolute_url())


class BlogRssFeed(Feed):
    title = _("Sharik — the smart government blog")
    description = _("Articles by officials and government entities on e-participation.")

    def link(self):
        from django.urls import reverse

        return reverse("governance:blog")

    def items(self):
        return _published()[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Feed readers render the description as HTML: the same sanitiser as the pages (summary included).
        return sanitize_html(item.summary or item.body)

    def item_pubdate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return item.author.public_name

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class BlogAtomFeed(BlogRssFeed):
    feed_type = Atom1Feed
    subtitle = BlogRssFeed.description
