"""Defect 16 in a real browser: at 1366×768 the coordinator's campaign list shows its lifecycle column
with titles that do not wrap a word per line, and the custom admin pages' breadcrumbs are styled and
whole — in Arabic, right to left."""

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, ConsultationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LONG_TITLE = "مسودة السياسة الوطنية لتنظيم النقل المدرسي في المناطق السكنية الجديدة"


def test_campaign_list_and_lifecycle_page_fit_a_desktop(live_server, browser, entity, coordinator):
    campaigns = [ConsultationFactory(entity=entity, title_ar=LONG_TITLE, title_en="Long") for _ in range(3)]
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/accounts/login/")
        page.locator('input[name="username"]').fill(coordinator.email)
        page.locator('input[name="password"]').fill(PASSWORD)
        page.locator('form button[type="submit"], form input[type="submit"]').last.click()
        page.wait_for_url(lambda url: "/login/" not in url)

        page.goto(f"{live_server.url}/admin/consultations/consultation/")
        assert page.locator("html").get_attribute("dir") == "rtl"
        header = page.locator("#result_list th.column-lifecycle_link")
        expect(header).to_be_visible()
        box = header.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 1366, box
        title = page.locator("#result_list th.field-title a, #result_list td.field-title a").first
        line = float(title.evaluate("a => parseFloat(getComputedStyle(a).lineHeight) || 20"))
        # Eleven words: on two or three lines at most, never one word per line.
        assert title.bounding_box()["height"] <= 3 * line + 2, title.bounding_box()
        expect(page.get_by_role("button", name="نفّذ")).to_be_visible()

        page.goto(f"{live_server.url}/admin/consultations/consultation/{campaigns[0].pk}/lifecycle/")
        crumbs = page.locator("ol.breadcrumbs")
        expect(crumbs).to_be_visible()
        colour = crumbs.evaluate("el => getComputedStyle(el).backgroundColor")
        assert colour not in ("rgba(0, 0, 0, 0)", "transparent"), colour
        assert crumbs.evaluate("el => el.scrollWidth <= el.clientWidth + 1")
        for item in crumbs.locator("li").all():
            edge = item.bounding_box()
            assert edge["x"] >= 0 and edge["x"] + edge["width"] <= 1366, edge
    finally:
        context.close()
