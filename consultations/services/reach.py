"""Writes of reach (issue 15): follow and unfollow, preferences, event notices, digests, unsubscribe.

A notice is an `accounts.Notification` keyed by the event (`follow-<event>-<kind>-<pk>`), so the
unique (person, key) constraint tells each follower once, however often the job runs. Notices kept
for a digest carry `digest`; `digests_send` e-mails them once per person and period, the `Digest`
row (unique per person, frequency, period) being the record that it was sent.
"""

import hashlib
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sharik.accounts.models import Notification
from sharik.accounts.services import notification_send_many, unsubscribe_headers
from sharik.core.choices import Sector

from .. import selectors_reach
from ..models import Consultation, Digest, Follow, FollowPreference, Proposal, SdgTag
from ..models.contributions import FOLLOW_TARGETS
from ..models.reach import Delivery, EmbedOrigin, FollowEvent
from ..phases import Phase

UNSUBSCRIBE_SALT = "sharik.reach.unsubscribe"
# "About to close": this many hours before the deadline (the hourly job tells each follower once).
CLOSING_SOON_HOURS = getattr(settings, "FOLLOW_CLOSING_SOON_HOURS", 48)


def _require_person(user) -> None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise ValidationError(_("Please log in to take part."), code="login")


# --- Following -----------------------------------------------------------------------------------


def follow_target(*, kind: str, key: str):
    """The object (or sector code) a follow points at, from the URL's kind and key; None if unknown."""
    if kind == "sector":
        return key if key in Sector.values else None
    lookup = {
        "consultation": lambda: Consultation.objects.public().filter(pk=int(key)).first(),
        "entity": lambda: (
            __import__("governance.models", fromlist=["Entity"])
            .Entity.objects.filter(slug=key, is_active=True)
            .first()
        ),
        "sdg": lambda: SdgTag.objects.filter(code=key).first(),
        "proposal": lambda: Proposal.objects.public().filter(pk=int(key)).first(),
    }.get(kind)
    if lookup is None:
        return None
    try:
        return lookup()
    except ValueError:
        return None


def follow_set(*, user, kind: str, target, follow: bool = True) -> bool:
    """Follow or unfollow one target; returns whether the person now follows it. Safe to repeat."""
    _require_person(user)
    if kind not in FOLLOW_TARGETS:
        raise ValidationError(_("This cannot be followed."), code="kind")
    fields = {kind: target}
    if follow:
        try:
            with transaction.atomic():
                row = Follow(user=user, **fields)
                row.full_clean(validate_unique=False, validate_constraints=False)
                row.save()
        except IntegrityError:
            pass  # already followed
    else:
        Follow.objects.filter(user=user, **fields).delete()
    return follow


@transaction.atomic
def follow_preferences_set(*, user, choices: dict[str, str]) -> None:
    """Store how the person wants each kind of event (only known events and deliveries)."""
    _require_person(user)
    for event, delivery in choices.items():
        if event not in FollowEvent.values or delivery not in Delivery.values:
            raise ValidationError(_("Choose one of the listed ways to be told."), code="choice")
        FollowPreference.objects.update_or_create(user=user, event=event, defaults={"delivery": delivery})


# --- Unsubscribe (RFC 8058) ----------------------------------------------------------------------


def unsubscribe_token(*, user, scope: str) -> str:
    """A signed token naming the person and what to stop: an event kind, or a digest frequency."""
    return signing.dumps({"u": user.pk, "e": user.email, "s": scope}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(*, user, scope: str) -> str:
    with translation.override(user.preferred_language):
        path = reverse("consultations:follow-unsubscribe", args=[unsubscribe_token(user=user, scope=scope)])
    return f"{settings.SITE_URL}{path}"


def unsubscribe_check(token: str):
    """(person, scope) for a valid token, else None. The e-mail inside must still be the person's."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    user = get_user_model().objects.filter(pk=data.get("u"), email=data.get("e"), is_active=True).first()
    scope = data.get("s")
    if user is None or scope not in (*FollowEvent.values, Delivery.DAILY, Delivery.WEEKLY):
        return None
    return user, scope


@transaction.atomic
def unsubscribe(*, token: str):
    """Stop the e-mails the token names: that event (or every event in that digest) goes site-only.

    Returns the person, or None for a forged or stale token (and then nothing changes).
    """
    found = unsubscribe_check(token)
    if found is None:
        return None
    user, scope = found
    if scope in FollowEvent.values:
        events = [scope]
    else:
        prefs = selectors_reach.preferences_of(user)
        events = [event for event, delivery in prefs.items() if delivery == scope]
    for event in events:
        FollowPreference.objects.update_or_create(
            user=user, event=event, defaults={"delivery": Delivery.SITE}
        )
    return user


# --- Events --------------------------------------------------------------------------------------

_TITLES = {
    FollowEvent.OPENED: lambda: _("A consultation opened: “%(title)s”"),
    FollowEvent.CLOSING: lambda: _("Closing soon: “%(title)s”"),
    FollowEvent.DECIDED: lambda: _("Decided: “%(title)s”"),
    FollowEvent.ANSWERED: lambda: _("The entity answered “%(title)s”"),
}


def event_key(*, event: str, subject) -> str:
    return f"follow-{event}-{subject._meta.model_name}-{subject.pk}"


def follow_event_notify(
    *,
    event: str,
    consultation: Consultation | None = None,
    proposal: Proposal | None = None,
    exclude_ids: set[int] | None = None,
) -> int:
    """Tell everyone who follows the subject (or its entity, sector, goal) that `event` happened.

    Each follower once (the notice key is the event); in their language; by e-mail now, in their
    daily or weekly digest, or on the site only, as they chose for this kind of event.
    Returns how many were newly told.
    """
    subject = consultation or proposal
    ids = [
        pk
        for pk in selectors_reach.follower_ids(consultation=consultation, proposal=proposal)
        if pk not in (exclude_ids or set())
    ]
    if not ids:
        return 0
    key = event_key(event=event, subject=subject)
    rendered: dict[str, tuple[str, str, str]] = {}

    def message(person) -> tuple[str, str, str]:
        language = person.preferred_language
        if language not in rendered:
            with translation.override(language):
                title = _TITLES[event]() % {"title": subject.title}
                body = render_to_string(
                    "consultations/reach/email_event.txt", {"event": event, "subject": subject}
                ).strip()
                rendered[language] = (str(title), body, subject.get_absolute_url())
        return rendered[language]

    by_delivery: dict[str, list[int]] = {}
    for pk, delivery in selectors_reach.deliveries(user_ids=ids, event=event).items():
        by_delivery.setdefault(delivery, []).append(pk)
    told = 0
    User = get_user_model()
    for delivery, pks in by_delivery.items():
        people = User.objects.filter(pk__in=pks, is_active=True, deleted_at__isnull=True).order_by("pk")
        told += notification_send_many(
            users=people,
            key=key,
            message=message,
            email=delivery == Delivery.EMAIL,
            digest=delivery if delivery in (Delivery.DAILY, Delivery.WEEKLY) else "",
            unsubscribe_url=lambda person: unsubscribe_url(user=person, scope=event),
        )
    return told


def consultations_closing_soon_notify(*, now: datetime | None = None) -> int:
    """Beat job: tell the followers of consultations closing within CLOSING_SOON_HOURS; once each."""
    now = now or timezone.now()
    due = Consultation.objects.filter(
        phase=Phase.CONDUCT, closes_at__gt=now, closes_at__lte=now + timedelta(hours=CLOSING_SOON_HOURS)
    )
    return sum(follow_event_notify(event=FollowEvent.CLOSING, consultation=c) for c in due)


# --- Digests -------------------------------------------------------------------------------------


def digest_period(*, frequency: str, now: datetime | None = None) -> tuple[datetime, datetime]:
    """The last complete period before `now` in the portal's time zone: yesterday, or last week (Mon–Sun)."""
    local = timezone.localtime(now or timezone.now())
    today = local.replace(hour=0, minute=0, second=0, microsecond=0)
    if frequency == Delivery.DAILY:
        end = today
        start = end - timedelta(days=1)
    else:
        end = today - timedelta(days=today.weekday())
        start = end - timedelta(days=7)
    # Re-localise each end, so a period is whole local days even across a DST change elsewhere.
    tz = timezone.get_current_timezone()
    return timezone.make_aware(start.replace(tzinfo=None), tz), timezone.make_aware(
        end.replace(tzinfo=None), tz
    )


def digests_send(*, frequency: str, now: datetime | None = None) -> int:
    """E-mail each person their digest of the last complete period; returns how many were sent.

    Exactly once per person and period: the `Digest` row is created (unique) and locked before the
    mail goes out and marked sent in the same transaction. A second run finds it sent; a run that
    overlaps waits on the lock and then finds it sent; a worker that dies before the commit leaves no
    sent mark, and the next run sends again with the same Message-ID (mail clients drop the copy).
    A person with nothing new in the period gets no digest and no row.
    """
    start, end = digest_period(frequency=frequency, now=now)
    people = (
        Notification.objects.filter(digest=frequency, created_at__gte=start, created_at__lt=end)
        .values_list("user_id", flat=True)
        .distinct()
    )
    sent = 0
    for user_id in sorted(set(people)):
        sent += digest_send_one(user_id=user_id, frequency=frequency, start=start, end=end)
    return sent


def digest_send_one(*, user_id: int, frequency: str, start: datetime, end: datetime) -> int:
    user = get_user_model().objects.filter(pk=user_id, is_active=True, deleted_at__isnull=True).first()
    if user is None:
        return 0
    with transaction.atomic():
        try:
            with transaction.atomic():
                Digest.objects.get_or_create(
                    user=user, frequency=frequency, period_start=start, defaults={"period_end": end}
                )
        except IntegrityError:
            pass  # created meanwhile by an overlapping run: lock it below
        digest = Digest.objects.select_for_update().get(user=user, frequency=frequency, period_start=start)
        if digest.sent_at is not None:
            return 0
        items = list(
            Notification.objects.filter(
                user=user, digest=frequency, created_at__gte=start, created_at__lt=end
            ).order_by("created_at", "pk")
        )
        if not items:
            return 0
        leave = unsubscribe_url(user=user, scope=frequency)
        with translation.override(user.preferred_language):
            subject = (
                _("Your daily Sharik digest: %(count)s new")
                if frequency == Delivery.DAILY
                else _("Your weekly Sharik digest: %(count)s new")
            ) % {"count": len(items)}
            body = render_to_string(
                "consultations/reach/email_digest.txt",
                {
                    "items": items,
                    "site_url": settings.SITE_URL,
                    "unsubscribe_url": leave,
                    "preferences_url": settings.SITE_URL + reverse("consultations:follows"),
                },
            )
        domain = urlsplit(settings.SITE_URL).hostname or "sharik.localhost"
        stamp = hashlib.sha256(f"{user.pk}-{frequency}-{start.isoformat()}".encode()).hexdigest()[:16]
        EmailMessage(
            str(subject),
            body,
            None,
            [user.email],
            headers={"Message-ID": f"<digest.{stamp}@{domain}>", **unsubscribe_headers(leave)},
        ).send()
        Notification.objects.filter(pk__in=[n.pk for n in items]).update(emailed_at=timezone.now())
        digest.item_count, digest.sent_at = len(items), timezone.now()
        digest.save(update_fields=["item_count", "sent_at"])
    return 1


# --- The participation corner --------------------------------------------------------------------


def embed_origin_add(*, entity, origin: str) -> EmbedOrigin:
    row = EmbedOrigin(entity=entity, origin=origin.strip().rstrip("/").lower())
    row.full_clean()
    row.save()
    return row
