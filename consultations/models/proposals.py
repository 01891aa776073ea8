"""Citizen proposals (petitions): kinds with signature thresholds as data, signatures, answers.

A threshold is a promise with a deadline: reaching it opens a `ProposalMilestone` whose `due_on`
is counted in UAE working days (Monday to Friday, minus the `PublicHoliday` rows). Counts come
from the signature rows themselves (one row per person, a unique constraint): no counter row.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sharik.core.choices import Sector
from sharik.core.models import TimeStampedModel

__all__ = [
    "PublicHoliday",
    "SdgTag",
    "ProposalKind",
    "ProposalThreshold",
    "Proposal",
    "ProposalQuerySet",
    "ProposalSignature",
    "ProposalMilestone",
]


class PublicHoliday(models.Model):
    """A UAE public holiday: working-day deadlines skip it (weekends are skipped by rule)."""

    day = models.DateField(_("day"), unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["day"]
        verbose_name = _("public holiday")
        verbose_name_plural = _("public holidays")

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.name}"


class SdgTag(models.Model):
    """A sustainable development goal or target (16.7: inclusive, participatory decision-making)."""

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name = _("sustainable development goal")
        verbose_name_plural = _("sustainable development goals")

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"


class ProposalKind(models.Model):
    """What a kind of proposal promises: its signing period, who counts, its thresholds."""

    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=120)
    signing_days = models.PositiveIntegerField(_("signing period (days)"), default=90)
    verified_only = models.BooleanField(
        _("only verified residents count"),
        default=False,
        help_text=_("When set, only signatures of verified residents count toward the thresholds."),
    )
    pre_moderated = models.BooleanField(
        _("pre-moderation"),
        default=True,
        help_text=_(
            "When set, the coordination team reviews every proposal before it opens for signatures; "
            "when not, a proposal opens at once unless a word list or the first-contribution rule holds it."
        ),
    )

    class Meta:
        ordering = ["slug"]
        verbose_name = _("proposal kind")
        verbose_name_plural = _("proposal kinds")

    def __str__(self) -> str:
        return self.name


class ProposalThreshold(models.Model):
    class Response(models.TextChoices):
        ANSWER = "answer", _("The entity answers in public")
        CONSULTATION = "consultation", _("The entity opens a consultation or explains in public why not")

    kind = models.ForeignKey(
        ProposalKind, verbose_name=_("kind"), on_delete=models.CASCADE, related_name="thresholds"
    )
    signatures = models.PositiveIntegerField(_("signatures"))
    response = models.CharField(_("promised response"), max_length=20, choices=Response.choices)
    answer_working_days = models.PositiveIntegerField(_("answer within (working days)"), default=20)

    class Meta:
        ordering = ["kind", "signatures"]
        verbose_name = _("signature threshold")
        verbose_name_plural = _("signature thresholds")
        constraints = [
            models.UniqueConstraint(fields=["kind", "signatures"], name="proposal_threshold_once_per_count"),
            models.CheckConstraint(condition=models.Q(signatures__gt=0), name="proposal_threshold_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} · {self.signatures}"


class ProposalQuerySet(models.QuerySet):
    def public(self):
        return self.filter(state__in=Proposal.PUBLIC_STATES)

    def annotate_counts(self):
        """Exact counts from the signature rows: all, and verified residents apart."""
        return self.annotate(
            signature_count=models.Count("signatures", distinct=True),
            verified_count=models.Count(
                "signatures", filter=models.Q(signatures__verified_resident=True), distinct=True
            ),
        )


class Proposal(TimeStampedModel):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PENDING = "pending", _("Awaiting moderation")
        REFUSED = "refused", _("Refused")
        OPEN = "open", _("Open for signatures")
        CLOSED = "closed", _("Signing closed")

    PUBLIC_STATES = (State.OPEN, State.CLOSED)

    kind = models.ForeignKey(
        ProposalKind, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="proposals"
    )
    entity = models.ForeignKey(
        "governance.Entity",
        verbose_name=_("addressed to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
        help_text=_("Leave empty for the federal level."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="proposals"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), max_length=6000)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, default=Sector.OTHER)
    sdgs = models.ManyToManyField(SdgTag, verbose_name=_("sustainable development goals"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(pgettext_lazy("date", "published"), null=True, blank=True)
    signing_ends_at = models.DateTimeField(_("signing ends"), null=True, blank=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("citizen proposal")
        verbose_name_plural = _("citizen proposals")
        permissions = [("moderate_proposal", _("Publish or refuse citizen proposals"))]
        indexes = [models.Index(fields=["state", "signing_ends_at"], name="proposal_state_ends")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultations:proposal", args=[self.pk])

    def get_permission_entity(self):
        return self.entity

    def is_signable(self) -> bool:
        return self.state == self.State.OPEN and (
            self.signing_ends_at is None or timezone.now() < self.signing_ends_at
        )


class ProposalSignature(models.Model):
    """One per person and proposal (the database says so); withdrawn = deleted while signing is open."""

    # No index of its own: the unique (proposal, user) index serves every lookup by proposal, and a
    # second index on the same column was one more index to write on every signature.
    proposal = models.ForeignKey(
        Proposal,
        verbose_name=_("proposal"),
        on_delete=models.CASCADE,
        related_name="signatures",
        db_index=False,
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        on_delete=models.CASCADE,
        related_name="proposal_signatures",
    )
    verified_resident = models.BooleanField(_("verified resident when signing"), default=False)
    created_at = models.DateTimeField(_("signed"), default=timezone.now)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="proposal_signature_once_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}/{self.user_id}"

    def get_permission_entity(self):
        return self.proposal.entity


class ProposalMilestone(models.Model):
    """A threshold reached: the clock it starts, the escalation steps taken, the entity's answer."""

    class Escalation(models.IntegerChoices):
        NONE = 0, _("Not escalated")
        COORDINATION_TEAM = 1, _("Escalated to the coordination team")
        OVERSIGHT_COMMITTEE = 2, _("Escalated to the oversight committee")

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="milestones"
    )
    threshold = models.ForeignKey(
        ProposalThreshold, verbose_name=_("threshold"), on_delete=models.PROTECT, related_name="+"
    )
    reached_at = models.DateTimeField(_("reached"), default=timezone.now)
    due_on = models.DateField(_("answer due"))
    escalation = models.PositiveSmallIntegerField(
        _("escalation"), choices=Escalation.choices, default=Escalation.NONE
    )
    escalated_at = models.DateTimeField(_("last escalated"), null=True, blank=True)
    answer = models.TextField(_("answer"), blank=True)
    consultation = models.ForeignKey(
        "consultations.Consultation",
        verbose_name=_("consultation opened"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["proposal", "threshold__signatures"]
        verbose_name = _("proposal answer")
        verbose_name_plural = _("proposal answers")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "threshold"], name="proposal_milestone_once")
        ]

    def __str__(self) -> str:
        return f"{self.proposal} · {self.threshold.signatures}"

    def get_permission_entity(self):
        return self.proposal.entity

    @property
    def is_overdue(self) -> bool:
        return self.answered_at is None and timezone.localdate() > self.due_on
