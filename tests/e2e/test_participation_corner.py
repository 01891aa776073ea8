"""The participation corner in a real browser (issue 15): a page served from a second local origin
embeds the widget; Chromium shows it when that origin is registered for the entity and refuses it
(CSP frame-ancestors) when it is not. The reach pages do not scroll sideways at 360 px."""

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from consultations.services import reach as services
from tests.factories import ConsultationFactory, EntityFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def host_site(tmp_path):
    """A second origin: a plain HTTP server on another port serving the entity's own page."""
    handler = partial(SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *args: None
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"

    pages = iter(range(1000))

    def publish(iframe_src: str) -> str:
        name = f"page-{next(pages)}.html"  # a new address each time: no cached copy of an older page
        (tmp_path / name).write_text(
            f'<!doctype html><html><body><h1>Ministry site</h1><iframe id="corner" src="{iframe_src}"'
            ' title="Sharik" style="width:100%;height:420px;border:0"></iframe></body></html>'
        )
        return f"{origin}/{name}"

    yield origin, publish
    server.shutdown()


def test_the_corner_renders_only_inside_a_registered_origin(live_server, page, host_site):
    origin, publish = host_site
    entity = EntityFactory()
    ConsultationFactory(entity=entity, title_en="Shaping the school year", title_ar="تشكيل العام الدراسي")
    corner_url = f"{live_server.url}/en/consultations/corner/{entity.slug}/"

    # Not registered: Chromium refuses to show the framed page.
    page.goto(publish(corner_url))
    page.wait_for_timeout(1500)
    frame = next(f for f in page.frames if f != page.main_frame)
    assert frame.locator("#participation-corner").count() == 0
    assert any("frame-ancestors" in e for e in page.console_errors), page.console_errors

    # Registered: the same page now shows the entity's open consultations in the frame.
    services.embed_origin_add(entity=entity, origin=origin)
    page.console_errors.clear()
    page.goto(publish(corner_url))
    corner = page.frame_locator("#corner").locator("#participation-corner")
    corner.get_by_text("Shaping the school year").wait_for()
    assert page.frame_locator("#corner").locator("html").get_attribute("dir") == "ltr"

    # In Arabic the corner runs right to left.
    page.goto(publish(f"{live_server.url}/consultations/corner/{entity.slug}/"))
    page.frame_locator("#corner").get_by_text("تشكيل العام الدراسي").wait_for()
    assert page.frame_locator("#corner").locator("html").get_attribute("dir") == "rtl"


OVERFLOW = "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"


def test_reach_pages_fit_a_phone_in_both_languages(live_server, browser):
    from django.test import Client

    from consultations.models import SdgTag

    entity = EntityFactory()
    goal = SdgTag.objects.create(
        code="16.7", name_ar="صنع القرار التشاركي الشامل", name_en="Inclusive decisions"
    )
    consultation = ConsultationFactory(entity=entity)
    consultation.sdgs.add(goal)
    person = UserFactory()
    services.follow_set(user=person, kind="entity", target=entity)
    services.follow_set(user=person, kind="sdg", target=goal)
    client = Client()
    client.force_login(person)
    session = client.cookies["sessionid"].value
    token = services.unsubscribe_token(user=person, scope="opened")
    paths = [
        f"/consultations/{consultation.pk}/",
        "/consultations/follows/",
        "/consultations/goals/",
        "/consultations/goals/16.7/",
        f"/consultations/corner/{entity.slug}/",
        f"/consultations/follows/unsubscribe/{token}/",
    ]
    for width in (360, 1366):
        context = browser.new_context(viewport={"width": width, "height": 800})
        context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
        tab = context.new_page()
        for prefix in ("", "/en"):
            for path in paths:
                response = tab.goto(live_server.url + prefix + path)
                assert response.status == 200, (prefix + path, response.status)
                assert not tab.evaluate(OVERFLOW), f"sideways scroll at {width}px: {prefix}{path}"
                if width == 360:
                    name = (prefix + path).strip("/").replace("/", "_")[:60] or "home"
                    tab.screenshot(path=f"/tmp/reach-{name}.png", full_page=True)
        context.close()
