"""Success stories and the entities' satisfaction with the programme's support (seed §20, §17-6).

A story tells how a consultation changed a decision; an entity's coordinator writes it about one of
their own entity's consultations, the coordination team publishes it or returns it with a reason.
Once a period each entity rates the programme's support (1–5); the database holds one rating per
entity and period, and one reminder per entity and period.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sharik.core.models import TimeStampedModel
from sharik.core.uploads import validate_image

from .feedback import SCALE


class SuccessStoryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=SuccessStory.Status.PUBLISHED)


class SuccessStory(TimeStampedModel):
    class Status(models.TextChoices):
        REVIEW = "review", _("In review")
        RETURNED = "returned", _("Returned to the entity")
        PUBLISHED = "published", _("Published")

    consultation = models.ForeignKey(
        "consultations.Consultation",
        verbose_name=_("consultation"),
        on_delete=models.PROTECT,
        related_name="success_stories",
        help_text=_("The consultation whose outcome changed the decision (your entity's own)."),
    )
    entity = models.ForeignKey(
        "governance.Entity",
        verbose_name=_("entity"),
        on_delete=models.CASCADE,
        related_name="success_stories",
        editable=False,
    )
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(
        _("the story"),
        help_text=_(
            "What people said and how it changed the decision. Formatting is kept; scripts are removed."
        ),
    )
    image = models.ImageField(_("image"), upload_to="stories/", blank=True, validators=[validate_image])
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REVIEW, db_index=True
    )
    return_reason = models.TextField(
        _("why it was returned"),
        blank=True,
        help_text=_("Written by the coordination team; the entity reads it and edits the story."),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)

    objects = SuccessStoryQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("success story")
        verbose_name_plural = _("success stories")
        permissions = [("publish_successstory", _("Publish or return success stories (coordination team)"))]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="published_story_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""),
                name="returned_story_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:story", args=[self.pk])

    def clean(self):
        if self.consultation_id and self.entity_id and self.consultation.entity_id != self.entity_id:
            raise ValidationError(
                {"consultation": _("A story is about one of its own entity's consultations.")}
            )


class SupportRatingPeriod(models.Model):
    """A period in which every entity rates the programme's support (once a year by default)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))

    class Meta:
        ordering = ["-year"]
        verbose_name = _("support rating period")
        verbose_name_plural = _("support rating periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="rating_period_closes_after_opening"
            )
        ]

    def __str__(self) -> str:
        return str(self.year)

    def is_open(self, day=None) -> bool:
        day = day or timezone.localdate()
        return self.opens_on <= day <= self.closes_on


class SupportRating(models.Model):
    """One entity's rating of the programme's support in one period (1–5, 4 or 5 counts as satisfied)."""

    period = models.ForeignKey(
        SupportRatingPeriod, verbose_name=_("period"), on_delete=models.PROTECT, related_name="ratings"
    )
    entity = models.ForeignKey(
        "governance.Entity",
        verbose_name=_("entity"),
        on_delete=models.CASCADE,
        related_name="support_ratings",
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), choices=SCALE, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("rated by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("rated at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-period__year", "entity"]
        verbose_name = _("support rating")
        verbose_name_plural = _("entities' ratings of the programme's support")
        constraints = [
            models.UniqueConstraint(fields=["period", "entity"], name="one_support_rating_per_entity_period"),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="support_rating_on_the_scale"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.entity} {self.period}: {self.rating}"


class SupportRatingReminder(models.Model):
    """The claim of the reminder job: at most one reminder per entity and period, held by the database."""

    period = models.ForeignKey(SupportRatingPeriod, on_delete=models.CASCADE, related_name="+")
    entity = models.ForeignKey("governance.Entity", on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("support rating reminder")
        verbose_name_plural = _("support rating reminders")
        constraints = [
            models.UniqueConstraint(fields=["period", "entity"], name="one_rating_reminder_per_entity_period")
        ]

    def __str__(self) -> str:
        return f"{self.entity_id}/{self.period_id}"
