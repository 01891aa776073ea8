"""The advisory service «شوروك علينا» (seed §20): an entity asks for help with a draft; the federal team answers."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sharik.core.models import TimeStampedModel


class AdvisoryServiceLevel(models.Model):
    """The promised times, as data the federal team edits: triage, answer, and when a late answer escalates."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=120)
    triage_hours = models.PositiveIntegerField(_("triage within (hours)"), default=24)
    answer_hours = models.PositiveIntegerField(_("answer within (hours)"), default=5 * 24)
    remind_before_hours = models.PositiveIntegerField(
        _("remind the advisor before the answer is due (hours)"), default=24
    )
    escalate_after_hours = models.PositiveIntegerField(
        _("escalate when the answer is late by (hours)"), default=48
    )

    class Meta:
        ordering = ["answer_hours"]
        verbose_name = _("advisory service level")
        verbose_name_plural = _("advisory service levels")

    def __str__(self) -> str:
        return self.name


class AdvisoryRequest(TimeStampedModel):
    class Kind(models.TextChoices):
        CONSULTATION = "consultation", _("Drafting a consultation")
        QUESTIONNAIRE = "questionnaire", _("Drafting a questionnaire")
        OTHER = "other", _("Other e-participation question")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ASSIGNED = "assigned", _("Assigned to an advisor")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    entity = models.ForeignKey(
        "governance.Entity",
        verbose_name=_("entity"),
        on_delete=models.CASCADE,
        related_name="advisory_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.CONSULTATION)
    title = models.CharField(_("subject"), max_length=200)
    question = models.TextField(_("what you need"), max_length=5000)
    draft = models.FileField(_("draft"), upload_to="advisory/%Y/", blank=True)
    service_level = models.ForeignKey(
        AdvisoryServiceLevel,
        verbose_name=_("service level"),
        on_delete=models.PROTECT,
        related_name="requests",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("advisor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="advisory_assignments",
    )
    triage_due_at = models.DateTimeField(_("triage due"))
    answer_due_at = models.DateTimeField(_("answer due"))
    assigned_at = models.DateTimeField(_("assigned at"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True, max_length=10000)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(
        _("entity's rating (1–5)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    rating_comment = models.CharField(_("rating comment"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("advisory request")
        verbose_name_plural = _("advisory requests («شوروك علينا»)")

    def __str__(self) -> str:
        return self.title


class AdvisoryComment(models.Model):
    request = models.ForeignKey(
        AdvisoryRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(_("comment"), max_length=5000)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("advisory comment")
        verbose_name_plural = _("advisory comments")

    def __str__(self) -> str:
        return self.body[:60]

    def get_permission_entity(self):
        return self.request.entity
