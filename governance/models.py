"""Federal entities and the roles of the programme."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sharik.core.choices import EscwaStage, Sector
from sharik.core.models import TimeStampedModel


class Role:
    """The role groups. Their model permissions are set by the data migration 0002_roles."""

    CITIZEN = "citizen"
    COORDINATOR = "entity_coordinator"
    MODERATOR = "moderator"
    FEDERAL_TEAM = "federal_team"
    OVERSIGHT_COMMITTEE = "oversight_committee"
    ALL = (CITIZEN, COORDINATOR, MODERATOR, FEDERAL_TEAM, OVERSIGHT_COMMITTEE)


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
    logo = models.ImageField(_("logo"), upload_to="entities/", blank=True)
    website = models.URLField(_("website"), blank=True)
    escwa_stage = models.CharField(
        _("current ESCWA stage"), max_length=16, choices=EscwaStage.choices, default=EscwaStage.OPENNESS
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = EntityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("entity")
        verbose_name_plural = _("entities")
        permissions = [
            ("coordinate_entity", _("Coordinate e-participation for this entity")),
            ("moderate_entity", _("Moderate contributions for this entity")),
            ("act_for_all_entities", _("Act for every entity (federal team)")),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("consultations:list") + f"?entity={self.slug}"

    def sector_labels(self) -> list[str]:
        labels = dict(Sector.choices)
        return [str(labels[s]) for s in self.sectors if s in labels]
