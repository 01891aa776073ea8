"""Suggestions and complaints (private cases): a person writes to an entity and follows the answer.

Nothing of a case is public. A case moves received → assigned → answered → closed; the person may
reopen it (at most `CASE_REOPEN_LIMIT` times) within `CASE_REOPEN_DAYS` days of the latest answer or
closing. Due dates are counted in UAE working days (working_days.py) from the entity's service
level (`CaseServiceLevel`, data; defaults when an entity has none). Internal notes (`CaseNote`) are
for the entity's staff only; the person's page shows the events (`CaseEvent`) and the answers.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from sharik.core.models import TimeStampedModel
from sharik.core.private_files import private_storage
from sharik.core.uploads import validate_document

__all__ = [
    "CASE_REOPEN_DAYS",
    "CASE_REOPEN_LIMIT",
    "CaseServiceLevel",
    "Case",
    "CaseEvent",
    "CaseNote",
]

# A person may reopen an answer they are not satisfied with, within this many days of the latest
# answer or closing, at most this many times (then the oversight route stays open to them).
CASE_REOPEN_DAYS = 14
CASE_REOPEN_LIMIT = 3
# An answered case that the person neither closes nor reopens is closed this many days after the answer.
CASE_AUTO_CLOSE_DAYS = CASE_REOPEN_DAYS


class CaseServiceLevel(models.Model):
    """An entity's promise, in UAE working days (its own row; the defaults apply without one)."""

    DEFAULT_ACKNOWLEDGE = 1
    DEFAULT_ANSWER = 5
    DEFAULT_ESCALATE_AFTER = 2

    entity = models.OneToOneField(
        "governance.Entity",
        verbose_name=_("entity"),
        on_delete=models.CASCADE,
        related_name="case_service_level",
    )
    acknowledge_working_days = models.PositiveSmallIntegerField(
        _("acknowledge within (working days)"), default=DEFAULT_ACKNOWLEDGE
    )
    answer_working_days = models.PositiveSmallIntegerField(
        _("answer within (working days)"), default=DEFAULT_ANSWER
    )
    escalate_after_working_days = models.PositiveSmallIntegerField(
        _("escalate when the answer is late by (working days)"),
        default=DEFAULT_ESCALATE_AFTER,
        help_text=_("The coordination team is told when the answer is this many working days late."),
    )

    class Meta:
        verbose_name = _("case service level")
        verbose_name_plural = _("case service levels")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answer_working_days__gte=models.F("acknowledge_working_days"))
                & models.Q(answer_working_days__gt=0),
                name="case_service_level_answer_after_acknowledge",
            )
        ]

    def __str__(self) -> str:
        return str(self.entity)

    def get_permission_entity(self):
        return self.entity

    @classmethod
    def for_entity(cls, entity) -> "CaseServiceLevel":
        """The entity's row, or an unsaved one holding the defaults."""
        return cls.objects.filter(entity=entity).first() or cls(entity=entity)


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state__in=Case.OPEN_STATES)


class Case(TimeStampedModel):
    class Kind(models.TextChoices):
        SUGGESTION = "suggestion", _("Suggestion")
        COMPLAINT = "complaint", _("Complaint")

    class State(models.TextChoices):
        RECEIVED = "received", _("Received")
        ASSIGNED = "assigned", _("Assigned")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    OPEN_STATES = (State.RECEIVED, State.ASSIGNED)

    reference = models.CharField(_("reference number"), max_length=20, unique=True, null=True, editable=False)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    entity = models.ForeignKey(
        "governance.Entity", verbose_name=_("entity"), on_delete=models.PROTECT, related_name="cases"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("filed by"), on_delete=models.PROTECT, related_name="cases"
    )
    consultation = models.ForeignKey(
        "consultations.Consultation",
        verbose_name=_("about the consultation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    service = models.CharField(_("about the service"), max_length=200, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"), max_length=5000)
    attachment = models.FileField(
        _("attachment"),
        upload_to="cases/%Y/",
        storage=private_storage,
        blank=True,
        validators=[validate_document],
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.RECEIVED, db_index=True
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_cases",
    )
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledge_due_on = models.DateField(_("acknowledgement due"))
    answer_due_on = models.DateField(_("answer due"))
    answer = models.TextField(_("answer"), blank=True, max_length=5000)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    # The steps the beat has taken in the current round (reset when the case is reopened).
    acknowledge_reminded_at = models.DateTimeField(_("acknowledgement reminder sent"), null=True, blank=True)
    answer_reminded_at = models.DateTimeField(_("answer reminder sent"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    answered_late = models.BooleanField(_("answered after the due date"), default=False)
    rating = models.PositiveSmallIntegerField(
        _("rating (1–5)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    rating_comment = models.CharField(_("rating comment"), max_length=500, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("suggestion or complaint")
        verbose_name_plural = _("suggestions and complaints")
        indexes = [models.Index(fields=["entity", "state"], name="case_entity_state")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="case_rating_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return self.reference or f"#{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("consultations:case", args=[self.pk])

    def get_permission_entity(self):
        return self.entity

    @cached_property
    def service_level(self) -> CaseServiceLevel:
        return CaseServiceLevel.for_entity(self.entity)


class CaseEvent(models.Model):
    """What the person sees of the case's history: each state change, with the answer or their reason."""

    class Action(models.TextChoices):
        RECEIVED = "received", _("Received")
        ASSIGNED = "assigned", _("Assigned to a member of staff")
        ANSWERED = "answered", _("Answered")
        REOPENED = "reopened", _("Reopened")
        CLOSED = "closed", _("Closed")

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    text = models.TextField(_("text"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("case event")
        verbose_name_plural = _("case events")

    def __str__(self) -> str:
        return f"{self.case} · {self.get_action_display()}"

    def get_permission_entity(self):
        return self.case.entity


class CaseNote(models.Model):
    """An internal note of the entity's staff: never shown to the person who filed the case."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="notes")
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(_("internal note"), max_length=5000)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self) -> str:
        return self.body[:60]

    def get_permission_entity(self):
        return self.case.entity
