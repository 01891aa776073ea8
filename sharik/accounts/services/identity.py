"""Writes on a person's identity: signing in and linking with UAE PASS, and residency verification.

Verification comes from UAE PASS's account type, read again at every sign-in (VERIFIED_USER_TYPES),
or from the federal team by hand with a reason (audited). A verification set by staff is not taken
away by a basic UAE PASS account; one taken from UAE PASS goes when UAE PASS no longer says so.
"""

import hashlib
import hmac
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sharik.core.audit import audit_record

from ..models import VERIFIED_USER_TYPES, UaePassIdentity, User, VerificationSource


class IdentityRefused(Exception):
    """Why a UAE PASS identity cannot be used as asked: "email-taken" (an account with this e-mail
    exists: sign in with it and link), "identity-elsewhere" (linked to another account),
    "already-linked", "no-password" (unlinking would lock the person out), "inactive", "no-email"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def idn_hash(idn: str) -> str:
    """The keyed hash of an Emirates ID number (digits only): the only form in which it is kept."""
    digits = re.sub(r"\D", "", idn or "")
    key = settings.UAEPASS_IDN_HASH_KEY or ("sharik.uaepass.idn" + settings.SECRET_KEY)
    return hmac.new(key.encode(), digits.encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class UaePassClaims:
    subject: str
    user_type: str
    idn_hash: str | None
    email: str
    mobile: str
    full_name_ar: str
    full_name_en: str
    first_name_ar: str
    first_name_en: str

    @classmethod
    def parse(cls, claims: dict) -> "UaePassClaims":
        def name(full: str, first: str, last: str) -> str:
            # UAE PASS sends full names as comma-separated parts ("Ram,,,,ABC,,").
            parts = [p.strip() for p in str(claims.get(full) or "").split(",") if p.strip()]
            if not parts:
                parts = [str(claims.get(k) or "").strip() for k in (first, last) if claims.get(k)]
            return " ".join(parts)[:200]

        idn = re.sub(r"\D", "", str(claims.get("idn") or ""))
        return cls(
            subject=str(claims.get("sub") or "")[:255],
            user_type=str(claims.get("userType") or "").strip().upper()[:8],
            idn_hash=idn_hash(idn) if idn else None,
            email=str(claims.get("email") or "").strip().lower(),
            mobile=re.sub(r"[^\d+]", "", str(claims.get("mobile") or ""))[:20],
            full_name_ar=name("fullnameAR", "firstnameAR", "lastnameAR"),
            full_name_en=name("fullnameEN", "firstnameEN", "lastnameEN"),
            first_name_ar=str(claims.get("firstnameAR") or "").strip()[:80],
            first_name_en=str(claims.get("firstnameEN") or "").strip()[:80],
        )


def _verification_from_uaepass(user: User, user_type: str, now) -> None:
    if user_type in VERIFIED_USER_TYPES:
        if not (user.is_verified_resident and user.verified_by == VerificationSource.UAEPASS):
            user.verified_at = now
        user.is_verified_resident = True
        user.verified_by = VerificationSource.UAEPASS
    elif user.verified_by == VerificationSource.UAEPASS:
        user.is_verified_resident = False
        user.verified_by = ""
        user.verified_at = None


def _apply(identity: UaePassIdentity, user: User, data: UaePassClaims) -> None:
    """Refresh the identity and the person from UAE PASS's claims: verification always, the profile
    only where it is empty (the person's own choices stay)."""
    now = timezone.now()
    identity.subject = data.subject
    if data.idn_hash:
        identity.idn_hash = data.idn_hash
    identity.user_type = data.user_type
    identity.last_sign_in_at = now
    before = user.is_verified_resident
    _verification_from_uaepass(user, data.user_type, now)
    for field in ("full_name_ar", "full_name_en", "mobile"):
        if not getattr(user, field) and getattr(data, field):
            setattr(user, field, getattr(data, field))
    if not user.display_name:
        first = data.first_name_ar if user.preferred_language == "ar" else data.first_name_en
        user.display_name = (first or data.first_name_en or data.first_name_ar)[:80]
    user.full_clean(exclude=["password"])
    user.save()
    identity.user = user
    identity.full_clean(validate_unique=False)
    identity.save()
    if before != user.is_verified_resident:
        audit_record(
            action="account.resident_verification",
            obj=user,
            actor=user,
            source="web",
            changes={"is_verified_resident": [before, user.is_verified_resident], "by": ["", "uaepass"]},
        )


def _identity_of(data: UaePassClaims) -> UaePassIdentity | None:
    found = UaePassIdentity.objects.select_for_update().filter(subject=data.subject).first()
    if found is None and data.idn_hash:
        found = UaePassIdentity.objects.select_for_update().filter(idn_hash=data.idn_hash).first()
    return found


def identity_sign_in(*, claims: dict, language: str = "ar") -> User:
    """The account of this UAE PASS identity, created on first sign-in. An unknown identity whose
    e-mail belongs to an existing account never takes it over (IdentityRefused("email-taken"))."""
    data = UaePassClaims.parse(claims)
    if not data.subject:
        raise IdentityRefused("no-subject")
    try:
        with transaction.atomic():
            identity = _identity_of(data)
            if identity is not None:
                user = User.objects.select_for_update().get(pk=identity.user_id)
                if not user.is_active or user.deleted_at is not None:
                    raise IdentityRefused("inactive")
            else:
                if not data.email:
                    raise IdentityRefused("no-email")
                if User.objects.filter(email__iexact=data.email).exists():
                    raise IdentityRefused("email-taken")
                user = User(email=data.email, preferred_language=language, is_active=True)
                user.set_unusable_password()
                user.save()
                user.groups.add(Group.objects.get_or_create(name="citizen")[0])
                identity = UaePassIdentity(user=user, subject=data.subject)
                audit_record(action="account.uaepass_registered", obj=user, actor=user, source="web")
            _apply(identity, user, data)
    except IntegrityError:  # the same identity or e-mail at the same moment
        raise IdentityRefused("identity-elsewhere") from None
    return user


def identity_link(*, user: User, claims: dict) -> UaePassIdentity:
    """Link UAE PASS to a signed-in person's account (the view has confirmed their password)."""
    data = UaePassClaims.parse(claims)
    try:
        with transaction.atomic():
            user = User.objects.select_for_update().get(pk=user.pk)
            existing = _identity_of(data)
            if existing is not None and existing.user_id != user.pk:
                raise IdentityRefused("identity-elsewhere")
            own = UaePassIdentity.objects.filter(user=user).first()
            if own is not None and own.subject != data.subject:
                raise IdentityRefused("already-linked")
            identity = own or UaePassIdentity(user=user, subject=data.subject)
            _apply(identity, user, data)
            audit_record(action="account.uaepass_linked", obj=user, actor=user, source="web")
    except IntegrityError:
        raise IdentityRefused("identity-elsewhere") from None
    return identity


@transaction.atomic
def identity_unlink(*, user: User) -> None:
    """Unlink UAE PASS; the person must be able to sign in with a password afterwards. A verification
    that came from UAE PASS goes with it."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.has_usable_password():
        raise IdentityRefused("no-password")
    deleted, _rows = UaePassIdentity.objects.filter(user=user).delete()
    if not deleted:
        return
    if user.verified_by == VerificationSource.UAEPASS:
        user.is_verified_resident = False
        user.verified_by = ""
        user.verified_at = None
        user.save(update_fields=["is_verified_resident", "verified_by", "verified_at"])
    audit_record(action="account.uaepass_unlinked", obj=user, actor=user, source="web")


def can_verify_residents(actor) -> bool:
    return bool(actor and actor.is_active and actor.has_perm("accounts.verify_resident"))


@transaction.atomic
def resident_verification_set(*, user: User, verified: bool, reason: str, actor: User) -> User:
    """The federal team's manual "verified resident" flag: a reason is required, and it is audited
    and shown as "verified by staff"."""
    if not can_verify_residents(actor):
        raise PermissionDenied
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ValidationError({"reason": _("Give the reason for this change (at least 5 characters).")})
    user = User.objects.select_for_update().get(pk=user.pk)
    before = [user.is_verified_resident, user.verified_by]
    user.is_verified_resident = verified
    user.verified_by = VerificationSource.STAFF if verified else ""
    user.verified_at = timezone.now() if verified else None
    user.save(update_fields=["is_verified_resident", "verified_by", "verified_at"])
    audit_record(
        action="account.resident_verification",
        obj=user,
        actor=actor,
        source="admin",
        changes={
            "is_verified_resident": [before[0], verified],
            "verified_by": [before[1], user.verified_by],
            "reason": ["", reason[:500]],
        },
    )
    return user
