"""A citizen registers, reads an open consultation in Arabic, comments, votes and switches to English."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from consultations.models import Comment, PollOption, VoteChoice
from tests.consultations.instrument_factories import make_budget
from tests.factories import ConsultationFactory, PollFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}

# What the visitor reads, in each language (the labels are the product's own translations).
WORDS = {
    "ar": {
        "email": "البريد الإلكتروني",
        "name": "الاسم الظاهر بجانب مساهماتك",
        "password": "كلمة المرور",
        "password2": "كلمة المرور مرة أخرى",
        "terms": "أوافق على شروط الاستخدام وسياسة الخصوصية",
        "register": "التسجيل",
        "check_mail": "تحقق من بريدك الإلكتروني",
        "activated": "تم تفعيل حسابك",
        "consultations": "الاستشارات",
        "title": "مسودة سياسة النقل المدرسي",
        "vote": "صوّت",
        "change_vote": "غيّر صوتي",
        "yes": "نعم",
        "no": "لا",
        "choose_first": "اختر خياراً قبل التصويت.",
        "recorded": "سُجّل صوتك",
        "one_vote": "(صوت واحد)",
        "comment": "تعليقك",
        "publish_comment": "انشر التعليق",
        "comment_done": "شكراً لك: نُشر تعليقك.",
        "reply": "رد",
        "your_reply": "ردك",
        "publish_reply": "انشر الرد",
        "idea_title": "عنوان فكرتك",
        "idea_body": "صِفها",
        "publish_idea": "انشر فكرتي",
        "idea_done": "شكراً لك: نُشرت فكرتك.",
        "budget_link": "ميزانية تشاركية:",
        "budget_total": "1,000,000 درهم",
        "submit_allocation": "إرسال توزيعي",
        "other": "English",
        "other_title": "Draft school transport policy",
    },
    "en": {
        "email": "E-mail address",
        "name": "Name shown beside your contributions",
        "password": "Password",
        "password2": "Password again",
        "terms": "I accept the terms of use and the privacy policy",
        "register": "Register",
        "check_mail": "Check your e-mail",
        "activated": "Your account is active",
        "consultations": "Consultations",
        "title": "Draft school transport policy",
        "vote": "Vote",
        "change_vote": "Change my vote",
        "yes": "Yes",
        "no": "No",
        "choose_first": "Choose an option before voting.",
        "recorded": "Your vote is recorded",
        "one_vote": "(1 vote)",
        "comment": "Your comment",
        "publish_comment": "Publish comment",
        "comment_done": "Thank you: your comment is published.",
        "reply": "Reply",
        "your_reply": "Your reply",
        "publish_reply": "Publish reply",
        "idea_title": "Title of your idea",
        "idea_body": "Describe it",
        "publish_idea": "Publish my idea",
        "idea_done": "Thank you: your idea is published.",
        "budget_link": "Participatory budget:",
        "budget_total": "AED 1,000,000",
        "submit_allocation": "Submit my allocation",
        "other": "العربيّة",
        "other_title": "مسودة سياسة النقل المدرسي",
    },
}


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
    for order, english in enumerate(["Yes", "No"]):
        PollOption.objects.filter(poll__consultation=consultation, order=order).update(label_en=english)
    make_budget(
        consultation,
        total=1_000_000,
        projects=(("حديقة الحي", 600_000), ("مكتبة", 300_000), ("ممشى", 250_000)),
    )
    return consultation


def _in_view(page, locator):
    """The element is inside the visible part of the window, not only somewhere on the page."""
    expect(locator).to_be_visible()
    box = locator.bounding_box()
    viewport = page.viewport_size
    assert box is not None
    assert box["y"] >= 0 and box["y"] + min(box["height"], 40) <= viewport["height"], box
    assert box["x"] >= -1 and box["x"] + box["width"] <= viewport["width"] + 1, box


def _no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), page.url


def _register_and_activate(page, base, lang, w, email):
    prefix = "" if lang == "ar" else "/en"
    page.goto(f"{base}{prefix}/accounts/register/")
    assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
    page.get_by_label(w["email"]).fill(email)
    page.get_by_label(w["name"]).fill("نورة" if lang == "ar" else "Noura")
    page.get_by_label(w["password"], exact=True).fill("Tall-Palm-Trees-2026")
    page.get_by_label(w["password2"]).fill("Tall-Palm-Trees-2026")
    page.get_by_label(w["terms"]).check()
    _no_sideways_scroll(page)
    page.get_by_role("button", name=w["register"], exact=True).click()
    expect(page.get_by_text(w["check_mail"]).first).to_be_visible()
    message = next(m for m in reversed(mail.outbox) if email in m.to)
    link = re.search(r"https?://[^/\s]+(/(?:en/)?accounts/activate/\S+/)", message.body).group(1)
    page.goto(base + link)
    expect(page.get_by_text(w["activated"]).first).to_be_visible()


def _first_visit(page, base, consultation, lang, *, full: bool):
    """A citizen's first visit. `full` walks every step; otherwise the steps whose layout matters."""
    w = WORDS[lang]
    email = f"noura-{lang}-{page.viewport_size['width']}@example.org"
    _register_and_activate(page, base, lang, w, email)

    nav = page.get_by_role("link", name=w["consultations"], exact=True)
    if not nav.first.is_visible():  # the phone menu
        page.locator(".aegov-header button[aria-controls], header button[aria-expanded]").first.click()
    nav.first.click()
    page.get_by_role("link", name=w["title"]).click()
    assert page.get_by_role("heading", level=1).inner_text() == w["title"]
    _no_sideways_scroll(page)

    # A refused action: voting without choosing. The reason is shown beside the form, in view.
    page.get_by_role("button", name=w["vote"], exact=True).click()
    _in_view(page, page.get_by_role("alert").filter(has_text=w["choose_first"]))

    # Vote, then change the vote.
    page.get_by_label(w["yes"], exact=True).check()
    page.get_by_role("button", name=w["vote"], exact=True).click()
    expect(page.get_by_text(w["recorded"]).first).to_be_visible()
    expect(page.get_by_text(w["one_vote"]).first).to_be_visible()
    page.get_by_label(w["no"], exact=True).check()
    page.get_by_role("button", name=w["change_vote"]).click()
    expect(page.get_by_text(w["recorded"]).first).to_be_visible()
    chosen = VoteChoice.objects.get(vote__poll__consultation=consultation, vote__user__email=email)
    assert chosen.option.label_en == "No"
    # The page shows the person's choice, drawn as chosen (the design system's radios are drawn by the
    # stylesheet: without its checked style a chosen radio looked like the others).
    mark = "e => getComputedStyle(e).backgroundImage"
    expect(page.get_by_label(w["no"], exact=True)).to_be_checked()
    assert page.get_by_label(w["no"], exact=True).evaluate(mark) != "none"
    assert page.get_by_label(w["yes"], exact=True).evaluate(mark) == "none"

    if full:
        # Comment, and reply to it.
        body = "أقترح حافلة إضافية بعد الظهر." if lang == "ar" else "An extra bus after school, please."
        page.get_by_label(w["comment"]).fill(body)
        page.get_by_role("button", name=w["publish_comment"]).click()
        expect(page.get_by_text(w["comment_done"]).first).to_be_visible()
        comment = Comment.objects.get(consultation=consultation, author__email=email, parent=None)
        page.locator(f"#comment-{comment.pk} summary, #comment-{comment.pk} ~ details summary").filter(
            has_text=w["reply"]
        ).first.click()
        reply_box = page.locator(f"#reply-{comment.pk}")
        reply_box.fill("وفي الصباح أيضًا." if lang == "ar" else "And in the morning too.")
        page.locator(f"#reply-form-{comment.pk}").get_by_role("button", name=w["publish_reply"]).click()
        expect(page.get_by_text(w["comment_done"]).first).to_be_visible()
        assert Comment.objects.filter(parent=comment, author__email=email).count() == 1

        # An idea.
        page.get_by_label(w["idea_title"]).fill("حافلات كهربائية" if lang == "ar" else "Electric buses")
        page.get_by_label(w["idea_body"]).fill("أقل ضجيجًا." if lang == "ar" else "Quieter streets.")
        page.get_by_role("button", name=w["publish_idea"]).click()
        expect(page.get_by_text(w["idea_done"]).first).to_be_visible()

    # The participatory budget, with its running total while choosing.
    page.get_by_role("link", name=re.compile(re.escape(w["budget_link"]))).click()
    expect(page.get_by_text(w["budget_total"]).first).to_be_visible()
    chosen_total = page.locator("#budget-chosen")
    expect(chosen_total).to_have_text("0")
    boxes = page.locator('input[name="project"]')
    boxes.nth(0).check()
    expect(chosen_total).to_have_text("600,000")
    boxes.nth(1).check()
    expect(chosen_total).to_have_text("900,000")
    boxes.nth(2).check()
    expect(chosen_total).to_have_text("1,150,000")
    _in_view(page, page.locator("#budget-over"))
    boxes.nth(2).uncheck()
    expect(page.locator("#budget-over")).to_be_hidden()
    _no_sideways_scroll(page)
    if full:
        page.get_by_role("button", name=w["submit_allocation"]).click()
        expect(page.locator("#budget-chosen")).to_have_text("900,000")

    # Switch language and back: the same page each time.
    here = page.url.split("/en/", 1)[-1] if "/en/" in page.url else page.url.split("/", 3)[-1]
    page.get_by_role("button", name=w["other"]).first.click()
    other_lang = "en" if lang == "ar" else "ar"
    assert page.locator("html").get_attribute("lang") == other_lang
    assert page.url.endswith(here)
    page.get_by_role("button", name=WORDS[other_lang]["other"]).first.click()
    assert page.locator("html").get_attribute("lang") == lang
    assert page.url.endswith(here)
    assert page.console_errors == []


@pytest.mark.parametrize(
    "lang,viewport,full",
    [
        pytest.param("ar", PHONE, True, id="ar-phone-full"),
        pytest.param("en", DESKTOP, True, id="en-desktop-full"),
        pytest.param("ar", DESKTOP, False, id="ar-desktop-layout"),
        pytest.param("en", PHONE, False, id="en-phone-layout"),
    ],
)
def test_first_visit(live_server, page, consultation, lang, viewport, full):
    page.set_viewport_size(viewport)
    _first_visit(page, live_server.url, consultation, lang, full=full)


def test_keyboard_only_comment_and_vote(live_server, page, consultation, citizen, client):
    client.force_login(citizen)
    session = client.cookies["sessionid"].value
    page.context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
    page.goto(f"{live_server.url}/en/consultations/{consultation.pk}/")
    # Reach the first poll option with the keyboard, choose it with Space, submit with Enter.
    option = page.get_by_label("Yes", exact=True)
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
