"""Reach (issue 15): how a follower wants to be told, the digests sent, and where the corner may be framed.

What a person follows is `Follow` (consultations/models/contributions.py); the notices themselves are
`accounts.Notification` rows, one per person and event key (the unique constraint there).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["FollowEvent", "Delivery", "FollowPreference", "Digest", "EmbedOrigin"]


class FollowEvent(models.TextChoices):
    """The kinds of things that happen to what a person follows."""

    OPENED = "opened", _("A consultation opens")
    CLOSING = "closing", _("A consultation is about to close")
    DECIDED = "decided", _("A consultation is decided")
    ANSWERED = "answered", _("An answer is published")


class Delivery(models.TextChoices):
    EMAIL = "email", _("At once by e-mail")
    DAILY = "daily", _("In a daily digest")
    WEEKLY = "weekly", _("In a weekly digest")
    SITE = "site", _("On the site only")


# A person who has not chosen is told at once by e-mail (what following a consultation always did).
DEFAULT_DELIVERY = Delivery.EMAIL


class FollowPreference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="follow_preferences",
    )
    event = models.CharField(_("event"), max_length=10, choices=FollowEvent.choices)
    delivery = models.CharField(
        _("delivery"), max_length=8, choices=Delivery.choices, default=DEFAULT_DELIVERY
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "event"], name="follow_preference_once")]

    def __str__(self) -> str:
        return f"{self.get_event_display()}: {self.get_delivery_display()}"


class Digest(models.Model):
    """One digest per person, frequency and period: the row is what makes the job send it once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="digests"
    )
    frequency = models.CharField(
        _("frequency"), max_length=8, choices=[(Delivery.DAILY, _("Daily")), (Delivery.WEEKLY, _("Weekly"))]
    )
    period_start = models.DateTimeField(_("period start"))
    period_end = models.DateTimeField(_("period end"))
    item_count = models.PositiveIntegerField(_("items"), default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-period_start"]
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "frequency", "period_start"], name="digest_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_frequency_display()} {self.period_start:%Y-%m-%d}"


def validate_origin(value: str) -> None:
    parts = urlsplit(value)
    if (
        parts.scheme not in ("https", "http")
        or not parts.hostname
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or parts.username
        or any(c in value for c in " ;,'\"")
    ):
        raise ValidationError(
            _("Give an origin only: scheme, host and optional port, such as https://www.example.gov.ae."),
            code="origin",
        )


class EmbedOrigin(models.Model):
    """A web origin of an entity's own site that may frame its participation corner."""

    entity = models.ForeignKey(
        "governance.Entity",
        verbose_name=_("entity"),
        on_delete=models.CASCADE,
        related_name="embed_origins",
    )
    origin = models.CharField(
        _("web origin"),
        max_length=200,
        validators=[validate_origin],
        help_text=_("Scheme, host and port of the page that embeds the corner, e.g. https://www.moe.gov.ae"),
    )

    class Meta:
        ordering = ["entity", "origin"]
        verbose_name = _("embedding origin")
        verbose_name_plural = _("embedding origins")
        constraints = [models.UniqueConstraint(fields=["entity", "origin"], name="embed_origin_once")]

    def __str__(self) -> str:
        return self.origin

    def save(self, *args, **kwargs):
        self.origin = self.origin.strip().rstrip("/").lower()
        super().save(*args, **kwargs)

    def get_permission_entity(self):
        return self.entity
