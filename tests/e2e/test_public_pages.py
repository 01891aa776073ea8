"""Every public page, in Arabic and in English, on a 360-pixel phone (issue 13).

The demo data is loaded, then the walk follows the links from the home page (tests/e2e/walk.py), one
page per URL pattern and language, so pages added later are measured too. On each page:
- nothing scrolls sideways (defect 4: checksums, the opinion map, the KPI table);
- axe-core finds no serious or critical violation;
- no Bootstrap: the public site is on the UAE Design System;
- the footer links the accessibility statement (defect 17).
"""

import pytest
from django.core.management import call_command

from tests.e2e.conftest import axe_violations
from tests.e2e.walk import walk

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 780}

# The element widest beyond the viewport, to name in the failure.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return null;
  let worst = null, extent = width;
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    const out = Math.max(box.right - width, -box.left);
    if (box.width > 0 && out > 0 && out + width > extent) { extent = out + width; worst = el; }
  }
  const name = worst ? worst.tagName.toLowerCase() + (worst.className ? '.' + String(worst.className).split(' ')[0] : '') : '?';
  return `${document.documentElement.scrollWidth}px wide (${name})`;
}"""

BOOTSTRAP = """() => [...document.querySelectorAll('link[href], script[src]')]
  .map(el => el.getAttribute('href') || el.getAttribute('src')).filter(u => /bootstrap/i.test(u))"""


@pytest.fixture
def demo(db):
    call_command("seed_demo", verbosity=0)


def test_every_public_page_fits_a_phone_is_accessible_and_off_bootstrap(live_server, browser, demo):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(20000)
    problems, visited = [], []
    for path, _response in walk(page, live_server.url):
        visited.append(path)
        if overflow := page.evaluate(OVERFLOW):
            problems.append(f"{path}: scrolls sideways at 360 px, {overflow}")
        for violation in axe_violations(page):
            problems.append(f"{path}: {violation}")
        if bootstrap := page.evaluate(BOOTSTRAP):
            problems.append(f"{path}: loads Bootstrap {bootstrap}")
        if page.locator("footer a[href$='/legal/accessibility/']").count() != 1:
            problems.append(f"{path}: the footer does not link the accessibility statement")
    context.close()
    # the walk reached the site's main areas in both languages
    for expected in ("/", "/en/", "/consultations/", "/en/opendata/", "/legal/accessibility/", "/en/kpis/"):
        assert expected in visited, f"the walk never reached {expected}: {visited}"
    assert problems == [], "\n".join(problems)


MEMBERS_STARTS = (
    "/governance/network/",
    "/governance/workshops/",
    "/governance/network/threads/",
    "/governance/meetings/",
    "/governance/agreements/",
    "/governance/social/",
    "/governance/support-rating/",
    "/stories/",
    "/governance/advisory/",
    "/governance/courses/",
)


@pytest.mark.parametrize(
    ("email", "reached"),
    [
        (
            "federal@sharik.example",
            ("/governance/workshops/", "/en/governance/meetings/", "/governance/agreements/"),
        ),
        (
            "coordinator.moe@sharik.example",
            ("/governance/support-rating/", "/en/governance/advisory/", "/governance/courses/"),
        ),
    ],
    ids=["federal-team", "coordinator"],
)
def test_every_members_page_fits_a_phone_and_is_accessible(live_server, browser, demo, email, reached):
    """The programme's members-only pages (course, workshops, threads, committee, agreements, social plan,
    support rating, advisory), as the federal team and as an entity's coordinator see them, signed in, in
    both languages: the same checks."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(20000)
    page.goto(live_server.url + "/en/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", "Sharik-demo-2026")
    page.press("#id_password", "Enter")
    page.wait_for_load_state()
    starts = MEMBERS_STARTS + tuple("/en" + path for path in MEMBERS_STARTS)
    within = ("/governance/", "/en/governance/", "/stories/", "/en/stories/")
    problems, visited = [], []
    for path, _response in walk(page, live_server.url, starts=starts, per_route=1, within=within):
        visited.append(path)
        if overflow := page.evaluate(OVERFLOW):
            problems.append(f"{path}: scrolls sideways at 360 px, {overflow}")
        for violation in axe_violations(page):
            problems.append(f"{path}: {violation}")
    context.close()
    for expected in reached:
        assert expected in visited, f"the walk never reached {expected}: {visited}"
    assert problems == [], "\n".join(problems)


def test_accessibility_statement_says_target_limits_and_how_to_report(client):
    for prefix, words in (
        ("", ("WCAG", "2.2", "AA", "قيود معروفة")),
        ("/en", ("WCAG) 2.2", "level AA", "Known limitations")),
    ):
        response = client.get(f"{prefix}/legal/accessibility/")
        assert response.status_code == 200
        text = response.content.decode()
        for word in words:
            assert word in text
        assert "mailto:" in text
