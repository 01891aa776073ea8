"""Template helpers of reach (issue 15): follow buttons, share links and card metadata."""

from urllib.parse import quote

from django import template
from django.conf import settings

from .. import selectors_reach

register = template.Library()


@register.inclusion_tag("consultations/reach/_follow_button.html", takes_context=True)
def follow_button(context, kind: str, key, label: str):
    """A follow / stop-following button; a page that knows the person's follows already passes them
    as `page_follows` (one query for all its buttons, selectors_reach.follows_on_consultation_page)."""
    request = context["request"]
    target = (
        {"entity__slug": key} if kind == "entity" else {"sdg__code": key} if kind == "sdg" else {kind: key}
    )
    return {
        "request": request,
        "user": request.user,
        "csrf_token": context.get("csrf_token"),
        "kind": kind,
        "key": key,
        "label": label,
        "following": known[(kind, key)]
        if (known := context.get("page_follows")) and (kind, key) in known
        else selectors_reach.is_following(request.user, **target),
    }


@register.inclusion_tag("consultations/reach/_share.html")
def share_links(title: str, path: str):
    """Plain links to the networks' share pages: nothing is loaded from them until a link is clicked."""
    url = f"{settings.SITE_URL}{path}"
    text = quote(title)
    link = quote(url, safe="")
    return {
        "url": url,
        "links": [
            ("X", f"https://x.com/intent/post?text={text}&url={link}"),
            ("WhatsApp", f"https://wa.me/?text={text}%20{link}"),
            ("LinkedIn", f"https://www.linkedin.com/sharing/share-offsite/?url={link}"),
        ],
        "mailto": f"mailto:?subject={text}&body={link}",
    }


@register.inclusion_tag("consultations/reach/_card_meta.html", takes_context=True)
def card_meta(context, title: str, description: str, path: str, image_path: str = ""):
    """Open Graph and X card metadata; the image is the generated share card (absolute URLs)."""
    from django.utils.translation import get_language

    return {
        "title": title,
        "description": (description or "")[:300],
        "url": f"{settings.SITE_URL}{path}",
        "image": f"{settings.SITE_URL}{image_path}" if image_path else "",
        "locale": "ar_AE" if get_language() == "ar" else "en_US",
    }
