"""Workshops for the entities' coordinators (seed §20-5, §21): registration within the capacity, a
first-come waiting list, attendance recorded by the federal team, and the trainees' satisfaction form
whose answers make the §16 KPI "trainees' satisfaction with the workshops"."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sharik.core.models import TimeStampedModel

from .feedback import SCALE


class Workshop(TimeStampedModel):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    place = models.CharField(_("place or link"), max_length=300, blank=True)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveSmallIntegerField(_("places"), validators=[MinValueValidator(1)])
    is_published = models.BooleanField(_("published to the network"), default=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        constraints = [
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="workshop_has_places"),
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")), name="workshop_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def has_ended(self) -> bool:
        return self.ends_at <= timezone.now()


class WorkshopRegistration(models.Model):
    """One person's place at a workshop: registered, waiting (first come, first served) or cancelled."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="workshop_registrations",
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    # The place in the queue: set when the person (re-)registers; the waiting list is ordered by it.
    queued_at = models.DateTimeField(_("registered at"), default=timezone.now)
    promoted_at = models.DateTimeField(_("moved from the waiting list at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    attendance_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attendance recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["workshop", "queued_at", "pk"]
        verbose_name = _("workshop registration")
        verbose_name_plural = _("workshop registrations")
        constraints = [
            models.UniqueConstraint(fields=["workshop", "user"], name="one_registration_per_person_workshop")
        ]

    def __str__(self) -> str:
        return f"{self.workshop} · {self.user} · {self.get_status_display()}"


class WorkshopFeedback(models.Model):
    """A trainee's answer to the satisfaction form, once per person and workshop (held by the database)."""

    workshop = models.ForeignKey(
        Workshop, verbose_name=_("workshop"), on_delete=models.CASCADE, related_name="feedback"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("trainee"), on_delete=models.CASCADE, related_name="+"
    )
    overall = models.PositiveSmallIntegerField(
        _("overall satisfaction"), choices=SCALE, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    content = models.PositiveSmallIntegerField(
        _("usefulness of the content"),
        choices=SCALE,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    trainer = models.PositiveSmallIntegerField(
        _("the trainer"), choices=SCALE, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("answered at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("workshop feedback")
        verbose_name_plural = _("workshop feedback")
        constraints = [
            models.UniqueConstraint(fields=["workshop", "user"], name="one_feedback_per_person_workshop"),
            models.CheckConstraint(
                condition=models.Q(
                    overall__gte=1,
                    overall__lte=5,
                    content__gte=1,
                    content__lte=5,
                    trainer__gte=1,
                    trainer__lte=5,
                ),
                name="workshop_feedback_on_the_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.workshop_id}/{self.user_id}: {self.overall}"
