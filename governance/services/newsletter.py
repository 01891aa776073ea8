"""The newsletter: double opt-in, one-click unsubscribe by signed link, exactly-once delivery in batches."""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import BlogPost, NewsletterDelivery, NewsletterIssue, NewsletterItem, Subscriber

logger = logging.getLogger(__name__)

CONFIRM_SALT = "governance.newsletter.confirm"
UNSUBSCRIBE_SALT = "governance.newsletter.unsubscribe"
CONFIRM_MAX_AGE = 7 * 24 * 3600
DEFAULT_BATCH_SIZE = 200
COMPOSE_WINDOW = datetime.timedelta(days=31)


def confirm_token(subscriber: Subscriber) -> str:
    return signing.dumps({"s": subscriber.pk, "e": subscriber.email}, salt=CONFIRM_SALT)


def unsubscribe_token(subscriber: Subscriber) -> str:
    return signing.dumps({"s": subscriber.pk, "e": subscriber.email}, salt=UNSUBSCRIBE_SALT)


def _subscriber_from(token: str, *, salt: str, max_age: int | None) -> Subscriber | None:
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:  # also SignatureExpired
        return None
    return Subscriber.objects.filter(pk=data.get("s"), email=data.get("e")).first()


def _url(name: str, token: str, language: str) -> str:
    with translation.override(language):
        return settings.SITE_URL + reverse(name, args=[token])


def subscriber_subscribe(*, email: str, language: str = "ar") -> Subscriber | None:
    """Ask for a subscription: a confirmation link is e-mailed; nothing is sent until it is followed.

    The reply shown is the same whatever the address's state, so the form reveals nobody's subscription.
    """
    email = (email or "").strip().lower()
    validate_email(email)
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    with transaction.atomic():
        subscriber, _created = Subscriber.objects.select_for_update().get_or_create(
            email=email, defaults={"language": language}
        )
        if subscriber.status == Subscriber.Status.CONFIRMED:
            return subscriber
        if subscriber.status == Subscriber.Status.BOUNCED:
            return None
        subscriber.status = Subscriber.Status.PENDING
        subscriber.language = language
        subscriber.save(update_fields=["status", "language", "updated_at"])
    with translation.override(subscriber.language):
        body = render_to_string(
            "governance/email/newsletter_confirm.txt",
            {"url": _url("governance:newsletter-confirm", confirm_token(subscriber), subscriber.language)},
        )
        send_mail(_("Confirm your subscription to the Sharik newsletter"), body, None, [subscriber.email])
    return subscriber


@transaction.atomic
def subscriber_confirm(*, token: str) -> Subscriber | None:
    subscriber = _subscriber_from(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    if subscriber is None or subscriber.status == Subscriber.Status.BOUNCED:
        return None
    if subscriber.status != Subscriber.Status.CONFIRMED:
        subscriber.status = Subscriber.Status.CONFIRMED
        subscriber.confirmed_at = timezone.now()
        subscriber.unsubscribed_at = None
        subscriber.save(update_fields=["status", "confirmed_at", "unsubscribed_at", "updated_at"])
    return subscriber


def subscriber_for_unsubscribe_token(token: str) -> Subscriber | None:
    """The subscriber a valid unsubscribe link names, or None (to show the one-click button or refuse)."""
    return _subscriber_from(token, salt=UNSUBSCRIBE_SALT, max_age=None)


@transaction.atomic
def subscriber_unsubscribe(*, token: str) -> Subscriber | None:
    subscriber = _subscriber_from(token, salt=UNSUBSCRIBE_SALT, max_age=None)
    if subscriber is None:
        return None
    if subscriber.status != Subscriber.Status.UNSUBSCRIBED:
        subscriber.status = Subscriber.Status.UNSUBSCRIBED
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["status", "unsubscribed_at", "updated_at"])
    return subscriber


@transaction.atomic
def subscriber_mark_bounced(*, subscriber: Subscriber) -> Subscriber:
    """A hard bounce: no more issues go to this address."""
    subscriber.status = Subscriber.Status.BOUNCED
    subscriber.save(update_fields=["status", "updated_at"])
    return subscriber


@transaction.atomic
def newsletter_item_submit(*, entity, user, title: str, body: str, link: str = "") -> NewsletterItem:
    """An entity proposes an item for the next issue (its coordinator, for their own entity)."""
    from django.core.exceptions import PermissionDenied

    if not user.has_perm("governance.add_newsletteritem", entity):
        raise PermissionDenied(_("You may submit items only for your own entity."))
    item = NewsletterItem(entity=entity, title=title, body=body, link=link)
    item.full_clean()
    item.save()
    return item


DECIDE_NEWSLETTER_PERM = "governance.change_newsletterissue"


@transaction.atomic
def newsletter_item_update(*, item: NewsletterItem, user) -> NewsletterItem:
    """Save an edit of an item. An accepted (or declined) item edited by someone who does not decide
    goes back to "submitted" and leaves any unsent issue, so no unreviewed text reaches subscribers."""
    if item.status != NewsletterItem.Status.SUBMITTED and not user.has_perm(DECIDE_NEWSLETTER_PERM):
        item.status = NewsletterItem.Status.SUBMITTED
        if item.issue_id and item.issue.status == NewsletterIssue.Status.DRAFT:
            item.issue = None
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def newsletter_issue_compose(
    *, issue: NewsletterIssue, now: datetime.datetime | None = None
) -> NewsletterIssue:
    """Fill a draft issue with what happened since the last issue went out (or the last month)."""
    from consultations.models import Consultation

    if issue.status != NewsletterIssue.Status.DRAFT:
        raise ValidationError(_("Only a draft issue can be composed."))
    now = now or timezone.now()
    last_sent = (
        NewsletterIssue.objects.filter(status=NewsletterIssue.Status.SENT, sent_at__isnull=False)
        .order_by("-sent_at")
        .values_list("sent_at", flat=True)
        .first()
    )
    since = last_sent or now - COMPOSE_WINDOW
    issue.blog_posts.add(*BlogPost.objects.published().filter(published_at__gt=since))
    issue.consultations.add(
        *Consultation.objects.public().filter(decided_at__gt=since, decided_at__lte=now).exclude(decision="")
    )
    NewsletterItem.objects.filter(status=NewsletterItem.Status.ACCEPTED, issue__isnull=True).update(
        issue=issue
    )
    return issue


def newsletter_render(
    *, issue: NewsletterIssue, language: str, unsubscribe_url: str = ""
) -> tuple[str, str, str]:
    """(subject, text, html) of an issue in one language."""
    with translation.override(language):
        context = {
            "issue": issue,
            "posts": list(issue.blog_posts.all()),
            "consultations": list(issue.consultations.select_related("entity")),
            "items": list(issue.items.filter(status=NewsletterItem.Status.ACCEPTED).select_related("entity")),
            "site": settings.SITE_URL,
            "unsubscribe_url": unsubscribe_url,
            "LANGUAGE_CODE": language,
            "direction": "rtl" if language in settings.RTL_LANGUAGES else "ltr",
        }
        subject = issue.title
        text = render_to_string("governance/email/newsletter.txt", context)
        html = render_to_string("governance/email/newsletter.html", context)
    return subject, text, html


@transaction.atomic
def newsletter_issue_send(*, issue: NewsletterIssue) -> NewsletterIssue:
    """Start sending an issue: the batches go out from Celery once this commits."""
    from ..tasks import newsletter_send_batch

    issue = NewsletterIssue.objects.select_for_update().get(pk=issue.pk)
    if issue.status == NewsletterIssue.Status.DRAFT:
        issue.status = NewsletterIssue.Status.SENDING
        issue.save(update_fields=["status", "updated_at"])
    if issue.status == NewsletterIssue.Status.SENDING:
        transaction.on_commit(lambda: newsletter_send_batch.delay(issue.pk))
    return issue


def _pending_subscribers(issue: NewsletterIssue):
    return (
        Subscriber.objects.filter(status=Subscriber.Status.CONFIRMED)
        .exclude(deliveries__issue=issue)
        .order_by("pk")
    )


def newsletter_batch_send(*, issue_id: int, batch_size: int = DEFAULT_BATCH_SIZE) -> tuple[int, bool]:
    """Send one batch of an issue. Returns (sent, more to send).

    Each subscriber's delivery row is inserted before the mail goes out; the unique (issue, subscriber)
    constraint means a second run, or a second worker, never mails the same person the same issue twice.
    """
    issue = NewsletterIssue.objects.get(pk=issue_id)
    if issue.status != NewsletterIssue.Status.SENDING:
        return 0, False
    sent = 0
    for subscriber in list(_pending_subscribers(issue)[:batch_size]):
        try:
            with transaction.atomic():
                delivery = NewsletterDelivery.objects.create(issue=issue, subscriber=subscriber)
        except IntegrityError:
            continue  # someone else is sending it to this person
        unsubscribe_url = _url(
            "governance:newsletter-unsubscribe", unsubscribe_token(subscriber), subscriber.language
        )
        # The unsubscribe link is personal, so each message is rendered for its reader.
        subject, text, html = newsletter_render(
            issue=issue, language=subscriber.language, unsubscribe_url=unsubscribe_url
        )
        message = EmailMultiAlternatives(
            subject,
            text,
            None,
            [subscriber.email],
            headers={
                "List-Unsubscribe": f"<{unsubscribe_url}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.attach_alternative(html, "text/html")
        try:
            message.send()
        except (smtplib.SMTPException, OSError) as exc:
            logger.warning("newsletter %s to subscriber %s failed: %s", issue.pk, subscriber.pk, exc)
            NewsletterDelivery.objects.filter(pk=delivery.pk).update(
                status=NewsletterDelivery.Status.FAILED, error=str(exc)[:300]
            )
            continue
        NewsletterDelivery.objects.filter(pk=delivery.pk).update(
            status=NewsletterDelivery.Status.SENT, sent_at=timezone.now()
        )
        sent += 1
    more = _pending_subscribers(issue).exists()
    if not more:
        NewsletterIssue.objects.filter(pk=issue.pk, status=NewsletterIssue.Status.SENDING).update(
            status=NewsletterIssue.Status.SENT, sent_at=timezone.now()
        )
    return sent, more
