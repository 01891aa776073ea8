"""A coordinator takes a module of the e-course in a real browser: fails, waits, passes, downloads the
certificate; the public verification page confirms it."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from governance.models import Certificate, Choice, Course, CourseModule, ExamAttempt, Question
from governance.services import network
from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def course(db):
    course = Course.objects.create(
        slug="foundation", title_ar="الدورة التأسيسية", title_en="Foundation course", is_published=True
    )
    module = CourseModule.objects.create(
        course=course,
        position=1,
        title_ar="المستويات",
        title_en="The UN levels",
        body_en="Three levels.",
        questions_per_attempt=2,
        pass_mark=100,
        max_attempts=3,
        wait_minutes=30,
    )
    for n, kind in enumerate([Question.Kind.SINGLE, Question.Kind.TRUE_FALSE, Question.Kind.MULTIPLE]):
        q = Question.objects.create(module=module, kind=kind, text_ar=f"س{n}", text_en=f"Question {n}")
        Choice.objects.create(question=q, text_ar="أ", text_en=f"Answer {n}a", is_correct=True)
        Choice.objects.create(question=q, text_ar="ب", text_en=f"Answer {n}b", is_correct=kind == "multiple")
        Choice.objects.create(question=q, text_ar="ج", text_en=f"Answer {n}c")
    return course


@pytest.fixture
def member(entity, federal_user):
    user = UserFactory(display_name="Hessa Coordinator", preferred_language="en")
    nomination = network.coordinator_nominate(entity=entity, user=user, nominated_by=federal_user)
    network.coordinator_nomination_decide(nomination=nomination, approve=True, user=federal_user)
    return user


def _login(page, base, user):
    page.goto(f"{base}/en/accounts/login/")
    page.locator('input[name="username"]').fill(user.email)
    page.locator('input[name="password"]').fill(PASSWORD)
    page.locator('form button[type="submit"], form input[type="submit"]').last.click()
    page.wait_for_url(lambda url: "/login/" not in url)


def _question_ids(page) -> list[int]:
    names = page.locator("form input[name^='q']").evaluate_all("els => els.map(e => e.name)")
    return list(dict.fromkeys(int(n[1:]) for n in names))


def test_a_coordinator_fails_waits_passes_and_the_public_verifies_the_certificate(
    live_server, page, course, member, tmp_path
):
    base = live_server.url
    _login(page, base, member)
    page.goto(f"{base}/en/governance/courses/")
    page.get_by_role("link", name="The UN levels").click()
    expect(page.get_by_role("heading", name="1. The UN levels")).to_be_visible()

    # First attempt: wrong answers only.
    page.get_by_role("button", name="Start the exam").click()
    for qid in _question_ids(page):
        wrong = Choice.objects.filter(question_id=qid, is_correct=False).first()
        page.locator(f"#c{wrong.pk}").check()
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.locator("#exam-result")).to_contain_text("Not passed: your score is 0%")
    expect(page.get_by_text("You can try again after")).to_be_visible()

    # Trying again at once is refused with the reason.
    page.goto(f"{base}/en/governance/courses/foundation/1/")
    page.get_by_role("button", name="Start the exam").click()
    expect(page.get_by_text("You can try again after").first).to_be_visible()
    assert ExamAttempt.objects.filter(user=member).count() == 1

    # Half an hour later (time moved forward by the waiting time), the second attempt passes.
    ExamAttempt.objects.filter(user=member).update(
        submitted_at=timezone.now() - datetime.timedelta(minutes=31)
    )
    page.get_by_role("button", name="Start the exam").click()
    for qid in _question_ids(page):
        for choice in Choice.objects.filter(question_id=qid, is_correct=True):
            page.locator(f"#c{choice.pk}").check()
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.locator("#exam-result")).to_contain_text("Passed: your score is 100%")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the certificate (PDF)").click()
    path = tmp_path / "certificate.pdf"
    download_info.value.save_as(path)
    assert path.read_bytes()[:5] == b"%PDF-"
    code = Certificate.objects.get(user=member).code
    assert re.fullmatch(r"[0-9A-F]{12}", code)

    # Anyone (a fresh, anonymous browser context) verifies the code on the public page.
    anonymous = page.context.browser.new_context()
    public = anonymous.new_page()
    public.goto(f"{base}/en/certificates/verify/")
    public.get_by_label("Verification code").fill(code.lower())
    public.get_by_role("button", name="Verify").click()
    expect(public.locator("#verification")).to_contain_text("Valid certificate: Hessa Coordinator")
    expect(public.locator("#verification")).to_contain_text("Foundation course")
    anonymous.close()
