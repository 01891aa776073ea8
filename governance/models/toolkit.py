"""The resource toolkit (seed §20-6): guides, templates, policies, lessons learned, reviewed every 3 months."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sharik.core.models import TimeStampedModel
from sharik.core.uploads import validate_document

REVIEW_EVERY_MONTHS = 3


class ToolkitItem(TimeStampedModel):
    class Kind(models.TextChoices):
        GUIDE = "guide", _("Guide")
        TEMPLATE = "template", _("Template")
        POLICY = "policy", _("Policy")
        LESSON = "lesson", _("Lesson learned")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    body = models.TextField(_("text"), blank=True)
    file = models.FileField(_("file"), upload_to="toolkit/", blank=True, validators=[validate_document])
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="toolkit_items",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    last_reviewed_on = models.DateField(_("last reviewed on"))
    review_due_on = models.DateField(_("review due on"), db_index=True, editable=False)
    consultation = models.ForeignKey(
        "consultations.Consultation",
        verbose_name=_("public consultation on this draft"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["kind", "title"]
        verbose_name = _("toolkit item")
        verbose_name_plural = _("resource toolkit")
        permissions = [("approve_toolkititem", _("Approve guides and policies (oversight committee)"))]

    def __str__(self) -> str:
        return self.title

    @property
    def current_version(self) -> int:
        return self.versions.count()


class ToolkitVersion(models.Model):
    item = models.ForeignKey(
        ToolkitItem, verbose_name=_("item"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    file = models.CharField(_("file"), max_length=300, blank=True)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["item", "-number"]
        verbose_name = _("toolkit version")
        verbose_name_plural = _("toolkit versions")
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="one_toolkit_version_number")]

    def __str__(self) -> str:
        return f"{self.item} v{self.number}"
