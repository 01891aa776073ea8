"""An entity asks the advisory service «شوروك علينا» with a draft in a real browser; the federal team
answers; the coordinator reads the answer and rates the service."""

import pytest
from playwright.sync_api import expect

from governance.models import AdvisoryRequest, AdvisoryServiceLevel

from .test_coordinator_course import _login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_an_entity_asks_the_advisory_service_and_gets_an_answer(
    live_server, browser, page, entity, coordinator, federal_user, tmp_path
):
    AdvisoryServiceLevel.objects.create(code="standard", name="Standard", triage_hours=24, answer_hours=120)
    draft = tmp_path / "draft.txt"
    draft.write_text("1. How satisfied are you with the library?\n")
    base = live_server.url

    _login(page, base, coordinator)
    page.goto(f"{base}/en/governance/advisory/")
    page.get_by_label("Entity").select_option(str(entity.pk))
    page.get_by_label("Kind").select_option("questionnaire")
    page.get_by_label("Subject").fill("Library satisfaction survey")
    page.get_by_label("What you need").fill("Are the questions neutral?")
    page.get_by_label("Draft (optional)").set_input_files(str(draft))
    page.get_by_role("button", name="Send the request").click()
    expect(page.get_by_role("heading", name="Library satisfaction survey")).to_be_visible()
    expect(page.locator("#advisory-status")).to_contain_text("Submitted")
    request = AdvisoryRequest.objects.get(title="Library satisfaction survey")

    federal = browser.new_context().new_page()
    _login(federal, base, federal_user)
    federal.goto(f"{base}/en/governance/advisory/{request.pk}/")
    federal.get_by_role("button", name="Assign").click()
    expect(federal.locator("#advisory-status")).to_contain_text("Assigned to an advisor")
    federal.get_by_label("Answer", exact=True).fill("Question 1 is neutral; add a scale from 1 to 5.")
    federal.get_by_role("button", name="Send the answer").click()
    expect(federal.locator("#advisory-status")).to_contain_text("Answered")
    federal.context.close()

    page.reload()
    expect(page.locator("#advisory-answer")).to_contain_text("add a scale from 1 to 5")
    page.get_by_label("4").check()
    page.get_by_role("button", name="Close the request").click()
    expect(page.locator("#advisory-status")).to_contain_text("Closed")
    assert AdvisoryRequest.objects.get(pk=request.pk).rating == 4
