"""Sign in with UAE PASS in Chromium through the test provider's own pages (tests/uaepass_provider.py),
as a basic (unverified) and as a verified UAE PASS user: only the verified one's vote counts in a
consultation open to verified residents only; signing out ends the UAE PASS session too."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from consultations.models import Plan, VoteChoice
from tests.factories import ConsultationFactory, PollFactory
from tests.uaepass_provider import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def binding_vote(db):
    consultation = ConsultationFactory(title_en="Choosing the reserve site", title_ar="اختيار موقع المحمية")
    Plan.objects.create(consultation=consultation, objective="x", participation=Plan.Participation.VERIFIED)
    PollFactory(
        consultation=consultation,
        question_en="Which site?",
        question_ar="أي موقع؟",
        options=["North", "South"],
    )
    with translation.override("en"):
        return consultation.get_absolute_url()


def uaepass_sign_in(page, base: str, next_url: str, username: str) -> None:
    page.goto(f"{base}/en/accounts/login/?next={next_url}")
    page.get_by_role("link", name="Sign in with UAE PASS").click()
    expect(page.get_by_role("heading", name="UAE PASS test provider")).to_be_visible()
    page.get_by_label("UAE PASS user").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in with UAE PASS").click()
    page.wait_for_url(f"{base}{next_url}")


def test_a_verified_uaepass_user_counts_in_a_verified_only_vote_and_a_basic_one_does_not(
    live_server, page, uaepass_provider, binding_vote
):
    uaepass_sign_in(page, live_server.url, binding_vote, "basic")
    expect(page.get_by_text("How to qualify").first).to_be_visible()  # why not, and how to qualify
    expect(page.get_by_label("North")).to_be_disabled()  # the unverified person cannot vote here
    assert VoteChoice.objects.count() == 0

    page.get_by_role("button", name="Log out").first.click()  # Sharik, then UAE PASS, then back home
    page.wait_for_url(re.compile(re.escape(live_server.url) + r"/en/\?state="))
    assert uaepass_provider.logouts, "signing out of Sharik did not end the UAE PASS session"

    uaepass_sign_in(page, live_server.url, binding_vote, "verified")
    expect(page.get_by_text("How to qualify")).to_have_count(0)
    expect(page.get_by_label("North")).to_be_enabled()
    page.get_by_label("North").check()
    page.get_by_role("button", name="Vote", exact=True).click()
    expect(page.get_by_text("Your vote is recorded.").first).to_be_visible()
    assert VoteChoice.objects.count() == 1
    page.goto(f"{live_server.url}/en/accounts/profile/")
    expect(page.get_by_text("verified by UAE PASS")).to_be_visible()
