"""Agreements with entities (seed §17-6, §17-7): memoranda of understanding and service-level
agreements, each a private document reviewed by a given day."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sharik.core.models import TimeStampedModel
from sharik.core.private_files import private_storage
from sharik.core.uploads import UploadValidator


class Agreement(TimeStampedModel):
    class Kind(models.TextChoices):
        MOU = "mou", _("Memorandum of understanding")
        SLA = "sla", _("Service-level agreement")

    entity = models.ForeignKey(
        "governance.Entity", verbose_name=_("entity"), on_delete=models.CASCADE, related_name="agreements"
    )
    kind = models.CharField(_("kind"), max_length=4, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    signed_on = models.DateField(_("signed on"))
    review_on = models.DateField(_("review on"), db_index=True)
    document = models.FileField(
        _("document"),
        storage=private_storage,
        upload_to="governance/agreements/",
        validators=[UploadValidator(("pdf", "docx", "odt"))],
        help_text=_("Private: reached only through short-lived links made for one person."),
    )
    # The review day the reminder went out for (claimed by an UPDATE: once per agreement and review day).
    review_reminded_for = models.DateField(
        _("review reminder sent for"), null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["entity", "-signed_on", "pk"]
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(review_on__gte=models.F("signed_on")),
                name="agreement_review_after_signing",
            )
        ]

    def __str__(self) -> str:
        return self.title
