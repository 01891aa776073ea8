"""A person's UAE PASS identity, linked to one Sharik account.

The Emirates ID number is never kept in clear: only its keyed hash (HMAC-SHA256 with
settings.UAEPASS_IDN_HASH_KEY), unique, so that one identity can own one account only.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UaePassUserType(models.TextChoices):
    """UAE PASS account types ("SOP" levels of assurance)."""

    BASIC = "SOP1", _("Basic (not verified)")
    VERIFIED = "SOP2", _("Verified")
    IN_PERSON = "SOP3", _("Verified in person")


# The account types that make a person a verified resident (one table, read by the services).
VERIFIED_USER_TYPES = frozenset({UaePassUserType.VERIFIED, UaePassUserType.IN_PERSON})


class UaePassIdentity(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="uaepass_identity",
    )
    subject = models.CharField(_("UAE PASS subject"), max_length=255, unique=True)
    idn_hash = models.CharField(
        _("Emirates ID (keyed hash)"), max_length=64, null=True, blank=True, unique=True
    )
    user_type = models.CharField(_("account type"), max_length=8, blank=True)
    linked_at = models.DateTimeField(_("linked at"), auto_now_add=True)
    last_sign_in_at = models.DateTimeField(_("last sign-in with UAE PASS"), null=True, blank=True)

    class Meta:
        verbose_name = _("UAE PASS identity")
        verbose_name_plural = _("UAE PASS identities")

    def __str__(self) -> str:
        return f"{self.user_id} · {self.user_type or '-'}"
