"""The oversight committee's meetings (seed §17-6): agenda, minutes, decisions and their follow-up
actions; and the programme's media plan."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sharik.core.models import TimeStampedModel


class Meeting(TimeStampedModel):
    body = models.ForeignKey(
        "governance.GovernanceBody",
        verbose_name=pgettext_lazy("governance body", "body"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    title = models.CharField(_("title"), max_length=300)
    held_on = models.DateField(_("date"), db_index=True)
    location = models.CharField(_("place"), max_length=200, blank=True)
    minutes = models.TextField(_("minutes"), blank=True, help_text=_("What was discussed, in short."))

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return self.title


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda_items"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("item"), max_length=300)

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")

    def __str__(self) -> str:
        return self.title


class Decision(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="decisions"
    )
    position = models.PositiveSmallIntegerField(_("number"), default=1)
    text = models.TextField(_("decision"))

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.meeting} — {self.position}"


class FollowUpActionQuerySet(models.QuerySet):
    def overdue(self, *, today=None):
        today = today or timezone.localdate()
        return self.filter(status__in=FollowUpAction.OPEN_STATUSES, due_on__lt=today)


class FollowUpAction(models.Model):
    """What a decision asks someone to do, by when; late ones show on the federal team's dashboard."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    decision = models.ForeignKey(
        Decision, verbose_name=_("decision"), on_delete=models.CASCADE, related_name="actions"
    )
    title = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("due on"), db_index=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    # Set once by the beat job when it reminds the owner of the overdue action (claimed by an UPDATE).
    reminded_at = models.DateTimeField(_("owner reminded at"), null=True, blank=True, editable=False)

    objects = FollowUpActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("follow-up action")
        verbose_name_plural = _("follow-up actions")

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today=None) -> bool:
        return self.status in self.OPEN_STATUSES and self.due_on < (today or timezone.localdate())


class MediaPlanItem(models.Model):
    """One dated item of the programme's media plan (a press release, an interview, a campaign post)."""

    class Channel(models.TextChoices):
        PRESS = "press", _("Press")
        TV = "tv", _("Television")
        RADIO = "radio", _("Radio")
        SOCIAL = "social", _("Social media")
        WEBSITE = "website", _("Website and newsletter")
        EVENT = "event", _("Event")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=300)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    planned_on = models.DateField(_("date"), db_index=True)
    owner = models.CharField(_("owner"), max_length=200, help_text=_("The team or person responsible."))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)

    class Meta:
        ordering = ["planned_on", "pk"]
        verbose_name = _("media plan item")
        verbose_name_plural = _("media plan")

    def __str__(self) -> str:
        return self.title
