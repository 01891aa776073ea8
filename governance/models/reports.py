"""The annual report to the oversight committee, generated from the portal's data."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sharik.core.models import TimeStampedModel


class AnnualReport(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("Being generated")
        GENERATED = "generated", _("Generated")
        APPROVED = "approved", _("Approved by the oversight committee")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    data = models.JSONField(_("figures"), default=dict, blank=True)
    pdf = models.FileField(_("PDF"), upload_to="reports/", blank=True)
    generated_at = models.DateTimeField(_("generated at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        permissions = [("approve_annualreport", _("Approve the annual report (oversight committee)"))]

    def __str__(self) -> str:
        return str(_("Annual report %(year)s") % {"year": self.year})

    def get_absolute_url(self) -> str:
        return reverse("governance:report", args=[self.year])
