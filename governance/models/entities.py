"""Federal entities and the roles of the programme."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sharik.core.choices import EscwaStage, Sector
from sharik.core.models import TimeStampedModel
from sharik.core.uploads import validate_image

from ..onboarding import OnboardingState


class Role:
    """The role groups. Their model permissions are set by the data migration 0002_roles."""

    CITIZEN = "citizen"
    COORDINATOR = "entity_coordinator"
    MODERATOR = "moderator"
    FEDERAL_TEAM = "federal_team"
    OVERSIGHT_COMMITTEE = "oversight_committee"
    # فريق التنسيق والمتابعة (seed §17-8): reviews content, follows up and onboards entities.
    COORDINATION_TEAM = "coordination_team"
    ALL = (CITIZEN, COORDINATOR, MODERATOR, FEDERAL_TEAM, OVERSIGHT_COMMITTEE, COORDINATION_TEAM)


def validate_sectors(value):
    if not isinstance(value, list) or any(item not in Sector.values for item in value):
        raise ValidationError(
            _("Choose sectors from the list: %(choices)s."), params={"choices": ", ".join(Sector.values)}
        )


class EntityQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Entity(TimeStampedModel):
    """A federal entity (جهة اتحادية) that runs consultations and publishes data on Sharik."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    sectors = models.JSONField(_("sectors"), default=list, blank=True, validators=[validate_sectors])
    logo = models.ImageField(_("logo"), upload_to="entities/", blank=True, validators=[validate_image])
    website = models.URLField(_("website"), blank=True)
    escwa_stage = models.CharField(
        _("current ESCWA stage"), max_length=16, choices=EscwaStage.choices, default=EscwaStage.OPENNESS
    )
    is_active = models.BooleanField(_("active"), default=True)
    # Horizontal scaling: how far the entity is in joining Sharik (see governance/onboarding.py).
    onboarding_state = models.CharField(
        _("onboarding state"),
        max_length=12,
        choices=OnboardingState.choices,
        default=OnboardingState.INVITED,
        db_index=True,
    )
    coordinator_nominated = models.BooleanField(_("coordinator nominated"), default=False)
    api_key_issued = models.BooleanField(_("API key issued"), default=False)
    first_campaign_planned = models.BooleanField(_("first campaign planned"), default=False)

    objects = EntityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("entity")
        verbose_name_plural = _("entities")
        permissions = [
            ("coordinate_entity", _("Coordinate e-participation for this entity")),
            ("moderate_entity", _("Moderate contributions for this entity")),
            ("act_for_all_entities", _("Act for every entity (federal team)")),
            ("onboard_entity", _("Onboard entities (coordination and follow-up team)")),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("consultations:list") + f"?entity={self.slug}"

    def sector_labels(self) -> list[str]:
        labels = dict(Sector.choices)
        return [str(labels[s]) for s in self.sectors if s in labels]

    def checklist(self) -> list[tuple[str, bool]]:
        """The onboarding checklist, in order, as (label, done)."""
        return [
            (str(_("Coordinator nominated")), self.coordinator_nominated),
            (str(_("API key issued")), self.api_key_issued),
            (str(_("First campaign planned")), self.first_campaign_planned),
        ]

    @property
    def checklist_complete(self) -> bool:
        return all(done for _label, done in self.checklist())


class EntityStageChange(models.Model):
    """One move of an entity from one ESCWA stage to another (vertical scaling), kept as history."""

    entity = models.ForeignKey(
        Entity, verbose_name=_("entity"), on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_stage = models.CharField(_("from stage"), max_length=16, choices=EscwaStage.choices, blank=True)
    to_stage = models.CharField(_("to stage"), max_length=16, choices=EscwaStage.choices)
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("ESCWA stage change")
        verbose_name_plural = _("ESCWA stage history")

    def __str__(self) -> str:
        return f"{self.entity}: {self.from_stage or '-'} → {self.to_stage}"
