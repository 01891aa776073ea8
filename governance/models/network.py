"""The network of e-participation coordinators (seed §20-7 and §21)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sharik.core.models import TimeStampedModel

# Seed §21-1 and §21-2: the coordinator's responsibilities and skills, a checklist on each profile.
RESPONSIBILITIES = [
    ("liaison", _("Acts as the link between the entity and other entities on e-participation")),
    ("annual_plan", _("Oversees the drafting of an annual e-participation plan with the units concerned")),
    ("kpis", _("Develops clear and ambitious performance indicators for e-participation")),
    ("implement", _("Implements and follows up the plan, including its indicator targets")),
    ("document", _("Documents the entity's public engagements (online and offline) and publishes them")),
    ("offline", _("Records focus groups, brainstorming sessions and internal consultations")),
    ("policies", _("Develops and reviews the entity's e-participation policy documents")),
    ("content", _("Reviews the entity's content on the national portal with the portal team")),
    ("exchange", _("Coordinates experience-exchange visits with other entities")),
    ("innovate", _("Proposes innovative ideas that make the entity a leader in e-participation")),
]
SKILLS = [
    ("media", _("Knowledge of media (new media, blogs, social media)")),
    ("social_accounts", _("Good knowledge of managing social media accounts")),
    ("writing", _("Good writing skills to document engagements and feed social accounts")),
    ("linking", _("Knows how to link the entity's participation corner to the central portal")),
    ("learning", _("Willing to learn through interaction, reading and others' experience")),
]


class CoordinatorNominationQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=CoordinatorNomination.Status.APPROVED)


class CoordinatorNomination(TimeStampedModel):
    """An entity nominates one of its staff to the network; the federal team approves."""

    class Status(models.TextChoices):
        NOMINATED = "nominated", _("Nominated")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    entity = models.ForeignKey(
        "governance.Entity", verbose_name=_("entity"), on_delete=models.CASCADE, related_name="nominations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coordinator"),
        on_delete=models.CASCADE,
        related_name="coordinator_nominations",
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    phone = models.CharField(_("work phone"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NOMINATED, db_index=True
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nominated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, db_index=True)
    responsibilities = models.JSONField(_("responsibilities taken on"), default=list, blank=True)
    skills = models.JSONField(_("skills shown"), default=list, blank=True)

    objects = CoordinatorNominationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("coordinator nomination")
        verbose_name_plural = _("coordinators network")
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "user"],
                condition=Q(status__in=["nominated", "approved"]),
                name="one_live_nomination_per_entity_and_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.entity}"

    def responsibility_checklist(self) -> list[tuple[str, bool]]:
        return [(str(label), key in self.responsibilities) for key, label in RESPONSIBILITIES]

    def skill_checklist(self) -> list[tuple[str, bool]]:
        return [(str(label), key in self.skills) for key, label in SKILLS]


class TrainingRecord(models.Model):
    nomination = models.ForeignKey(
        CoordinatorNomination,
        verbose_name=_("coordinator"),
        on_delete=models.CASCADE,
        related_name="trainings",
    )
    title = models.CharField(_("training"), max_length=200)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    completed_on = models.DateField(_("completed on"))
    hours = models.PositiveSmallIntegerField(_("hours"), default=0)

    class Meta:
        ordering = ["-completed_on"]
        verbose_name = _("training record")
        verbose_name_plural = _("training records")

    def __str__(self) -> str:
        return self.title

    def get_permission_entity(self):
        return self.nomination.entity
