"""Newsletter: double opt-in, unsubscribe by signed link, exactly-once delivery under re-runs."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from governance.models import BlogPost, NewsletterDelivery, NewsletterIssue, NewsletterItem, Subscriber
from governance.services import newsletter as service
from governance.services.content import blog_post_create
from governance.tasks import newsletter_send_batch
from tests.factories import ConsultationFactory


def _link(message, part: str) -> str:
    return re.search(rf"https?://\S+/newsletter/{part}/\S+/", message.body).group(0)


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def test_subscribing_sends_a_confirmation_link_and_nothing_else_until_it_is_followed(client, db):
    response = client.post("/en/newsletter/", {"email": "Reader@Example.org", "language": "en"})
    assert response.status_code == 200 and "we have sent it a link" in response.content.decode()
    subscriber = Subscriber.objects.get(email="reader@example.org")
    assert subscriber.status == Subscriber.Status.PENDING
    assert len(mail.outbox) == 1

    issue = NewsletterIssue.objects.create(title_ar="عدد", title_en="Issue")
    service.newsletter_issue_send(issue=issue)
    newsletter_send_batch(issue.pk)
    assert len(mail.outbox) == 1  # a pending address gets no issue

    page = client.get(_path(_link(mail.outbox[0], "confirm")))
    assert page.status_code == 200 and "confirmed" in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED and subscriber.confirmed_at


def test_a_forged_or_expired_confirmation_link_confirms_nobody(client, db, monkeypatch):
    client.post("/newsletter/", {"email": "a@example.org", "language": "ar"})
    link = _path(_link(mail.outbox[0], "confirm"))
    assert client.get(link[:-3] + "xx/").status_code == 400
    monkeypatch.setattr(service, "CONFIRM_MAX_AGE", -1)  # the link is now older than allowed
    assert client.get(link).status_code == 400
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_subscribing_again_reveals_nothing_and_does_not_resubscribe_a_bounced_address(client, db):
    Subscriber.objects.create(email="known@example.org", status=Subscriber.Status.CONFIRMED)
    Subscriber.objects.create(email="bounced@example.org", status=Subscriber.Status.BOUNCED)
    replies = [
        client.post("/en/newsletter/", {"email": email, "language": "en"}).content.decode()
        for email in ("known@example.org", "bounced@example.org")
    ]
    assert all("we have sent it a link" in reply for reply in replies)
    assert len(mail.outbox) == 0
    assert Subscriber.objects.get(email="bounced@example.org").status == Subscriber.Status.BOUNCED


def _confirmed(n: int, **fields) -> list[Subscriber]:
    return [
        Subscriber.objects.create(
            email=f"s{i}@example.org",
            status=Subscriber.Status.CONFIRMED,
            language="ar" if i % 2 else "en",
            **fields,
        )
        for i in range(n)
    ]


def test_unsubscribing_by_the_signed_link_needs_no_login_and_one_click(client, db):
    subscriber = _confirmed(1)[0]
    issue = NewsletterIssue.objects.create(title_ar="عدد", title_en="Issue")
    service.newsletter_issue_send(issue=issue)
    newsletter_send_batch(issue.pk)
    message = mail.outbox[0]
    link = re.search(r"<(https?://\S+)>", message.extra_headers["List-Unsubscribe"]).group(1)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in message.body

    page = client.get(_path(link))  # a link scanner's GET unsubscribes nobody
    assert page.status_code == 200 and "Unsubscribe" in page.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED

    response = client.post(_path(link))  # one click (also what mail clients post, without a CSRF token)
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED

    forged = _path(link).replace("/unsubscribe/", "/unsubscribe/0")
    assert client.post(forged).status_code == 400


def test_an_issue_reaches_each_confirmed_subscriber_exactly_once_even_when_run_again(
    db, settings, django_capture_on_commit_callbacks
):
    settings.NEWSLETTER_BATCH_SIZE = 2
    subscribers = _confirmed(5)
    Subscriber.objects.create(email="gone@example.org", status=Subscriber.Status.UNSUBSCRIBED)
    Subscriber.objects.create(email="bounce@example.org", status=Subscriber.Status.BOUNCED)
    issue = NewsletterIssue.objects.create(title_ar="عدد نوفمبر", title_en="November issue")

    with django_capture_on_commit_callbacks(execute=True):
        service.newsletter_issue_send(issue=issue)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(s.email for s in subscribers)
    issue.refresh_from_db()
    assert issue.status == NewsletterIssue.Status.SENT and issue.sent_at

    # The job run again, and the send action pressed again: nobody gets it twice.
    newsletter_send_batch(issue.pk)
    with django_capture_on_commit_callbacks(execute=True):
        service.newsletter_issue_send(issue=issue)
    assert len(mail.outbox) == 5
    assert NewsletterDelivery.objects.filter(issue=issue, status="sent").count() == 5
    subjects = {m.subject for m in mail.outbox}
    assert subjects == {"عدد نوفمبر", "November issue"}  # each in the subscriber's language


def test_a_subscriber_already_being_sent_to_by_another_worker_is_skipped(db):
    first, second = _confirmed(2)
    issue = NewsletterIssue.objects.create(
        title_ar="عدد", title_en="Issue", status=NewsletterIssue.Status.SENDING
    )
    NewsletterDelivery.objects.create(issue=issue, subscriber=first)  # claimed elsewhere
    sent, more = service.newsletter_batch_send(issue_id=issue.pk, batch_size=10)
    assert (sent, more) == (1, False)
    assert [m.to for m in mail.outbox] == [[second.email]]


def test_compose_takes_recent_posts_decided_consultations_and_accepted_entity_items(
    db, federal_user, entity, coordinator
):
    recent = blog_post_create(author=federal_user, slug="recent", title_ar="حديث", body_ar="<p>x</p>")
    old = blog_post_create(author=federal_user, slug="old", title_ar="قديم", body_ar="<p>x</p>")
    now = timezone.now()
    BlogPost.objects.filter(pk=recent.pk).update(
        status="published", published_at=now - datetime.timedelta(days=3)
    )
    BlogPost.objects.filter(pk=old.pk).update(
        status="published", published_at=now - datetime.timedelta(days=90)
    )
    decided = ConsultationFactory(
        entity=entity,
        phase="announcement",
        opens_at=now - datetime.timedelta(days=40),
        closes_at=now - datetime.timedelta(days=20),
        decided_at=now - datetime.timedelta(days=5),
        decision="We will do it",
    )
    ConsultationFactory(entity=entity)  # open, not decided
    item = service.newsletter_item_submit(entity=entity, user=coordinator, title="Our news", body="Text")
    declined = service.newsletter_item_submit(entity=entity, user=coordinator, title="Declined", body="Text")
    NewsletterItem.objects.filter(pk=item.pk).update(status="accepted")
    NewsletterItem.objects.filter(pk=declined.pk).update(status="declined")

    issue = NewsletterIssue.objects.create(title_ar="عدد", title_en="Issue")
    service.newsletter_issue_compose(issue=issue)
    assert list(issue.blog_posts.all()) == [recent]
    assert list(issue.consultations.all()) == [decided]
    assert list(issue.items.all()) == [NewsletterItem.objects.get(pk=item.pk)]
    _subject, text, html = service.newsletter_render(issue=issue, language="en")
    assert "Our news" in html and "Declined" not in html and decided.title_en in text


def test_an_entity_submits_items_only_for_itself(db, entity, other_entity, coordinator):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        service.newsletter_item_submit(entity=other_entity, user=coordinator, title="x", body="y")


def test_the_admin_previews_an_issue_in_both_languages(client, federal_user):
    issue = NewsletterIssue.objects.create(title_ar="عدد الشهر", title_en="Monthly issue", news_en="Big news")
    client.force_login(federal_user)
    english = client.get(f"/admin/governance/newsletterissue/{issue.pk}/preview/en/").content.decode()
    assert "Monthly issue" in english and "Big news" in english and 'dir="ltr"' in english
    arabic = client.get(f"/admin/governance/newsletterissue/{issue.pk}/preview/ar/").content.decode()
    assert "عدد الشهر" in arabic and 'dir="rtl"' in arabic


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_sending_the_same_issue_at_once_mail_each_subscriber_once():
    import threading

    from django.db import connection

    subscribers = _confirmed(12)
    issue = NewsletterIssue.objects.create(
        title_ar="عدد", title_en="Issue", status=NewsletterIssue.Status.SENDING
    )
    barrier = threading.Barrier(2)
    errors = []

    def worker():
        try:
            barrier.wait()
            service.newsletter_batch_send(issue_id=issue.pk, batch_size=100)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sorted(m.to[0] for m in mail.outbox) == sorted(s.email for s in subscribers)
    assert NewsletterDelivery.objects.filter(issue=issue).count() == 12
