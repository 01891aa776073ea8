"""A debate in a real browser: a citizen starts it, another comments, the first agrees with the comment
(the count shows it), and the entity's coordinator takes it up into a consultation in the admin; the
debate's page then links the consultation."""

import re

import pytest
from playwright.sync_api import expect

from consultations.models import Comment, Debate
from tests.e2e.test_citizen_proposal import _login
from tests.factories import ConsultationFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_debate_from_start_to_consultation(live_server, page, entity, coordinator):
    base = live_server.url
    starter, commenter = UserFactory(), UserFactory()
    consultation = ConsultationFactory(entity=entity, title_en="Library opening hours")

    _login(page, base, starter)
    page.goto(f"{base}/en/consultations/debates/new/")
    page.select_option("#id_sector", "education")
    page.fill("#id_title", "Libraries open at weekends")
    page.fill("#id_body", "Many students can only visit public libraries on Saturdays and Sundays.")
    page.get_by_role("button", name="Publish the debate").click()
    expect(page.get_by_text("Your debate is published.")).to_be_visible()
    debate = Debate.objects.get()

    _login(page, base, commenter)
    page.goto(f"{base}/en/consultations/debates/{debate.pk}/")
    page.fill("#id_body", "Yes, with rooms to book online.")
    page.get_by_role("button", name="Publish comment").click()
    expect(page.get_by_text("Yes, with rooms to book online.")).to_be_visible()
    comment = Comment.objects.get(debate=debate)

    _login(page, base, starter)
    page.goto(f"{base}/en/consultations/debates/{debate.pk}/")
    page.locator(f"#comment-{comment.pk}").get_by_role("button", name=re.compile("^Agree")).click()
    expect(page.get_by_text("Your mark is recorded")).to_be_visible()
    expect(page.locator(f"#comment-{comment.pk} [data-agree]").first).to_have_text("1")

    _login(page, base, coordinator)
    page.goto(f"{base}/en/admin/consultations/debate/")
    page.locator(f'input[name="_selected_action"][value="{debate.pk}"]').check()
    page.select_option('select[name="action"]', "take_up")
    page.fill('input[name="consultation"]', str(consultation.pk))
    page.locator('button[name="index"]').click()
    expect(page.locator(".messagelist")).to_contain_text("is taken up")

    page.goto(f"{base}/en/consultations/debates/{debate.pk}/")
    expect(page.get_by_test_id("taken-up")).to_contain_text("Library opening hours")
