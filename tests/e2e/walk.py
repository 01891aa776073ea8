"""Walk the public site as a visitor does: from the home page, follow every same-site link.

The walk visits at most two pages per URL pattern and language, so pages that other parts of Sharik add are
checked as soon as something links to them, without a hand-kept list. Used by test_public_pages.py
and by scripts/screenshots.py.
"""

from urllib.parse import urldefrag, urljoin, urlsplit

from django.urls import Resolver404, resolve
from django.utils import translation
from playwright.sync_api import Error as PlaywrightError

# Not pages a visitor reads: the admin, the API, feeds and downloads, the language switch, logging out.
SKIP_PREFIXES = ("/admin", "/api/", "/i18n/", "/media/", "/static/", "/accounts/logout", "/__")
SKIP_SUFFIXES = (
    ".csv",
    ".json",
    ".xlsx",
    ".xml",
    ".rdf",
    ".ttl",
    ".jsonld",
    ".pdf",
    ".zip",
    ".ics",  # the iCalendar feed (issue 15)
    ".png",  # share cards
    "/rss/",
    "/atom/",
    "/download/",
)


def _route_key(path: str) -> str | None:
    """The URL pattern a path belongs to (with its language), or None when it is not a page of ours."""
    if path.startswith(SKIP_PREFIXES) or path.endswith(SKIP_SUFFIXES):
        return None
    language = "en" if path.startswith("/en/") or path == "/en" else "ar"
    try:
        with translation.override(language):  # i18n_patterns resolve /en/… only with English active
            match = resolve(path)
    except Resolver404:
        return None
    if match.route.startswith(SKIP_PREFIXES[1:]) or "admin" in (match.namespaces or []):
        return None
    return f"{language}:{match.view_name}"


STARTS = ("/", "/en/", "/legal/accessibility/", "/en/legal/accessibility/")


def walk(page, base_url: str, starts=STARTS, per_route: int = 2, limit: int = 400, within: tuple = ()):
    """Yield (path, response) for each HTML page reached from `starts`, `per_route` per pattern and language
    (only paths starting with one of `within`, when given)."""
    host = urlsplit(base_url).netloc
    queue = list(starts)
    seen_routes: dict[str, int] = {}
    seen_paths: set[str] = set()
    while queue and sum(seen_routes.values()) < limit:
        path = queue.pop(0)
        if path in seen_paths:
            continue
        seen_paths.add(path)
        if within and not path.startswith(within):
            continue
        key = _route_key(urlsplit(path).path)
        if key is None or seen_routes.get(key, 0) >= per_route:
            continue
        try:
            response = page.goto(base_url + path)
        except PlaywrightError:  # a download, not a page
            continue
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        if response.status >= 400 or urlsplit(page.url).path != urlsplit(path).path:
            continue  # a refusal or a redirect (to log in, say) is not this pattern's page
        seen_routes[key] = seen_routes.get(key, 0) + 1
        yield path, response
        for href in page.eval_on_selector_all("a[href]", "els => els.map(a => a.getAttribute('href'))"):
            url = urlsplit(urljoin(base_url + path, urldefrag(href)[0]))
            if url.scheme in ("http", "https") and url.netloc == host:
                queue.append(url.path + (f"?{url.query}" if url.query else ""))
