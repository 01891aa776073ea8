"""Writes on people: registration, profile, the person's own data export and account deletion."""

import hashlib
import secrets
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, mailers, send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from sharik.core.audit import audit_record
from sharik.core.metrics import notifications_sent

from ..models import DataExportLink, Notification, UaePassIdentity, User

DATA_EXPORT_SALT = "sharik.accounts.data-export"


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    """Activation links, apart from password-reset links (another salt): a reset token never
    activates. The token dies once the account is active or has ever been signed in to."""

    key_salt = "sharik.accounts.ActivationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        login_timestamp = (
            "" if user.last_login is None else user.last_login.replace(microsecond=0, tzinfo=None)
        )
        return f"{user.pk}{user.password}{user.is_active}{login_timestamp}{timestamp}{user.email}"


activation_token_generator = ActivationTokenGenerator()


def _activation_url(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = activation_token_generator.make_token(user)
    return settings.SITE_URL + reverse("accounts:activate", args=[uid, token])


def user_register(*, email: str, password: str, display_name: str = "", language: str = "ar") -> User | None:
    """Create an inactive account and e-mail its activation link.

    If the address is already registered, that person is told so by e-mail instead; the caller shows
    the same reply either way, so the form reveals nothing about who has an account.
    """
    email = email.strip().lower()
    existing = User.objects.filter(email=email).first()
    with translation.override(language):
        if existing is not None:
            # The same work as a new account (hashing the password is most of it), so the time of
            # the reply does not tell whether the address has an account.
            make_password(password)
            body = render_to_string(
                "accounts/email/already_registered.txt", {"user": existing, "site": settings.SITE_URL}
            )
            send_mail(translation.gettext("Your Sharik account"), body, None, [email])
            return None
        try:
            with transaction.atomic():
                user = User(
                    email=email,
                    display_name=display_name.strip()[:80],
                    preferred_language=language,
                    is_active=False,
                )
                user.set_password(password)
                user.full_clean(exclude=["password"])
                user.save()
                user.groups.add(Group.objects.get_or_create(name="citizen")[0])
        except IntegrityError:  # the same address registered at the same moment
            return None
        body = render_to_string("accounts/email/activate.txt", {"user": user, "url": _activation_url(user)})
        send_mail(translation.gettext("Activate your Sharik account"), body, None, [email])
    return user


@transaction.atomic
def user_activate(*, user: User, token: str) -> bool:
    """Activate a new account with its activation token. Never revives a deactivated account: one
    that was deleted or has ever been signed in to stays inactive (a password-reset token is refused
    too, it is made with another salt)."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.is_active or user.deleted_at is not None or user.last_login is not None:
        return False
    if not activation_token_generator.check_token(user, token):
        return False
    user.is_active = True
    user.save(update_fields=["is_active"])
    return True


@transaction.atomic
def user_profile_update(*, user: User, **fields) -> User:
    for name, value in fields.items():
        setattr(user, name, value)
    user.full_clean(exclude=["password"])
    user.save()
    return user


class DataExportLinkRefused(Exception):
    """Why a data export link cannot be used: "invalid", "expired", "used" or "other-person"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def data_export_link_create(*, user: User) -> str:
    """A signed, single-use token for the person's own data export; valid DATA_EXPORT_LINK_MAX_AGE s."""
    token = signing.TimestampSigner(salt=DATA_EXPORT_SALT).sign(f"{user.pk}.{secrets.token_urlsafe(24)}")
    link = DataExportLink(user=user, token_hash=_token_hash(token))
    link.full_clean()
    link.save()
    audit_record(action="account.data_export_link", obj=user, actor=user, source="web")
    return token


@transaction.atomic
def data_export_link_redeem(*, user: User, token: str) -> dict:
    """The person's data, once: the token must be theirs, signed, younger than the limit and unused."""
    try:
        value = signing.TimestampSigner(salt=DATA_EXPORT_SALT).unsign(
            token, max_age=settings.DATA_EXPORT_LINK_MAX_AGE
        )
    except signing.SignatureExpired:
        raise DataExportLinkRefused("expired") from None
    except signing.BadSignature:
        raise DataExportLinkRefused("invalid") from None
    if value.split(".", 1)[0] != str(user.pk):
        raise DataExportLinkRefused("other-person")
    link = DataExportLink.objects.select_for_update().filter(token_hash=_token_hash(token), user=user).first()
    if link is None:
        raise DataExportLinkRefused("invalid")
    if link.used_at is not None:
        raise DataExportLinkRefused("used")
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    audit_record(action="account.data_export", obj=user, actor=user, source="web")
    return user_data_export(user=user)


@transaction.atomic
def totp_device_enrol(*, user: User, key: str, token: str):
    """Keep the staff member's authenticator (TOTP) once they prove it works with a first code."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice(user=user, name="Sharik", key=key, confirmed=True)
    device.full_clean()
    device.save()
    if not device.verify_token(token):
        raise ValidationError(
            translation.gettext("That code is not right. Check the time on your phone and try again."),
            code="token",
        )
    audit_record(action="account.second_factor_enrolled", obj=user, actor=user, source="web")
    return device


def user_data_export(*, user: User) -> dict:
    """Everything Sharik holds about this person, as plain data (their right of access)."""
    from consultations.models import Comment, CommentFlag, Follow, Idea, IdeaSupport, VoteChoice
    from consultations.models.contributions import FOLLOW_TARGETS

    def when(value):
        return value.isoformat() if value else None

    return {
        "exported_at": timezone.now().isoformat(),
        "profile": {
            "email": user.email,
            "display_name": user.display_name,
            "preferred_language": user.preferred_language,
            "age_band": user.age_band,
            "place": user.place,
            "verified_resident": user.is_verified_resident,
            "verified_by": user.verified_by,
            "full_name_ar": user.full_name_ar,
            "full_name_en": user.full_name_en,
            "mobile": user.mobile,
            "uaepass_linked": UaePassIdentity.objects.filter(user=user).exists(),
            "joined": when(user.date_joined),
            "last_login": when(user.last_login),
        },
        "comments": [
            {
                "consultation": c.consultation_id,
                "blog_article": c.blog_post_id,
                "reply_to": c.parent_id,
                "text": c.body,
                "created": when(c.created_at),
                "hidden": c.is_hidden,
            }
            for c in Comment.objects.filter(author=user).order_by("pk")
        ],
        "ideas": [
            {
                "consultation": i.consultation_id,
                "title": i.title,
                "text": i.body,
                "created": when(i.created_at),
            }
            for i in Idea.objects.filter(author=user).order_by("pk")
        ],
        "votes": [
            {
                "consultation": v.vote.poll.consultation_id,
                "question": v.vote.poll.question,
                "option": v.option.label,
                "when": when(v.vote.updated_at),
            }
            for v in VoteChoice.objects.filter(vote__user=user)
            .select_related("vote__poll", "option")
            .order_by("pk")
        ],
        "idea_supports": [
            {"idea": s.idea_id, "when": when(s.created_at)}
            for s in IdeaSupport.objects.filter(user=user).order_by("pk")
        ],
        "flags": [
            {"comment": f.comment_id, "reason": f.reason, "when": when(f.created_at)}
            for f in CommentFlag.objects.filter(user=user).order_by("pk")
        ],
        # One row per thing followed, whatever its kind (a consultation, an entity, a sector, a goal…).
        "following": [
            {
                "kind": kind,
                "target": getattr(f, kind if kind == "sector" else f"{kind}_id"),
                "since": when(f.created_at),
            }
            for f in Follow.objects.filter(user=user).order_by("pk")
            for kind in FOLLOW_TARGETS
            if getattr(f, kind if kind == "sector" else f"{kind}_id")
        ],
        "notifications": [
            {"title": n.title, "body": n.body, "when": when(n.created_at)}
            for n in Notification.objects.filter(user=user).order_by("pk")
        ],
        # Everything else the person wrote, signed, answered, asked or chose, model by model: found
        # from the models themselves, so a new kind of contribution is exported without a change here.
        "other": _personal_rows(user),
    }


# The fields by which a row is the person's own (they wrote, signed, answered, asked for it).
PERSONAL_FIELDS = {"user", "author", "requester", "submitted_by", "requested_by"}
# Rows linked to the person that are exported above, or are not theirs to take away: the security
# records (authenticator secrets, export link hashes, permission grants, admin and audit logs).
PERSONAL_EXPORT_SKIP = {
    "accounts.notification",
    "accounts.dataexportlink",
    "consultations.comment",
    "consultations.idea",
    "consultations.vote",
    "consultations.ideasupport",
    "consultations.commentflag",
    "consultations.follow",
    "otp_totp.totpdevice",
    "guardian.userobjectpermission",
    "admin.logentry",
    "core.auditrecord",
}


def _export_value(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "name") and hasattr(value, "storage"):  # a file: its name, not its content
        return value.name or None
    if isinstance(value, (str, int, float, bool, list, dict)) or value is None:
        return value
    return str(value)


def _personal_rows(user: User) -> dict[str, list[dict]]:
    from django.apps import apps

    found: dict[str, list[dict]] = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in PERSONAL_EXPORT_SKIP:
            continue
        links = [
            f.name
            for f in model._meta.concrete_fields
            if f.is_relation and f.related_model is User and f.name in PERSONAL_FIELDS
        ]
        if not links:
            continue
        query = Q()
        for name in links:
            query |= Q(**{name: user})
        rows = []
        for obj in model._default_manager.filter(query).order_by("pk"):
            row = {}
            for field in model._meta.concrete_fields:
                if field.is_relation and field.related_model is User:
                    continue  # the person themself, or a member of staff who handled it
                value = getattr(obj, field.attname)
                row[field.attname] = _export_value(value)
            if label == "consultations.surveyresponse":  # the answers are rows of their own
                row["answers"] = [
                    {"question": a.question.text, "answer": a.value}
                    for a in obj.answers.select_related("question").order_by("pk")
                ]
            rows.append(row)
        if rows:
            found[label] = rows
    return found


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Delete an account: personal data removed, contributions kept as a "deleted participant".

    The row stays so that votes remain one per person and threads keep their shape; nothing left on
    it identifies the person.
    """
    from guardian.models import UserObjectPermission

    from consultations.models import Follow

    Follow.objects.filter(user=user).delete()
    Notification.objects.filter(user=user).delete()
    UaePassIdentity.objects.filter(user=user).delete()  # the identity may sign up afresh
    UserObjectPermission.objects.filter(user=user).delete()
    user.groups.clear()
    user.user_permissions.clear()
    user.email = f"deleted-{user.pk}@deleted.invalid"
    user.display_name = ""
    user.first_name = ""
    user.last_name = ""
    user.age_band = ""
    user.place = ""
    user.is_verified_resident = False
    user.verified_by = ""
    user.verified_at = None
    user.full_name_ar = ""
    user.full_name_en = ""
    user.mobile = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.deleted_at = timezone.now()
    user.set_unusable_password()
    user.save()


def notification_send(
    *, user: User, key: str, title: str, body: str = "", url: str = "", email: bool = True
) -> Notification | None:
    """Notify a person once per `key` (in the portal, and by e-mail unless told not to).

    Returns the new notification, or None if this key was already sent: safe to re-run.
    """
    if not user.is_active or user.deleted_at:
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                user=user, key=key, title=title[:300], body=body, url=url
            )
    except IntegrityError:
        return None
    notifications_sent(channel="site")
    if email:
        link = f"\n\n{settings.SITE_URL}{url}" if url else ""
        send_mail(title[:200], f"{body}{link}", None, [user.email])
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
        notifications_sent(channel="email")
    return notification


# E-mails of a bulk notification are sent in chunks, each chunk's rows locked, sent through one
# connection and marked in one transaction.
NOTIFICATION_EMAIL_CHUNK = 100


def notification_send_many(
    *,
    users: Iterable[User],
    key: str,
    message: Callable[[User], tuple[str, str, str]],
    email: bool = True,
    digest: str = "",
    unsubscribe_url: Callable[[User], str] | None = None,
    preferences_url: Callable[[str], str] | None = None,
) -> int:
    """`notification_send` for many people at once (a fan-out batch): once per person and `key`.

    `message(user)` gives (title, body, url). The notifications are inserted in one statement
    (a person already notified with this key is skipped by the unique constraint), then e-mailed
    in chunks. Returns how many were newly notified; a re-run returns 0 and sends nothing.
    `digest` ("daily"/"weekly") marks the rows for the digest job and sends no e-mail now;
    `unsubscribe_url(user)` makes each e-mail personal with a one-click unsubscribe (RFC 8058);
    `preferences_url(language)` keeps the shared (Bcc) e-mails and points each at the page where
    people choose which e-mails they get (List-Unsubscribe, RFC 2369, and a line at the end).
    """
    people = [user for user in users if user.is_active and not user.deleted_at]
    ids = [person.pk for person in people]
    already = set(Notification.objects.filter(key=key, user_id__in=ids).values_list("user_id", flat=True))
    rows = []
    for person in people:
        if person.pk in already:
            continue
        title, body, url = message(person)
        rows.append(
            Notification(user_id=person.pk, key=key, title=title[:300], body=body, url=url, digest=digest)
        )
    Notification.objects.bulk_create(rows, ignore_conflicts=True, batch_size=1000)
    notifications_sent(channel="site", count=len(rows))
    if email and not digest:
        notification_emails_send(
            key=key, user_ids=ids, unsubscribe_url=unsubscribe_url, preferences_url=preferences_url
        )
    return len(rows)


def unsubscribe_headers(url: str) -> dict[str, str]:
    """RFC 8058 one-click unsubscribe: mail clients POST `List-Unsubscribe=One-Click` to the URL."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def notification_emails_send(
    *,
    key: str,
    user_ids: list[int],
    unsubscribe_url: Callable[[User], str] | None = None,
    preferences_url: Callable[[str], str] | None = None,
) -> int:
    """E-mail the notifications of `key` to those of `user_ids` not e-mailed yet; returns the count.

    A fan-out tells many people the same thing: the people of a chunk who get the same title, body
    and link (one language) get one message with each of them as a Bcc recipient (one SMTP
    transaction, not one per person; the chunk size stays under the usual 100-recipient limit of
    mail servers). Each chunk's rows are locked (SKIP LOCKED, so an overlapping run of the same
    batch takes the others), sent through one connection and marked e-mailed before the commit.
    A worker killed while sending a chunk leaves it unmarked and the retried job sends it again:
    e-mail is at least once. The Message-ID is made from the key and the content, so a copy re-sent
    after a crash is the same message to mail servers and clients, which drop it.
    With `unsubscribe_url`, each person gets their own message carrying their unsubscribe link;
    with `preferences_url`, the shared messages (one per language) link to the preferences page.
    """
    sent = 0
    domain = urlsplit(settings.SITE_URL).hostname or "sharik.localhost"
    while True:
        with transaction.atomic():
            chunk = list(
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(key=key, user_id__in=user_ids, emailed_at__isnull=True)
                .select_related("user")
                .order_by("pk")[:NOTIFICATION_EMAIL_CHUNK]
            )
            if not chunk:
                return sent
            groups: dict[tuple[str, str, str, str], list[str]] = {}
            messages = []
            for notification in chunk if unsubscribe_url else ():
                link = f"\n\n{settings.SITE_URL}{notification.url}" if notification.url else ""
                leave = unsubscribe_url(notification.user)
                with translation.override(notification.user.preferred_language):
                    stop = translation.gettext("Stop these e-mails:")
                messages.append(
                    EmailMessage(
                        notification.title[:200],
                        f"{notification.body}{link}\n\n{stop} {leave}",
                        None,
                        [notification.user.email],
                        headers={
                            "Message-ID": f"<{key}.{notification.user_id}@{domain}>",
                            **unsubscribe_headers(leave),
                        },
                    )
                )
            for notification in chunk if not unsubscribe_url else ():
                language = notification.user.preferred_language if preferences_url else ""
                content = (notification.title[:200], notification.body, notification.url, language)
                groups.setdefault(content, []).append(notification.user.email)
            for (title, body, url, language), recipients in groups.items():
                link = f"\n\n{settings.SITE_URL}{url}" if url else ""
                digest = hashlib.sha256(f"{title}\n{body}\n{url}".encode()).hexdigest()[:16]
                headers = {"To": "undisclosed-recipients:;", "Message-ID": f"<{key}.{digest}@{domain}>"}
                if preferences_url:
                    choose = preferences_url(language)
                    with translation.override(language):
                        choose_label = translation.gettext("Choose which e-mails you get:")
                    link += f"\n\n{choose_label} {choose}"
                    headers["List-Unsubscribe"] = f"<{choose}>"
                messages.append(EmailMessage(title, f"{body}{link}", None, bcc=recipients, headers=headers))
            mailers.default.send_messages(messages)
            Notification.objects.filter(pk__in=[n.pk for n in chunk]).update(emailed_at=timezone.now())
        sent += len(chunk)
        notifications_sent(channel="email", count=len(chunk))
