"""A coordinator takes a campaign from Planning to Announcing results in the admin (a real browser);
a citizen who voted then sees the outcome on the public page and the notification."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from consultations.models import Consultation, Plan, Poll, TargetGroup
from consultations.phases import Phase
from consultations.services import lifecycle, vote_cast
from sharik.accounts.models import Notification
from tests.consultations.conftest import walk
from tests.factories import PASSWORD, ConsultationFactory, PollFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def planned(entity, coordinator, federal_user):
    """A campaign in Planning whose plan the federal team approved: the coordinator's turn."""
    consultation = ConsultationFactory(
        entity=entity,
        phase=Phase.PREPARATION,
        opens_at=None,
        closes_at=None,
        title_ar="ساعات عمل المكتبات العامة",
        title_en="Public library opening hours",
    )
    PollFactory(consultation=consultation, options=["Evenings", "Weekends"], show_results="always")
    walk(consultation, Phase.PLANNING, coordinator=coordinator, reviewer=federal_user)
    plan = Plan(consultation=consultation, objective="Agree the opening hours with readers")
    lifecycle.plan_save(plan=plan, user=coordinator)
    TargetGroup.objects.create(plan=plan, name="Readers in Sharjah", language="ar", place="sharjah")
    lifecycle.plan_submit(plan=plan, user=coordinator)
    lifecycle.plan_review(plan=plan, user=federal_user, approve=True)
    now = timezone.now()
    Consultation.objects.filter(pk=consultation.pk).update(opens_at=now, closes_at=now + timedelta(days=14))
    consultation.refresh_from_db()
    return consultation


def _login(page, base, user, prefix="/en"):
    page.goto(f"{base}{prefix}/accounts/login/")
    page.locator('input[name="username"]').fill(user.email)
    page.locator('input[name="password"]').fill(PASSWORD)
    page.locator('form button[type="submit"], form input[type="submit"]').last.click()
    page.wait_for_url(lambda url: "/login/" not in url)


def _move(page, phase_label):
    page.get_by_role("button", name=f"Move to {phase_label}").click()
    expect(page.get_by_text("moved to the next phase").first).to_be_visible()


def test_coordinator_runs_a_campaign_to_results_and_the_citizen_sees_them(
    live_server, browser, page, planned, coordinator
):
    base = live_server.url
    lifecycle = f"{base}/en/admin/consultations/consultation/{planned.pk}/lifecycle/"
    _login(page, base, coordinator)
    page.goto(lifecycle)
    assert page.locator("html").get_attribute("dir") == "ltr"

    # Planning → Conduct (the plan is approved, the dates are set).
    _move(page, "Conduct")
    assert Consultation.objects.get(pk=planned.pk).phase == Phase.CONDUCT

    # A citizen takes part while the campaign is open.
    citizen = UserFactory(preferred_language="en")
    poll = Poll.objects.get(consultation=planned)
    evenings = poll.options.order_by("order").first()
    vote_cast(poll=poll, user=citizen, option_ids=[evenings.pk])

    # Conduct → Analysis; the analysis page counts the vote.
    page.goto(lifecycle)
    _move(page, "Analysis")
    page.goto(f"{base}/en/admin/consultations/consultation/{planned.pk}/analysis/")
    expect(page.get_by_text("Evenings").first).to_be_visible()

    # Record the decision in the admin's form, then management's formal approval.
    page.goto(f"{base}/en/admin/consultations/decision/add/?consultation={planned.pk}")
    page.locator('[name="text_ar"]').fill("تمديد ساعات العمل مساءً")
    page.locator('[name="text_en"]').fill("Libraries will open in the evenings")
    page.locator('[name="rationale_ar"]').fill("اختارها أغلب المشاركين")
    page.locator('[name="rationale_en"]').fill("Most participants chose it")
    page.locator('input[name="_save"]').click()
    expect(page.get_by_text("was added successfully").first).to_be_visible()
    page.goto(lifecycle)
    page.locator("#approved_from").fill("Director general")
    page.get_by_role("button", name="Record the formal approval").click()
    expect(page.get_by_text("approved and published").first).to_be_visible()

    # Analysis → Announcing results: participants are told (Celery, after commit).
    _move(page, "Announcing results")
    consultation = Consultation.objects.get(pk=planned.pk)
    assert consultation.phase == Phase.ANNOUNCEMENT
    assert Notification.objects.filter(user=citizen, key=f"consultation-{planned.pk}-outcome").count() == 1
    assert page.console_errors == []

    # The citizen sees the outcome on the public page and the notification in their account.
    context = browser.new_context()
    other = context.new_page()
    try:
        _login(other, base, citizen)
        other.goto(f"{base}/en/consultations/{planned.pk}/")
        expect(other.get_by_text("Libraries will open in the evenings").first).to_be_visible()
        expect(other.get_by_text("Most participants chose it").first).to_be_visible()
        other.goto(f"{base}/en/accounts/notifications/")
        expect(other.get_by_text("Public library opening hours").first).to_be_visible()
    finally:
        context.close()
