"""The central archive: entities' API keys, the feeds Sharik harvests, and the published exports."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

KEY_PREFIX = "shk"


def api_key_hash(raw_key: str) -> str:
    """SHA-256 of the whole key: keys carry 256 random bits, so a slow password hash adds nothing."""
    return hashlib.sha256(raw_key.encode()).hexdigest()


class EntityApiKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class EntityApiKey(models.Model):
    """A key an entity's own system uses to push to the archive. Only its hash is stored."""

    entity = models.ForeignKey(
        "governance.Entity", verbose_name=_("entity"), on_delete=models.CASCADE, related_name="api_keys"
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("Which system uses the key, e.g. “Ministry portal”.")
    )
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    hashed_key = models.CharField(_("hashed key"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    objects = EntityApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("entity API key")
        verbose_name_plural = _("entity API keys")

    def __str__(self) -> str:
        return f"{self.name} ({KEY_PREFIX}_{self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def label(self) -> str:
        """How the key appears in the audit log: never the secret, only its public prefix."""
        return f"api-key:{self.prefix} ({self.name})"

    @staticmethod
    def generate() -> tuple[str, str]:
        """A new (prefix, raw key) pair; the raw key is `shk_<prefix>_<secret>`."""
        prefix = secrets.token_hex(4)
        return prefix, f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"

    @staticmethod
    def prefix_of(raw_key: str) -> str | None:
        parts = raw_key.split("_", 2)
        if len(parts) != 3 or parts[0] != KEY_PREFIX or not parts[1] or not parts[2]:
            return None
        return parts[1]


class HarvestSourceQuerySet(models.QuerySet):
    def due(self, now=None):
        now = now or timezone.now()
        return self.filter(is_active=True, entity__is_active=True, next_run_at__lte=now)


class HarvestSource(models.Model):
    """A feed an entity publishes (the push body's schema, paginated) that Sharik reads on a schedule."""

    entity = models.ForeignKey(
        "governance.Entity",
        verbose_name=_("entity"),
        on_delete=models.CASCADE,
        related_name="harvest_sources",
    )
    url = models.URLField(_("feed URL"), max_length=500)
    is_active = models.BooleanField(_("active"), default=True)
    interval_minutes = models.PositiveIntegerField(
        _("harvest every (minutes)"), default=24 * 60, help_text=_("How often Sharik reads the feed.")
    )
    timeout_seconds = models.PositiveSmallIntegerField(_("timeout (seconds)"), default=20)
    next_run_at = models.DateTimeField(_("next run"), default=timezone.now, db_index=True)
    consecutive_failures = models.PositiveSmallIntegerField(_("failures in a row"), default=0, editable=False)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = HarvestSourceQuerySet.as_manager()

    class Meta:
        ordering = ["entity", "url"]
        verbose_name = _("harvest source")
        verbose_name_plural = _("harvest sources")
        constraints = [models.UniqueConstraint(fields=["entity", "url"], name="harvest_source_once")]

    def __str__(self) -> str:
        return self.url


class HarvestRun(models.Model):
    """One reading of a feed: when, what it did to the archive, and what went wrong."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        SUCCESS = "success", _("Succeeded")
        PARTIAL = "partial", _("Partly succeeded")
        FAILED = "failed", _("Failed")

    source = models.ForeignKey(
        HarvestSource, verbose_name=_("source"), on_delete=models.CASCADE, related_name="runs"
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RUNNING)
    pages = models.PositiveIntegerField(_("pages read"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("harvest run")
        verbose_name_plural = _("harvest runs")

    def __str__(self) -> str:
        return f"{self.source} {self.started_at:%Y-%m-%d %H:%M}"

    def get_permission_entity(self):
        return self.source.entity


class ArchiveExport(models.Model):
    """The whole public archive, published nightly as an open dataset (one row per format)."""

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        JSON = "json", "JSON"

    format = models.CharField(_("format"), max_length=4, choices=Format.choices, unique=True)
    file = models.FileField(_("file"), upload_to="archive/")
    rows = models.PositiveIntegerField(_("rows"), default=0)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    generated_at = models.DateTimeField(_("generated at"), default=timezone.now)

    class Meta:
        verbose_name = _("archive export")
        verbose_name_plural = _("archive exports")

    def __str__(self) -> str:
        return f"{self.get_format_display()} {self.generated_at:%Y-%m-%d}"
