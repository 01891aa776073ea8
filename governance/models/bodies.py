"""The governance bodies of the portal (seed §17-5 to §17-8) and their members."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class GovernanceBody(models.Model):
    class Kind(models.TextChoices):
        OVERSIGHT = "oversight", _("Oversight committee")
        EXECUTIVE = "executive", _("Executive team")
        COORDINATION = "coordination", _("Coordination and follow-up team")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    duties = models.TextField(_("duties"), blank=True, help_text=_("One duty per line."))
    entity = models.ForeignKey(
        "governance.Entity",
        verbose_name=_("entity"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="governance_bodies",
        help_text=_("For an executive team: the entity it works for."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("governance body")
        verbose_name_plural = _("governance bodies")

    def __str__(self) -> str:
        return self.name

    def duty_list(self) -> list[str]:
        return [line.strip() for line in (self.duties or "").splitlines() if line.strip()]


class BodyMember(models.Model):
    body = models.ForeignKey(
        GovernanceBody,
        verbose_name=pgettext_lazy("governance body", "body"),
        on_delete=models.CASCADE,
        related_name="members",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, blank=True, on_delete=models.SET_NULL
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    is_chair = models.BooleanField(_("chair"), default=False)

    class Meta:
        ordering = ["-is_chair", "pk"]
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self) -> str:
        return self.name
