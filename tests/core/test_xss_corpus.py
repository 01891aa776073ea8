"""A corpus of XSS payloads (tests/data/xss.txt) through titles, names, comments and search boxes:
every page shows them as text, never as live markup."""

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
from django.utils.html import escape

from consultations.models import Comment
from tests.factories import ConsultationFactory, UserFactory

pytestmark = pytest.mark.django_db

PAYLOADS = [
    line for line in (Path(__file__).parents[1] / "data" / "xss.txt").read_text().splitlines() if line
]


class LiveMarkup(HTMLParser):
    """Collects what a browser would run: event handlers, javascript: URLs, scripts that call alert."""

    def __init__(self):
        super().__init__()
        self.found, self._in_script, self._in_style = [], False, False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value}>")
            if name == "style" and _runs_code(value):
                self.found.append(f"<{tag} style={value}>")
        if tag in {"iframe", "object", "embed", "marquee", "isindex", "template"}:
            self.found.append(f"<{tag}>")
        if tag == "meta" and dict(attrs).get("http-equiv", "").lower() == "refresh":
            self.found.append("<meta http-equiv=refresh>")
        self._in_script = tag == "script"
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_script = self._in_style = False

    def handle_data(self, data):
        if self._in_script and "alert" in data:
            self.found.append(f"<script>{data}")
        if self._in_style and _runs_code(data):
            self.found.append(f"<style>{data}")


def _runs_code(css: str | None) -> bool:
    """CSS that loads or runs script: javascript: URLs, old IE expression(), an @import of a payload."""
    css = (css or "").lower().replace(" ", "")
    return "javascript:" in css or "expression(" in css or "@import" in css


def live_markup(html):
    parser = LiveMarkup()
    parser.feed(html)
    return parser.found


def test_the_corpus_is_large_enough_and_the_detector_sees_live_markup():
    assert len(PAYLOADS) >= 30
    live = [p for p in PAYLOADS if live_markup(p)]
    assert len(live) >= 25  # unescaped, the payloads would be caught


@pytest.mark.parametrize("payload", PAYLOADS)
def test_titles_names_and_comments_render_inert(client, entity, payload):
    consultation = ConsultationFactory(entity=entity, title_ar=payload[:250], summary_ar=payload)
    author = UserFactory(display_name=payload[:100])
    Comment.objects.create(consultation=consultation, author=author, body=payload)
    for path in (
        "/",
        "/consultations/",
        f"/consultations/{consultation.pk}/",
        f"/archive/entities/{entity.slug}/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert live_markup(response.content.decode()) == [], path


@pytest.mark.parametrize("payload", PAYLOADS)
def test_search_boxes_and_url_parameters_render_inert(client, payload):
    searching = ("/consultations/", "/archive/", "/opendata/")  # these show the query back in their box
    for path in (*searching, "/opendata/requests/", "/blog/"):
        response = client.get(f"{path}?q={quote(payload)}&page={quote(payload)}&sector={quote(payload)}")
        assert response.status_code < 500, path
        html = response.content.decode()
        assert live_markup(html) == [], path
        if path in searching:  # the payload did reach the page, as text
            assert escape(payload) in html, path


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_ckan_api_answers_json_never_markup(client, entity, payload):
    """The CKAN routes echo what they were asked (an id, a query) only inside JSON, sent as JSON."""
    from opendata.services import dataset_create

    dataset_create(entity=entity, title_ar=payload[:250], description_ar=payload, tags=[payload[:100]])
    calls = [
        ("/api/3/action/package_show", {"id": payload}),
        ("/api/action/package_search", {"q": payload, "fq": payload, "sort": payload}),
        ("/api/action/package_search", {"q": "*:*"}),
        ("/api/3/action/organization_show", {"id": payload, "include_datasets": "true"}),
        ("/api/3/action/help_show", {"name": payload}),
        ("/api/3/action/package_autocomplete", {"q": payload[:20]}),
    ]
    for path, params in calls:
        for response in (
            client.get(path, params),
            client.post(path, params, content_type="application/json"),
        ):
            assert response.status_code < 500, path
            assert response["Content-Type"] == "application/json", path
            assert response["X-Content-Type-Options"] == "nosniff", path
            assert response.json()["success"] in (True, False)  # CKAN's envelope, whatever was asked
    # the data itself comes back as it was written: it is the reader's page that escapes it
    found = client.get("/api/action/package_search", {"q": "*:*"}).json()["result"]["results"]
    assert found[0]["title"] == payload[:250].strip()
