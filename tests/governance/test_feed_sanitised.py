"""Issue 19 item 16: the blog's RSS and Atom descriptions are sanitised like the pages (the summary too)."""

from .test_blog_and_legal import _post


def test_feed_descriptions_carry_no_script_or_handler(client, federal_user):
    _post(
        federal_user,
        "live",
        summary_en='<img src=x onerror="alert(1)">Short <script>alert(2)</script>summary',
    )
    for path in ("/en/blog/feed/rss/", "/en/blog/feed/atom/"):
        feed = client.get(path).content.decode()
        assert "Short" in feed and "summary" in feed, path
        assert "onerror" not in feed and "alert(2)" not in feed and "&lt;script" not in feed, path
