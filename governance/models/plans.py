"""Each entity's annual e-participation plan (seed §21-1) and its offline engagements."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sharik.core.models import TimeStampedModel


class AnnualPlan(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")

    entity = models.ForeignKey(
        "governance.Entity", verbose_name=_("entity"), on_delete=models.CASCADE, related_name="annual_plans"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    objectives = models.TextField(_("objectives"))
    kpis = models.TextField(
        _("the entity's KPIs"), blank=True, help_text=_("One indicator and target per line.")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)

    class Meta:
        ordering = ["-year", "entity"]
        verbose_name = _("annual e-participation plan")
        verbose_name_plural = _("annual e-participation plans")
        constraints = [models.UniqueConstraint(fields=["entity", "year"], name="one_plan_per_entity_year")]
        permissions = [("approve_annualplan", _("Approve annual e-participation plans"))]

    def __str__(self) -> str:
        return f"{self.entity} {self.year}"

    def progress(self) -> tuple[int, int]:
        """(planned campaigns that happened, planned campaigns)."""
        campaigns = list(self.campaigns.all())
        return sum(1 for c in campaigns if c.happened), len(campaigns)


class PlannedCampaign(models.Model):
    plan = models.ForeignKey(
        AnnualPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="campaigns"
    )
    title = models.CharField(_("title"), max_length=300)
    quarter = models.PositiveSmallIntegerField(_("quarter"), choices=[(q, f"Q{q}") for q in (1, 2, 3, 4)])
    consultation = models.ForeignKey(
        "consultations.Consultation",
        verbose_name=_("consultation that ran it"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["quarter", "pk"]
        verbose_name = _("planned campaign")
        verbose_name_plural = _("planned campaigns")

    def __str__(self) -> str:
        return self.title

    def get_permission_entity(self):
        return self.plan.entity

    @property
    def happened(self) -> bool:
        """A planned campaign happened once its consultation has been opened to the public."""
        return self.consultation is not None and self.consultation.is_public


class OfflineEngagement(TimeStampedModel):
    class Kind(models.TextChoices):
        FOCUS_GROUP = "focus_group", _("Focus group")
        BRAINSTORMING = "brainstorming", _("Brainstorming session")
        INTERNAL = "internal", _("Internal consultation")
        WORKSHOP = "workshop", _("Workshop")

    entity = models.ForeignKey(
        "governance.Entity",
        verbose_name=_("entity"),
        on_delete=models.CASCADE,
        related_name="offline_engagements",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    held_on = models.DateField(_("held on"))
    participants = models.PositiveIntegerField(_("participants"), default=0)
    summary = models.TextField(_("summary"), blank=True)
    is_published = models.BooleanField(_("published"), default=False)

    class Meta:
        ordering = ["-held_on"]
        verbose_name = _("offline engagement")
        verbose_name_plural = _("offline engagements")

    def __str__(self) -> str:
        return self.title


class PlanIndicator(models.Model):
    """One KPI of an entity's annual plan with its target; measured from the portal where it can be."""

    class Measure(models.TextChoices):
        CONSULTATIONS_OPENED = "consultations_opened", _("Consultations opened to the public in the year")
        DECISIONS = "decisions", _("Decisions recorded from consultations in the year")
        CONTRIBUTIONS = "contributions", _("Online contributions (comments, ideas, votes) in the year")
        SATISFACTION = "satisfaction", _("Participants satisfied after the year's campaigns (%)")
        DATASETS = "datasets", _("Open data sets published in the year")
        MANUAL = "manual", _("Typed in by the coordinator")

    plan = models.ForeignKey(
        AnnualPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("indicator"), max_length=300)
    measure = models.CharField(
        _("measured by"), max_length=24, choices=Measure.choices, default=Measure.MANUAL
    )
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    value = models.DecimalField(
        _("value typed in"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "Only for an indicator typed in by the coordinator; the others are measured by the portal."
        ),
    )

    class Meta:
        ordering = ["plan", "pk"]
        verbose_name = _("plan indicator")
        verbose_name_plural = _("plan indicators")

    def __str__(self) -> str:
        return self.name

    def get_permission_entity(self):
        return self.plan.entity

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.measure != self.Measure.MANUAL and self.value is not None:
            raise ValidationError(
                {"value": _("This indicator is measured by the portal; leave the value empty.")}
            )
