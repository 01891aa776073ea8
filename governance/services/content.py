"""Legal pages and the smart-government blog."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sharik.core.sanitize import sanitize_html

from ..models import BlogPost, LegalPage, Tag


@transaction.atomic
def legal_page_publish(
    *,
    kind: str,
    title_ar: str,
    title_en: str,
    body_ar: str,
    body_en: str,
    published_on=None,
    change_note: str = "",
) -> LegalPage:
    """Publish a new version of a legal page; older versions stay as its history."""
    last = LegalPage.objects.filter(kind=kind).order_by("-version").first()
    page = LegalPage(
        kind=kind,
        version=(last.version + 1) if last else 1,
        title_ar=title_ar,
        title_en=title_en,
        body_ar=sanitize_html(body_ar),
        body_en=sanitize_html(body_en),
        published_on=published_on or timezone.localdate(),
        is_published=True,
        change_note=change_note,
    )
    page.full_clean()
    page.save()
    return page


def legal_page_clean(page: LegalPage) -> None:
    """Sanitise both languages of a page edited in the admin."""
    page.body_ar = sanitize_html(page.body_ar)
    page.body_en = sanitize_html(page.body_en)


@transaction.atomic
def tag_get_or_create(*, slug: str, name_ar: str, name_en: str = "") -> Tag:
    tag, _created = Tag.objects.get_or_create(
        slug=slug, defaults={"name_ar": name_ar, "name_en": name_en or name_ar}
    )
    return tag


def blog_post_clean(post: BlogPost) -> None:
    for lang in ("ar", "en"):
        setattr(post, f"body_{lang}", sanitize_html(getattr(post, f"body_{lang}") or ""))


# status -> statuses it may move to
BLOG_TRANSITIONS: dict[str, tuple[str, ...]] = {
    BlogPost.Status.DRAFT: (BlogPost.Status.REVIEW,),
    BlogPost.Status.REVIEW: (BlogPost.Status.PUBLISHED, BlogPost.Status.DRAFT),
    BlogPost.Status.PUBLISHED: (BlogPost.Status.DRAFT,),
}


@transaction.atomic
def blog_post_create(
    *,
    author,
    slug: str,
    title_ar: str,
    body_ar: str,
    title_en: str = "",
    body_en: str = "",
    summary_ar: str = "",
    summary_en: str = "",
    entity=None,
    author_title: str = "",
    tags: list[Tag] | None = None,
    cover_image=None,
) -> BlogPost:
    post = BlogPost(
        author=author,
        slug=slug,
        title_ar=title_ar,
        title_en=title_en,
        body_ar=body_ar,
        body_en=body_en,
        summary_ar=summary_ar,
        summary_en=summary_en,
        entity=entity,
        author_title=author_title,
    )
    if cover_image is not None:
        post.cover_image = cover_image
    blog_post_clean(post)
    post.full_clean()
    post.save()
    if tags:
        post.tags.set(tags)
    return post


@transaction.atomic
def blog_post_transition(*, post: BlogPost, to_status: str, user) -> BlogPost:
    """Draft → review → published. Only the federal team publishes."""
    if to_status not in BLOG_TRANSITIONS.get(post.status, ()):
        raise ValidationError(
            _("A post cannot move from %(from)s to %(to)s.") % {"from": post.status, "to": to_status}
        )
    if to_status == BlogPost.Status.PUBLISHED and not user.has_perm("governance.publish_blogpost"):
        raise PermissionDenied(_("Only the federal team publishes blog posts."))
    post.status = to_status
    if to_status == BlogPost.Status.PUBLISHED and post.published_at is None:
        post.published_at = timezone.now()
    post.full_clean()
    post.save(update_fields=["status", "published_at", "updated_at"])
    return post


@transaction.atomic
def blog_post_update(*, post: BlogPost, user) -> BlogPost:
    """Save an edit of a post. Reviewed content edited by someone who may not publish goes back to
    review: a published post leaves the public site until the federal team publishes it again."""
    if post.status == BlogPost.Status.PUBLISHED and not user.has_perm("governance.publish_blogpost"):
        post.status = BlogPost.Status.REVIEW
    blog_post_clean(post)
    post.full_clean()
    post.save()
    return post
