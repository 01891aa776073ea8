"""The risk registers, with exactly the columns of the seed's table (§19): the federal one and each entity's."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class RiskImpact(models.TextChoices):
    TIME = "time", _("Time")
    QUALITY = "quality", _("Quality")
    COST = "cost", _("Cost")
    REPUTATION = "reputation", _("Reputation")


def validate_impacts(value):
    if not isinstance(value, list) or not value or any(item not in RiskImpact.values for item in value):
        raise ValidationError(
            _("Choose one or more impacts from: %(choices)s."),
            params={"choices": ", ".join(RiskImpact.values)},
        )


class Risk(models.Model):
    class Type(models.TextChoices):
        STRATEGIC = "strategic", _("Strategic")
        OPERATIONAL = "operational", _("Operational")

    class Importance(models.TextChoices):
        HIGH = "high", _("High")
        MEDIUM = "medium", _("Medium")
        LOW = "low", _("Low")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    # Empty: the federal register (the plan's own risks); set: that entity's register (§19, per entity).
    entity = models.ForeignKey(
        "governance.Entity",
        verbose_name=_("entity"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="risks",
        help_text=_("Leave empty for the federal register."),
    )
    risk = models.TextField(_("risk"))
    type = models.CharField(_("strategic / operational"), max_length=12, choices=Type.choices)
    recovery_plan = models.TextField(_("recovery plan"))
    impact = models.JSONField(_("impact"), default=list, validators=[validate_impacts])
    importance = models.CharField(_("importance"), max_length=8, choices=Importance.choices)
    owner = models.CharField(_("owner"), max_length=200)
    registered_on = models.DateField(_("date registered"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField(_("date closed"), null=True, blank=True)

    class Meta:
        ordering = ["status", "registered_on", "pk"]
        verbose_name = _("risk")
        verbose_name_plural = _("risk register")
        constraints = [
            models.CheckConstraint(
                condition=(Q(status="open") & Q(closed_on__isnull=True))
                | (
                    Q(status="closed")
                    & Q(closed_on__isnull=False)
                    & Q(closed_on__gte=models.F("registered_on"))
                ),
                name="risk_closed_on_matches_status",
            )
        ]

    def __str__(self) -> str:
        return self.risk[:80]

    def clean(self):
        if self.status == self.Status.CLOSED:
            if self.closed_on is None:
                raise ValidationError({"closed_on": _("A closed risk needs the date it was closed.")})
            if self.registered_on and self.closed_on < self.registered_on:
                raise ValidationError(
                    {"closed_on": _("The date closed cannot be before the date registered.")}
                )
        elif self.closed_on is not None:
            raise ValidationError({"closed_on": _("An open risk has no date closed.")})

    def impact_labels(self) -> list[str]:
        labels = dict(RiskImpact.choices)
        return [str(labels[i]) for i in self.impact if i in labels]
