"""The smart-government blog and its feeds."""

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

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
    return render(request, "governance/blog_detail.html", {"post": post})


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
        return item.summary or item.body

    def item_pubdate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return item.author.public_name

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class BlogAtomFeed(BlogRssFeed):
    feed_type = Atom1Feed
    subtitle = BlogRssFeed.description
