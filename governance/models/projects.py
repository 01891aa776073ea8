"""The national plan's projects and activities (seed §20): owner, budget, dates, milestones, and
their operational indicators; completion measured against the plan."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .kpis import Axis, Track


class Project(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    axis = models.CharField(_("axis"), max_length=16, choices=Axis.choices)
    track = models.CharField(_("track"), max_length=16, choices=Track.choices)
    owner = models.CharField(_("owner"), max_length=200, help_text=_("The team or entity accountable."))
    budget = models.DecimalField(_("budget (AED)"), max_digits=14, decimal_places=2, default=0)
    spent = models.DecimalField(_("spent so far (AED)"), max_digits=14, decimal_places=2, default=0)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("programme project")
        verbose_name_plural = _("programme projects")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="project_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(budget__gte=0, spent__gte=0), name="project_money_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The project must end on or after its start.")})


class Milestone(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("title"), max_length=300)
    due_on = models.DateField(_("due on"))
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=1,
        help_text=_("Its share of the project's work, relative to the other milestones."),
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("completed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["project", "due_on", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.CheckConstraint(condition=models.Q(weight__gte=1), name="milestone_weight_positive")
        ]

    def __str__(self) -> str:
        return self.title


class ProjectIndicator(models.Model):
    """An operational indicator of a project (the §20 table's last column), typed in with evidence."""

    class Unit(models.TextChoices):
        COUNT = "count", _("number")
        PERCENT = "percent", _("per cent")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices, default=Unit.PERCENT)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2, null=True, blank=True)
    measured_on = models.DateField(_("measured on"), null=True, blank=True)
    evidence = models.CharField(_("evidence"), max_length=500, blank=True)

    class Meta:
        ordering = ["project", "pk"]
        verbose_name = _("operational indicator")
        verbose_name_plural = _("operational indicators")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.value is not None and not (self.measured_on and self.evidence.strip()):
            raise ValidationError(_("A value needs the day it was measured and its evidence."))
