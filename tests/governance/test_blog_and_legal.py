import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from governance.models import BlogPost, LegalPage
from governance.selectors import published_legal_pages
from governance.services import content


def _post(author, slug, status="published", **fields):
    post = content.blog_post_create(
        author=author,
        slug=slug,
        title_ar=f"عنوان {slug}",
        title_en=f"Title {slug}",
        body_ar="<p>نص</p><script>alert(1)</script>",
        body_en="<p>Text</p>",
        **fields,
    )
    if status != "draft":
        post = content.blog_post_transition(post=post, to_status="review", user=author)
    if status == "published":
        post = content.blog_post_transition(post=post, to_status="published", user=author)
    return post


def test_only_published_posts_are_public_in_both_languages_and_in_the_feeds(client, federal_user):
    tag = content.tag_get_or_create(slug="open-data", name_ar="البيانات المفتوحة", name_en="Open data")
    _post(federal_user, "live", tags=[tag])
    _post(federal_user, "waiting", status="review")
    _post(federal_user, "draft", status="draft")

    english = client.get("/en/blog/").content.decode()
    assert "Title live" in english and "Title waiting" not in english and "Title draft" not in english
    assert "عنوان live" in client.get("/blog/").content.decode()
    detail = client.get("/en/blog/live/")
    assert detail.status_code == 200 and "<script>" not in detail.content.decode()
    assert client.get("/en/blog/waiting/").status_code == 404
    assert "Title live" in client.get("/en/blog/?tag=open-data").content.decode()

    rss = client.get("/en/blog/feed/rss/")
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert "Title live" in rss.content.decode() and "Title waiting" not in rss.content.decode()
    atom = client.get("/blog/feed/atom/")
    assert atom["Content-Type"].startswith("application/atom+xml") and "عنوان live" in atom.content.decode()


def test_a_post_moves_draft_review_published_only_in_order(federal_user):
    import pytest
    from django.core.exceptions import ValidationError

    post = _post(federal_user, "p", status="draft")
    with pytest.raises(ValidationError):
        content.blog_post_transition(post=post, to_status="published", user=federal_user)
    post = content.blog_post_transition(post=post, to_status="review", user=federal_user)
    post = content.blog_post_transition(post=post, to_status="published", user=federal_user)
    assert post.status == BlogPost.Status.PUBLISHED and post.published_at


def _legal(kind, version_title, days_ago, published=True):
    page = content.legal_page_publish(
        kind=kind,
        title_ar=f"عنوان {version_title}",
        title_en=version_title,
        body_ar="<p>نص</p>",
        body_en=f"<p>{version_title} text</p>",
        published_on=timezone.localdate() - datetime.timedelta(days=days_ago),
    )
    if not published:
        LegalPage.objects.filter(pk=page.pk).update(is_published=False)
    return page


def test_a_legal_page_shows_its_newest_published_version_and_its_history(client, db):
    _legal("privacy", "Privacy v1", 100)
    _legal("privacy", "Privacy v2", 10)
    _legal("privacy", "Privacy v3 draft", 0, published=False)
    _legal("terms", "Terms in the future", -5)  # not published yet
    page = client.get("/en/legal/privacy/").content.decode()
    assert "Privacy v2 text" in page and "Version 2" in page and "Version 1" in page
    assert "Privacy v3" not in page
    assert client.get("/en/legal/terms/").status_code == 404
    assert client.get("/en/legal/unknown/").status_code == 404
    assert "عنوان Privacy v2" in client.get("/legal/privacy/").content.decode()


def test_every_page_links_the_published_legal_pages_in_its_footer_with_one_query(client, db):
    for kind, title in [
        ("privacy", "Privacy policy"),
        ("terms", "Terms of use"),
        ("charter", "Customer charter"),
        ("disclaimer", "Disclaimer"),
        ("right-to-information", "Right to information"),
    ]:
        _legal(kind, title, 3)
    _legal("privacy", "Privacy policy (new)", 1)
    with CaptureQueriesContext(connection) as queries:
        pages = published_legal_pages()
    assert len(queries) == 1
    assert [p.kind for p in pages] == ["privacy", "terms", "charter", "disclaimer", "right-to-information"]
    with CaptureQueriesContext(connection) as queries:
        published_legal_pages()
    assert len(queries) == 0, "cached: every page's footer needs them"
    for url in ("/en/", "/en/consultations/", "/en/governance/"):
        footer = client.get(url).content.decode().split("<footer")[1]
        assert 'href="/en/legal/privacy/">Privacy policy (new)</a>' in footer
        assert 'href="/en/legal/right-to-information/"' in footer
    _legal("terms", "Terms of use (2026)", 0)  # a new version clears the cache: it shows at once
    assert "Terms of use (2026)</a>" in client.get("/en/").content.decode().split("<footer")[1]
