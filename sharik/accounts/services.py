"""Writes on people: registration, profile, the person's own data export and account deletion."""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from sharik.core.audit import audit_record

from .models import DataExportLink, Notification, User

DATA_EXPORT_SALT = "sharik.accounts.data-export"


def _activation_url(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
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


def user_activate(*, user: User) -> User:
    if not user.is_active and user.deleted_at is None:
        user.is_active = True
        user.save(update_fields=["is_active"])
    return user


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
        "following": [f.consultation_id for f in Follow.objects.filter(user=user).order_by("pk")],
        "notifications": [
            {"title": n.title, "body": n.body, "when": when(n.created_at)}
            for n in Notification.objects.filter(user=user).order_by("pk")
        ],
    }


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
    if email:
        link = f"\n\n{settings.SITE_URL}{url}" if url else ""
        send_mail(title[:200], f"{body}{link}", None, [user.email])
        Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return notification
