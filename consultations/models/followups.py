""" "You said, we did": the action that follows each adopted contribution, and its status history."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sharik.core.models import TimeStampedModel

__all__ = ["FOLLOWUP_TARGETS", "FollowUp", "FollowUpChange"]

# The contributions a follow-up can answer; exactly one is set (a check constraint says so).
FOLLOWUP_TARGETS = ("idea", "comment", "paragraph_comment", "amendment", "paragraph")


class FollowUp(TimeStampedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in-progress", _("In progress")
        DONE = "done", _("Done")

    consultation = models.ForeignKey(
        "consultations.Consultation",
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="follow_ups",
    )
    idea = models.ForeignKey(
        "consultations.Idea",
        verbose_name=_("idea"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    comment = models.ForeignKey(
        "consultations.Comment",
        verbose_name=_("comment"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    paragraph_comment = models.ForeignKey(
        "consultations.ParagraphComment",
        verbose_name=_("paragraph comment"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    amendment = models.ForeignKey(
        "consultations.Amendment",
        verbose_name=_("amendment"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    paragraph = models.ForeignKey(
        "consultations.DraftParagraph",
        verbose_name=_("paragraph"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    action = models.CharField(_("what we do"), max_length=300)
    details = models.TextField(_("details"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        ordering = ["consultation", "pk"]
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        idea__isnull=False,
                        comment=None,
                        paragraph_comment=None,
                        amendment=None,
                        paragraph=None,
                    )
                    | Q(
                        idea=None,
                        comment__isnull=False,
                        paragraph_comment=None,
                        amendment=None,
                        paragraph=None,
                    )
                    | Q(
                        idea=None,
                        comment=None,
                        paragraph_comment__isnull=False,
                        amendment=None,
                        paragraph=None,
                    )
                    | Q(
                        idea=None,
                        comment=None,
                        paragraph_comment=None,
                        amendment__isnull=False,
                        paragraph=None,
                    )
                    | Q(
                        idea=None,
                        comment=None,
                        paragraph_comment=None,
                        amendment=None,
                        paragraph__isnull=False,
                    )
                ),
                name="followup_answers_one_contribution",
            )
        ]

    def __str__(self) -> str:
        return self.action

    def get_permission_entity(self):
        return self.consultation.entity

    @property
    def target(self):
        for name in FOLLOWUP_TARGETS:
            value = getattr(self, name)
            if value is not None:
                return value
        return None

    @property
    def target_kind(self) -> str:
        for name in FOLLOWUP_TARGETS:
            if getattr(self, f"{name}_id") is not None:
                return name
        return ""

    @property
    def contributor(self):
        """Who made the adopted contribution (none for a paragraph of the entity's own draft)."""
        target = self.target
        return getattr(target, "author", None)


class FollowUpChange(models.Model):
    """One status change: the once-per-change notification key is built from its id."""

    follow_up = models.ForeignKey(
        FollowUp, verbose_name=_("follow-up action"), on_delete=models.CASCADE, related_name="changes"
    )
    from_status = models.CharField(_("from"), max_length=12, choices=FollowUp.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=FollowUp.Status.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["follow_up", "created_at", "pk"]
        verbose_name = _("follow-up status change")
        verbose_name_plural = _("follow-up status changes")

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"

    def get_permission_entity(self):
        return self.follow_up.consultation.entity
