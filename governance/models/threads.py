"""The coordinators network talks to itself (seed §20-5, §21-1): members-only discussion threads,
replies that can be reported and hidden with a reason, and how each member is told of new replies."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sharik.core.models import TimeStampedModel


class Thread(TimeStampedModel):
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), help_text=_("Sanitised rich text."))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    last_reply_at = models.DateTimeField(_("last reply at"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-last_reply_at", "-created_at", "-pk"]
        verbose_name = _("discussion thread")
        verbose_name_plural = _("discussion threads")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("governance:thread", args=[self.pk])


class ThreadReply(TimeStampedModel):
    thread = models.ForeignKey(
        Thread, verbose_name=_("thread"), on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    body = models.TextField(_("text"), help_text=_("Sanitised rich text."))
    is_hidden = models.BooleanField(_("hidden"), default=False, db_index=True)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hidden by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("reply")
        verbose_name_plural = _("replies")

    def __str__(self) -> str:
        return f"{self.thread} — {self.pk}"


class ThreadReport(TimeStampedModel):
    """A member tells the federal team that a reply breaks the network's rules (once per member and reply)."""

    reply = models.ForeignKey(
        ThreadReply, verbose_name=_("reply"), on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=300)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("reported reply")
        verbose_name_plural = _("reported replies")
        constraints = [
            models.UniqueConstraint(fields=["reply", "reporter"], name="one_report_per_member_and_reply")
        ]


class ThreadPreference(models.Model):
    """How a member hears of replies in the threads they take part in."""

    class Delivery(models.TextChoices):
        EACH = "each", _("An e-mail for each reply")
        WEEKLY = "weekly", _("A weekly digest only")
        NONE = "none", _("No e-mail")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="thread_preference",
    )
    delivery = models.CharField(_("e-mails"), max_length=8, choices=Delivery.choices, default=Delivery.EACH)

    class Meta:
        verbose_name = _("discussion e-mail preference")
        verbose_name_plural = _("discussion e-mail preferences")

    def __str__(self) -> str:
        return f"{self.user} — {self.delivery}"


class ThreadDigest(models.Model):
    """One weekly digest per member and week: the row is claimed before the e-mail goes out."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE, related_name="+"
    )
    week_start = models.DateTimeField(_("week starting"))
    reply_count = models.PositiveIntegerField(_("replies"), default=0)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("discussion digest")
        verbose_name_plural = _("discussion digests")
        constraints = [
            models.UniqueConstraint(fields=["user", "week_start"], name="one_thread_digest_per_member_week")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.week_start:%Y-%m-%d}"
