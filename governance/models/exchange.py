"""Experience exchange between entities (seed §20-5, §21-1): an entity offers or asks for expertise;
the coordination team matches an offer with a request and records whether the exchange took place."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExpertisePost(models.Model):
    class Kind(models.TextChoices):
        OFFER = "offer", _("Offer of expertise")
        REQUEST = "request", _("Request for expertise")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        MATCHED = "matched", _("Matched")
        CLOSED = "closed", _("Closed")

    entity = models.ForeignKey(
        "governance.Entity",
        verbose_name=_("entity"),
        on_delete=models.CASCADE,
        related_name="expertise_posts",
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    topic = models.CharField(_("topic"), max_length=200)
    description = models.TextField(_("description"), max_length=3000)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("posted at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("expertise offer or request")
        verbose_name_plural = _("expertise offers and requests")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.topic} ({self.entity})"


class ExchangeMatch(models.Model):
    """An offer matched with a request by the coordination team, and what came of it."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Not yet known")
        HELD = "held", _("Held")
        NOT_HELD = "not_held", _("Not held")

    offer = models.ForeignKey(
        ExpertisePost,
        verbose_name=_("offer"),
        on_delete=models.CASCADE,
        related_name="matches_as_offer",
        limit_choices_to={"kind": "offer"},
    )
    request = models.ForeignKey(
        ExpertisePost,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="matches_as_request",
        limit_choices_to={"kind": "request"},
    )
    matched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("matched by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    matched_at = models.DateTimeField(_("matched at"), auto_now_add=True, db_index=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_note = models.TextField(_("note on the outcome"), blank=True)
    outcome_recorded_at = models.DateTimeField(_("outcome recorded at"), null=True, blank=True)

    class Meta:
        ordering = ["-matched_at"]
        verbose_name = _("exchange match")
        verbose_name_plural = _("exchange matches")
        constraints = [
            models.UniqueConstraint(fields=["offer", "request"], name="one_match_per_offer_request")
        ]

    def __str__(self) -> str:
        return f"{self.offer.topic} → {self.request.entity}"
