"""A citizen registers, reads an open consultation in Arabic, comments, votes and switches to English."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from consultations.models import Comment, VoteChoice
from tests.factories import ConsultationFactory, PollFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def consultation(db):
    consultation = ConsultationFactory(
        title_ar="مسودة سياسة النقل المدرسي",
        title_en="Draft school transport policy",
        summary_ar="ما رأيك في مواعيد الحافلات؟",
        summary_en="What do you think of the bus times?",
    )
    PollFactory(
        consultation=consultation,
        question_ar="هل تؤيد الحافلات المسائية؟",
        question_en="Do you support evening buses?",
        options=["نعم", "لا"],
    )
    return consultation


def test_register_comment_vote_and_switch_language(live_server, page, consultation):
    page.goto(f"{live_server.url}/accounts/register/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.get_by_label("البريد الإلكتروني").fill("noura@example.org")
    page.get_by_label("الاسم الظاهر بجانب مساهماتك").fill("نورة")
    page.get_by_label("كلمة المرور", exact=True).fill("Tall-Palm-Trees-2026")
    page.get_by_label("كلمة المرور مرة أخرى").fill("Tall-Palm-Trees-2026")
    page.get_by_label("أوافق على شروط الاستخدام وسياسة الخصوصية").check()
    page.get_by_role("button", name="التسجيل").click()
    expect(page.get_by_text("تحقق من بريدك الإلكتروني").first).to_be_visible()

    link = re.search(r"/accounts/activate/\S+/", mail.outbox[-1].body).group(0)
    page.goto(live_server.url + link)
    expect(page.get_by_text("تم تفعيل حسابك").first).to_be_visible()

    page.get_by_role("link", name="الاستشارات").first.click()
    page.get_by_role("link", name="مسودة سياسة النقل المدرسي").click()
    assert page.get_by_role("heading", level=1).inner_text() == "مسودة سياسة النقل المدرسي"

    page.get_by_label("تعليقك").fill("أقترح حافلة إضافية بعد الظهر.")
    page.get_by_role("button", name="انشر التعليق").click()
    expect(page.get_by_text("شكراً لك: نُشر تعليقك.")).to_be_visible()
    expect(page.locator("p", has_text="أقترح حافلة إضافية بعد الظهر.")).to_be_visible()

    page.get_by_label("نعم").check()
    page.get_by_role("button", name="صوّت", exact=True).click()
    expect(page.get_by_text("سُجّل صوتك")).to_be_visible()
    expect(page.get_by_text("100% (1 صوت)")).to_be_visible()

    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.url.endswith(f"/en/consultations/{consultation.pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Draft school transport policy"
    expect(page.get_by_text("Change my vote")).to_be_visible()

    assert Comment.objects.filter(consultation=consultation, author__email="noura@example.org").count() == 1
    assert VoteChoice.objects.filter(vote__poll__consultation=consultation).count() == 1
    assert page.console_errors == []


def test_keyboard_only_comment_and_vote(live_server, page, consultation, citizen, client):
    client.force_login(citizen)
    session = client.cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    page.goto(f"{live_server.url}/en/consultations/{consultation.pk}/")
    # Reach the first poll option with the keyboard, choose it with Space, submit with Enter.
    option = page.get_by_label("نعم")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == option.get_attribute("id"):
            break
    else:
        pytest.fail("the poll option cannot be reached with Tab")
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("Your vote is recorded")).to_be_visible()
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "id_body":
            break
    else:
        pytest.fail("the comment box cannot be reached with Tab")
    page.keyboard.type("Typed with the keyboard only.")
    page.keyboard.press("Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert Comment.objects.filter(author=citizen, body="Typed with the keyboard only.").count() == 1
    expect(page.locator("p", has_text="Typed with the keyboard only.")).to_be_visible()
