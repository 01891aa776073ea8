"""Sanitising user-supplied rich text with nh3 (the Rust ammonia sanitiser).

Plain-text fields are escaped by the templates; this is for the few fields that keep formatting.
"""

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "ul",
    "ol",
    "li",
    "blockquote",
    "a",
    "h2",
    "h3",
    "h4",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def sanitize_html(value: str) -> str:
    """Keep harmless formatting, drop scripts, event handlers, styles and unsafe URLs."""
    return nh3.clean(
        value or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )


def strip_tags(value: str) -> str:
    """Plain text only: every tag removed, entities kept escaped for the template to render."""
    return nh3.clean(value or "", tags=set())
