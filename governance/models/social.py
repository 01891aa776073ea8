"""The annual social-media plan, month by month (seed §20-3): posts planned per month and channel."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sharik.core.models import TimeStampedModel


class SocialChannel(models.Model):
    """A government social-media account the plan posts on (X, Instagram, LinkedIn, YouTube…), as data."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("account link"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("social-media channel")
        verbose_name_plural = _("social-media channels")

    def __str__(self) -> str:
        return self.name


class SocialPost(TimeStampedModel):
    class Kind(models.TextChoices):
        MESSAGE = "message", _("Awareness message")
        MULTIMEDIA = "multimedia", _("Multimedia (images, graphics, video)")
        COMPETITION = "competition", _("Competition")
        POLL = "poll", _("Short poll")
        REPOST = "repost", _("Repost of an entity's post")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        READY = "ready", _("Ready")
        PUBLISHED = "published", _("Published")

    planned_for = models.DateField(_("planned for"), db_index=True, help_text=_("The day in its month."))
    channel = models.ForeignKey(
        SocialChannel, verbose_name=_("channel"), on_delete=models.PROTECT, related_name="posts"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.MESSAGE)
    text = models.TextField(_("text"), max_length=2000)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The federal team member who prepares and publishes it."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED, db_index=True
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    reach = models.PositiveIntegerField(
        _("measured reach"),
        null=True,
        blank=True,
        help_text=_("People reached, typed in from the channel's statistics after publishing."),
    )

    class Meta:
        ordering = ["planned_for", "channel__order", "pk"]
        verbose_name = _("social-media post")
        verbose_name_plural = _("social-media plan")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="published", published_on__isnull=False)
                | Q(~Q(status="published"), published_on__isnull=True, reach__isnull=True),
                name="social_post_reach_only_when_published",
            )
        ]

    def __str__(self) -> str:
        return f"{self.planned_for} {self.channel}: {self.text[:60]}"

    def clean(self):
        errors = {}
        if self.status == self.Status.PUBLISHED and self.published_on is None:
            errors["published_on"] = _("A published post needs the day it was published.")
        if self.status != self.Status.PUBLISHED:
            if self.reach is not None:
                errors["reach"] = _("Reach is typed in only once the post is published.")
            if self.published_on is not None:
                errors["published_on"] = _("Only a published post has a publication day.")
        if errors:
            raise ValidationError(errors)
