"""Participants' short feedback after a campaign closes (seed §16: satisfaction after campaigns and
with communication with government). One answer per person per campaign, held by the database."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

SCALE = [(n, str(n)) for n in range(1, 6)]
# An answer of 4 or 5 of 5 counts as satisfied (the same rule as the advisory service's rating).
SATISFIED_FROM = 4


class CampaignFeedback(models.Model):
    consultation = models.ForeignKey(
        "consultations.Consultation",
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="feedback",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("participant"), on_delete=models.CASCADE, related_name="+"
    )
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction with the consultation"),
        choices=SCALE,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    communication = models.PositiveSmallIntegerField(
        _("satisfaction with how the entity communicated"),
        choices=SCALE,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    comment = models.TextField(_("comment"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("answered at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("participant feedback")
        verbose_name_plural = _("participants' feedback")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "user"], name="one_feedback_per_person_campaign"),
            models.CheckConstraint(
                condition=models.Q(
                    satisfaction__gte=1, satisfaction__lte=5, communication__gte=1, communication__lte=5
                ),
                name="feedback_on_the_scale",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.consultation_id}/{self.user_id}: {self.satisfaction}/{self.communication}"

    def get_permission_entity(self):
        return self.consultation.entity
