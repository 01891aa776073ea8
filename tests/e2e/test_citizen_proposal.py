"""A citizen's proposal in a real browser: drafted, published by the coordination team, signed by others
up to the threshold; the entity's coordinator is told and answers in the admin; signatories see the answer."""

import pytest
from playwright.sync_api import expect

from consultations.models import Proposal, ProposalMilestone
from sharik.accounts.models import Notification
from tests.consultations.proposal_helpers import coordination_member, make_kind
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _login(page, base, user, prefix="/en"):
    page.context.clear_cookies()
    page.goto(f"{base}{prefix}/accounts/login/")
    page.locator('input[name="username"]').fill(user.email)
    page.locator('input[name="password"]').fill(PASSWORD)
    page.locator('form button[type="submit"], form input[type="submit"]').last.click()
    page.wait_for_url(lambda url: "/login/" not in url)


def test_proposal_from_draft_to_answer(live_server, page, entity, coordinator):
    base = live_server.url
    kind = make_kind(first=2, second=50, days=20)
    author, moderator = UserFactory(), coordination_member()
    signers = [UserFactory(), UserFactory()]

    # The author drafts and sends it for moderation.
    _login(page, base, author)
    page.goto(f"{base}/en/consultations/proposals/new/")
    page.select_option("#id_kind", str(kind.pk))
    page.select_option("#id_entity", str(entity.pk))
    page.fill("#id_title", "Shade at every bus stop near schools")
    page.fill("#id_body", "Children wait in the sun; shaded stops protect them in the summer months.")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_text("Your draft is saved")).to_be_visible()
    page.get_by_role("button", name="Send for moderation").click()
    expect(page.get_by_test_id("state")).to_have_text("Awaiting moderation")
    proposal = Proposal.objects.get(author=author)

    # The coordination team publishes it in the admin.
    _login(page, base, moderator)
    page.goto(f"{base}/en/admin/consultations/proposal/{proposal.pk}/change/")
    page.select_option("#id_decision", "publish")
    page.locator('input[name="_save"]').click()
    expect(page.locator(".messagelist")).to_be_visible()
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.OPEN

    # Two people sign: the first threshold (2) is reached.
    for signer in signers:
        _login(page, base, signer)
        page.goto(f"{base}/en/consultations/proposals/{proposal.pk}/")
        page.get_by_role("button", name="Sign this proposal").click()
        expect(page.get_by_text("your signature is counted")).to_be_visible()
    expect(page.get_by_test_id("count")).to_contain_text("2 signatures")
    milestone = ProposalMilestone.objects.get(proposal=proposal)
    assert Notification.objects.filter(user=coordinator, key=f"proposal-threshold-{milestone.pk}").exists()

    # The entity's coordinator sees the notification and answers in the admin.
    _login(page, base, coordinator)
    page.goto(f"{base}/en/accounts/notifications/")
    # (in the coordinator's language, Arabic by default: the proposal's title is the same in both)
    expect(page.get_by_text("Shade at every bus stop near schools").first).to_be_visible()
    page.goto(f"{base}/en/admin/consultations/proposalmilestone/{milestone.pk}/change/")
    page.fill("#id_answer_ar", "سنظلل المواقف قبل الصيف القادم.")
    page.fill("#id_answer_en", "We will shade the stops before next summer.")
    page.locator('input[name="_save"]').click()
    expect(page.locator(".messagelist")).to_be_visible()

    # A signatory sees the answer on the page and is told.
    _login(page, base, signers[0])
    page.goto(f"{base}/en/consultations/proposals/{proposal.pk}/")
    expect(page.get_by_test_id("answer")).to_contain_text("We will shade the stops before next summer.")
    assert Notification.objects.filter(user=signers[0], key=f"proposal-answer-{milestone.pk}").exists()
