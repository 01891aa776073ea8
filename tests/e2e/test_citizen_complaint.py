"""A complaint in a real browser: filed by a citizen with an attachment, worked by the entity's coordinator
in the admin (assigned, an internal note, answered), reopened by the citizen, answered again and closed
with a rating. The person's pages fit a 360 px screen in Arabic and English."""

import pytest
from playwright.sync_api import expect

from consultations.models import Case
from sharik.accounts.models import Notification
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _login(page, base, user, prefix="/en"):
    page.context.clear_cookies()
    page.goto(f"{base}{prefix}/accounts/login/")
    page.locator('input[name="username"]').fill(user.email)
    page.locator('input[name="password"]').fill(PASSWORD)
    page.locator('form button[type="submit"], form input[type="submit"]').last.click()
    page.wait_for_url(lambda url: "/login/" not in url)


def _admin_save(page):
    page.locator('input[name="_continue"]').click()
    expect(page.locator(".messagelist")).to_be_visible()


def _no_sideways_scroll(page, base, paths):
    for width in (360, 1366):
        page.set_viewport_size({"width": width, "height": 800})
        for prefix in ("", "/en"):
            for path in paths:
                page.goto(f"{base}{prefix}{path}")
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 0, f"{prefix}{path} scrolls sideways by {overflow}px at {width}px"


def test_complaint_filed_worked_reopened_and_closed(live_server, page, entity, coordinator, tmp_path):
    base = live_server.url
    citizen = UserFactory(preferred_language="en")

    # The citizen files a complaint with an attachment and gets a reference number.
    _login(page, base, citizen)
    page.goto(f"{base}/en/consultations/cases/new/")
    page.select_option("#id_kind", "complaint")
    page.select_option("#id_entity", str(entity.pk))
    page.fill("#id_service", "School transport")
    page.fill("#id_subject", "The school bus is late every morning")
    page.fill(
        "#id_body", "Since September the bus arrives forty minutes late; the children miss the first lesson."
    )
    evidence = tmp_path / "timetable.txt"
    evidence.write_text("Arrivals: 7:40, 7:45, 7:50")
    page.set_input_files("#id_attachment", str(evidence))
    page.get_by_role("button", name="Send", exact=True).click()
    expect(page.get_by_text("Your case is filed")).to_be_visible()
    case = Case.objects.get(author=citizen)
    expect(page.get_by_test_id("reference")).to_have_text(case.reference)
    expect(page.get_by_test_id("state")).to_have_text("Received")

    # The entity's coordinator assigns it to themself and writes an internal note, then answers.
    _login(page, base, coordinator)
    page.goto(f"{base}/en/admin/consultations/case/")
    page.get_by_role("link", name=case.reference).click()
    page.select_option("#id_assignee", str(coordinator.pk))
    page.fill("#id_notes-0-body", "INTERNAL: the contractor was warned twice already.")
    _admin_save(page)
    case.refresh_from_db()
    assert case.state == Case.State.ASSIGNED and case.notes.count() == 1
    page.fill("#id_answer", "We asked the contractor to add a second bus from next week.")
    _admin_save(page)
    case.refresh_from_db()
    assert case.state == Case.State.ANSWERED

    # The citizen reads the answer (never the note) and reopens the case.
    _login(page, base, citizen)
    page.goto(f"{base}/en/consultations/cases/{case.pk}/")
    expect(page.get_by_test_id("answer")).to_contain_text("second bus from next week")
    expect(page.get_by_text("INTERNAL")).to_have_count(0)
    page.fill("#id_reason", "The second bus has not come yet.")
    page.get_by_role("button", name="Reopen the case").click()
    expect(page.get_by_test_id("state")).to_have_text("Assigned")

    # The coordinator answers again.
    _login(page, base, coordinator)
    page.goto(f"{base}/en/admin/consultations/case/{case.pk}/change/")
    expect(page.get_by_text("The second bus has not come yet.")).to_be_visible()
    page.fill("#id_answer", "The second bus runs from tomorrow; the driver has the new timetable.")
    _admin_save(page)

    # The citizen closes it with a rating.
    _login(page, base, citizen)
    page.goto(f"{base}/en/consultations/cases/{case.pk}/")
    expect(page.get_by_test_id("answer").last).to_contain_text("The second bus runs from tomorrow")
    page.check('input[name="rating"][value="4"]')
    page.fill("#id_comment", "Solved at last")
    page.get_by_role("button", name="Close the case").click()
    expect(page.get_by_test_id("state")).to_have_text("Closed")
    expect(page.get_by_test_id("rating")).to_contain_text("4 of 5")
    case.refresh_from_db()
    assert (case.state, case.rating, case.reopen_count) == (Case.State.CLOSED, 4, 1)
    # Told at each state change: received, assigned, answered, reopened, answered, closed.
    assert Notification.objects.filter(user=citizen, key__startswith="case-event-").count() == 6

    _no_sideways_scroll(
        page, base, ["/consultations/cases/", "/consultations/cases/new/", f"/consultations/cases/{case.pk}/"]
    )
    assert not page.console_errors
