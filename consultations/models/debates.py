"""Debates: citizen-started discussion topics under a sector (the "forums" of seed 003 §15-2), and the
moderation word lists that send a contribution to review instead of publishing it.

A debate is moderated like a comment (hidden with a reason, or held for review); an entity can take
it up into a consultation, and then each links to the other.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sharik.core.choices import Sector
from sharik.core.models import TimeStampedModel

from .contributions import Moderated

__all__ = ["DebateForum", "Debate", "DebateQuerySet", "ModerationWordList"]


class DebateForum(models.Model):
    """A sector's forum: what it is for, and whether new debates and their comments wait for review."""

    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, unique=True)
    description = models.TextField(_("description"), blank=True)
    pre_moderated = models.BooleanField(
        _("pre-moderation"),
        default=False,
        help_text=_(
            "New debates and their comments wait for a moderator's review before they are published."
        ),
    )

    class Meta:
        ordering = ["sector"]
        verbose_name = _("debate forum")
        verbose_name_plural = _("debate forums")

    def __str__(self) -> str:
        return str(Sector(self.sector).label)


class DebateQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_hidden=False)

    def annotate_counts(self):
        return self.annotate(
            comment_count=models.Count("comments", filter=models.Q(comments__is_hidden=False), distinct=True)
        )


class Debate(Moderated, TimeStampedModel):
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="debates"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), max_length=4000)
    # Taken up by an entity into a consultation: the debate links to it, the consultation back to it.
    consultation = models.ForeignKey(
        "consultations.Consultation",
        verbose_name=_("taken up into consultation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="debates",
    )
    taken_up_at = models.DateTimeField(_("taken up"), null=True, blank=True)
    taken_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("taken up by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = DebateQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("debate")
        verbose_name_plural = _("debates")
        permissions = [("take_up_debate", _("Take a debate up into a consultation"))]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultations:debate", args=[self.pk])

    def get_permission_entity(self):
        return None


class ModerationWordList(models.Model):
    """Words or phrases that send a contribution to review (never delete it). One per line.

    Arabic entries match whatever the diacritics, alef forms, taa marbuta or tatweel of the text
    (both sides pass through sharik.core.text.normalize_arabic); English entries ignore case.
    """

    class Language(models.TextChoices):
        ARABIC = "ar", _("Arabic")
        ENGLISH = "en", _("English")

    name = models.CharField(_("name"), max_length=120)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    words = models.TextField(_("words and phrases"), help_text=_("One word or phrase per line."))
    is_active = models.BooleanField(_("in use"), default=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["language", "name"]
        verbose_name = _("moderation word list")
        verbose_name_plural = _("moderation word lists")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_language_display()})"

    def entries(self) -> list[str]:
        return [line.strip() for line in self.words.splitlines() if line.strip()]
