"""The coordinators network's discussion threads (seed §20-5, §21-1): start, reply, report, hide with a
reason; each participant told of a reply as they chose (each reply, a weekly digest, or no e-mail)."""

import datetime
import hashlib
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sharik.accounts.services import notification_send
from sharik.core.audit import audit_record
from sharik.core.sanitize import sanitize_html, strip_tags

from ..models import Thread, ThreadDigest, ThreadPreference, ThreadReply, ThreadReport
from ..selectors import is_network_member

Delivery = ThreadPreference.Delivery


def _require_member(user) -> None:
    if not is_network_member(user):
        raise PermissionDenied(_("The discussions are for the coordinators network only."))


def _clean_body(body: str) -> str:
    clean = sanitize_html(body or "").strip()
    if not strip_tags(clean).strip():
        raise ValidationError({"body": _("Write something first.")})
    return clean


@transaction.atomic
def thread_start(*, user, title: str, body: str) -> Thread:
    _require_member(user)
    thread = Thread(title=(title or "").strip(), body=_clean_body(body), author=user)
    thread.full_clean()
    thread.save()
    return thread


@transaction.atomic
def thread_reply_add(*, user, thread: Thread, body: str) -> ThreadReply:
    """Add a reply; the thread's other participants are told once the reply is saved."""
    _require_member(user)
    reply = ThreadReply(thread=thread, author=user, body=_clean_body(body))
    reply.full_clean()
    reply.save()
    Thread.objects.filter(pk=thread.pk).update(last_reply_at=reply.created_at)
    from ..tasks import thread_reply_notify

    transaction.on_commit(lambda: thread_reply_notify.delay(reply.pk))
    return reply


def thread_participants(thread: Thread) -> list:
    """Who started the thread or replied in it, still network members."""
    ids = {thread.author_id, *thread.replies.values_list("author_id", flat=True)}
    people = (
        get_user_model().objects.filter(pk__in=ids, is_active=True, deleted_at__isnull=True).order_by("pk")
    )
    return [person for person in people if is_network_member(person)]


def delivery_of(user) -> str:
    preference = ThreadPreference.objects.filter(user=user).first()
    return preference.delivery if preference else Delivery.EACH


def thread_reply_notify(*, reply_id: int) -> int:
    """Tell the thread's other participants of a reply: by e-mail if they chose each reply, else on the
    site only (the weekly digest e-mails those who chose it). Once per person and reply (the key)."""
    reply = (
        ThreadReply.objects.select_related("thread", "author").filter(pk=reply_id, is_hidden=False).first()
    )
    if reply is None:
        return 0
    told = 0
    url = reverse("governance:thread", args=[reply.thread_id]) + f"#reply-{reply.pk}"
    for person in thread_participants(reply.thread):
        if person.pk == reply.author_id:
            continue
        with translation.override(person.preferred_language or "ar"):
            notice = notification_send(
                user=person,
                key=f"thread-reply:{reply.pk}",
                title=_("New reply in “%(title)s”") % {"title": reply.thread.title},
                body=_("%(name)s replied: %(text)s")
                % {"name": reply.author.public_name, "text": strip_tags(reply.body)[:500]},
                url=url,
                email=delivery_of(person) == Delivery.EACH,
            )
        told += notice is not None
    return told


@transaction.atomic
def thread_reply_report(*, user, reply: ThreadReply, reason: str) -> ThreadReport:
    """A member reports a reply to the federal team (once per member and reply)."""
    _require_member(user)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why you report this reply.")})
    if ThreadReport.objects.filter(reply=reply, reporter=user).exists():
        raise ValidationError(_("You have already reported this reply."))
    report = ThreadReport(reply=reply, reporter=user, reason=reason[:300])
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def thread_reply_hide(*, user, reply: ThreadReply, reason: str) -> ThreadReply:
    """The federal team hides a reply with a reason; its author is told why (in their language)."""
    if not user.has_perm("governance.change_threadreply"):
        raise PermissionDenied(_("Only the federal team hides replies."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for hiding; its author will see it."), code="required")
    reply = ThreadReply.objects.select_for_update().get(pk=reply.pk)
    if reply.is_hidden:
        raise ValidationError(_("This is already hidden."), code="hidden")
    reply.is_hidden, reply.hidden_reason, reply.hidden_by, reply.hidden_at = (
        True,
        reason[:300],
        user,
        timezone.now(),
    )
    reply.save(update_fields=["is_hidden", "hidden_reason", "hidden_by", "hidden_at"])
    audit_record(action="hide", obj=reply, actor=user)
    author = reply.author
    with translation.override(author.preferred_language or "ar"):
        message = {
            "key": f"thread-hidden:{reply.pk}:{reply.hidden_at.timestamp():.0f}",
            "title": _("Your reply was hidden by the federal team"),
            "body": _("Reason: %(reason)s") % {"reason": reply.hidden_reason},
            "url": reverse("governance:thread", args=[reply.thread_id]),
        }
    transaction.on_commit(lambda: notification_send(user=author, **message))
    return reply


@transaction.atomic
def thread_preference_set(*, user, delivery: str) -> ThreadPreference:
    _require_member(user)
    if delivery not in Delivery.values:
        raise ValidationError({"delivery": _("Choose one of the options.")})
    preference, _created = ThreadPreference.objects.update_or_create(
        user=user, defaults={"delivery": delivery}
    )
    return preference


# --- The weekly digest ---------------------------------------------------------------------------


def digest_week(*, now: datetime.datetime | None = None) -> tuple[datetime.datetime, datetime.datetime]:
    """The last complete week (Monday to Sunday) before `now`, in the portal's time zone."""
    local = timezone.localtime(now or timezone.now())
    monday = (local - datetime.timedelta(days=local.weekday())).date()
    tz = timezone.get_current_timezone()
    end = timezone.make_aware(datetime.datetime.combine(monday, datetime.time()), tz)
    start = timezone.make_aware(
        datetime.datetime.combine(monday - datetime.timedelta(days=7), datetime.time()), tz
    )
    return start, end


def digest_replies(*, user, start: datetime.datetime, end: datetime.datetime) -> list[ThreadReply]:
    """Others' visible replies of the week in the threads this person started or replied in."""
    mine = Thread.objects.filter(Q(author=user) | Q(replies__author=user)).values("pk")
    return list(
        ThreadReply.objects.filter(
            thread_id__in=mine,
            created_at__gte=start,
            created_at__lt=end,
            is_hidden=False,
        )
        .exclude(author=user)
        .select_related("thread", "author")
        .order_by("thread_id", "created_at", "pk")
    )


def thread_digests_send(*, now: datetime.datetime | None = None) -> int:
    """The beat job: e-mail each member who chose the weekly digest the last week's replies, once.

    Exactly once per person and week: the `ThreadDigest` row is created (unique) and locked before the
    e-mail goes out and marked sent in the same transaction; a second run finds it sent. A person with
    nothing new that week gets no e-mail and no row.
    """
    start, end = digest_week(now=now)
    weekly = ThreadPreference.objects.filter(delivery=Delivery.WEEKLY).values_list("user_id", flat=True)
    people = get_user_model().objects.filter(pk__in=weekly, is_active=True, deleted_at__isnull=True)
    return sum(_digest_send_one(user=person, start=start, end=end) for person in people.order_by("pk"))


def _digest_send_one(*, user, start: datetime.datetime, end: datetime.datetime) -> int:
    if not is_network_member(user):
        return 0
    replies = digest_replies(user=user, start=start, end=end)
    if not replies:
        return 0
    with transaction.atomic():
        try:
            with transaction.atomic():
                ThreadDigest.objects.get_or_create(user=user, week_start=start)
        except IntegrityError:
            pass  # created meanwhile by an overlapping run: lock it below
        digest = ThreadDigest.objects.select_for_update().get(user=user, week_start=start)
        if digest.sent_at is not None:
            return 0
        threads: dict[int, dict] = {}
        for reply in replies:
            entry = threads.setdefault(reply.thread_id, {"thread": reply.thread, "replies": []})
            entry["replies"].append(reply)
        with translation.override(user.preferred_language or "ar"):
            subject = ngettext(
                "The coordinators network this week: %(count)s new reply",
                "The coordinators network this week: %(count)s new replies",
                len(replies),
            ) % {"count": len(replies)}
            body = render_to_string(
                "governance/threads/email_digest.txt",
                {
                    "threads": threads.values(),
                    "site_url": settings.SITE_URL,
                    "preferences_url": settings.SITE_URL + reverse("governance:threads"),
                },
            )
        domain = urlsplit(settings.SITE_URL).hostname or "sharik.localhost"
        stamp = hashlib.sha256(f"{user.pk}-threads-{start.isoformat()}".encode()).hexdigest()[:16]
        EmailMessage(
            str(subject), body, None, [user.email], headers={"Message-ID": f"<threads.{stamp}@{domain}>"}
        ).send()
        digest.reply_count, digest.sent_at = len(replies), timezone.now()
        digest.save(update_fields=["reply_count", "sent_at"])
    return 1
