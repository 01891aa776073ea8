"""Draft documents open to paragraph-level comments, and co-drafting by invited stakeholders.

A draft has numbered versions; each version holds its own paragraphs, so comments and amendments
stay attached to the version they were made on. `DraftParagraph.key` follows a paragraph across
versions (the diff and "what happened to my comment" use it).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sharik.core.models import TimeStampedModel

from .contributions import CommentFlag, Moderated

__all__ = [
    "Amendment",
    "AmendmentReaction",
    "Draft",
    "DraftInvitation",
    "DraftParagraph",
    "DraftVersion",
    "ParagraphComment",
    "ParagraphCommentFlag",
    "ParagraphCommentSupport",
]


class Draft(TimeStampedModel):
    """A policy, law or guide put to the public as structured paragraphs."""

    consultation = models.ForeignKey(
        "consultations.Consultation",
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="drafts",
    )
    title = models.CharField(_("title"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    co_drafting = models.BooleanField(
        _("co-drafting"),
        default=False,
        help_text=_("Invited stakeholders may propose amendments to its paragraphs."),
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("draft document")
        verbose_name_plural = _("draft documents")

    def __str__(self) -> str:
        return self.title

    def get_permission_entity(self):
        return self.consultation.entity

    def get_absolute_url(self) -> str:
        return reverse("consultations:draft", args=[self.consultation_id, self.pk])

    @property
    def current_version(self):
        return self.versions.order_by("-number").first()


class DraftVersion(models.Model):
    draft = models.ForeignKey(
        Draft, verbose_name=_("draft"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    note = models.CharField(_("what changed"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("published at"), auto_now_add=True)

    class Meta:
        ordering = ["draft", "number"]
        verbose_name = _("draft version")
        verbose_name_plural = _("draft versions")
        constraints = [models.UniqueConstraint(fields=["draft", "number"], name="draft_version_number_once")]

    def __str__(self) -> str:
        return f"{self.draft} · v{self.number}"

    def get_permission_entity(self):
        return self.draft.consultation.entity


class DraftParagraph(models.Model):
    version = models.ForeignKey(
        DraftVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="paragraphs"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    key = models.CharField(_("paragraph key"), max_length=20, help_text=_("Stable across versions."))
    heading = models.CharField(_("section heading"), max_length=300, blank=True)
    text = models.TextField(_("text"))
    answer = models.TextField(_("coordinator's answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["version", "order"]
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="paragraph_order_once_per_version"),
            models.UniqueConstraint(fields=["version", "key"], name="paragraph_key_once_per_version"),
        ]

    def __str__(self) -> str:
        return f"§{self.order} {self.text[:50]}"

    def get_permission_entity(self):
        return self.version.draft.consultation.entity


class ParagraphComment(Moderated, TimeStampedModel):
    paragraph = models.ForeignKey(
        DraftParagraph, verbose_name=_("paragraph"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="paragraph_comments",
    )
    body = models.TextField(_("comment"), max_length=2000)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("paragraph comment")
        verbose_name_plural = _("paragraph comments")

    def __str__(self) -> str:
        return self.body[:60]

    def get_permission_entity(self):
        return self.paragraph.version.draft.consultation.entity

    @property
    def consultation(self):
        return self.paragraph.version.draft.consultation

    def get_absolute_url(self) -> str:
        version = self.paragraph.version
        return f"{version.draft.get_absolute_url()}?v={version.number}#pcomment-{self.pk}"


class ParagraphCommentSupport(models.Model):
    comment = models.ForeignKey(
        ParagraphComment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="supports"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("supporter"), on_delete=models.PROTECT)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment support")
        verbose_name_plural = _("comment supports")
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="paragraph_comment_support_once")
        ]

    def __str__(self) -> str:
        return str(self.comment)


class ParagraphCommentFlag(models.Model):
    """A person asks a moderator to look at a paragraph comment (the reasons of `CommentFlag`)."""

    comment = models.ForeignKey(
        ParagraphComment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="flags"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("flagged by"), on_delete=models.CASCADE)
    reason = models.CharField(_("reason"), max_length=20, choices=CommentFlag.Reason.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("paragraph comment flag")
        verbose_name_plural = _("paragraph comment flags")
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="paragraph_comment_flag_once")
        ]

    def __str__(self) -> str:
        return self.get_reason_display()

    def get_permission_entity(self):
        return self.comment.get_permission_entity()


class DraftInvitation(models.Model):
    """A stakeholder invited to co-draft: only they may propose amendments."""

    class Group(models.TextChoices):
        CIVIL_SOCIETY = "civil-society", _("Civil society")
        PRIVATE_SECTOR = "private-sector", _("Private sector")
        EXPERT = "expert", _("Expert")
        PUBLIC_SECTOR = "public-sector", _("Public sector")

    draft = models.ForeignKey(
        Draft, verbose_name=_("draft"), on_delete=models.CASCADE, related_name="invitations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("stakeholder"),
        on_delete=models.CASCADE,
        related_name="draft_invitations",
    )
    group = models.CharField(_("group"), max_length=16, choices=Group.choices)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("invited at"), auto_now_add=True)

    class Meta:
        verbose_name = _("co-drafting invitation")
        verbose_name_plural = _("co-drafting invitations")
        constraints = [models.UniqueConstraint(fields=["draft", "user"], name="draft_invitation_once")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_group_display()}"

    def get_permission_entity(self):
        return self.draft.consultation.entity


class Amendment(Moderated, TimeStampedModel):
    """A change to one paragraph proposed by an invited stakeholder: public text, so moderated."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting decision")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    paragraph = models.ForeignKey(
        DraftParagraph, verbose_name=_("paragraph"), on_delete=models.CASCADE, related_name="amendments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        on_delete=models.PROTECT,
        related_name="amendments",
    )
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="ar")
    proposed_text = models.TextField(_("proposed text"), max_length=4000)
    rationale = models.TextField(_("why"), max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    applied_in = models.ForeignKey(
        DraftVersion,
        verbose_name=_("applied in version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applied_amendments",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")

    def __str__(self) -> str:
        return self.proposed_text[:60]

    def get_permission_entity(self):
        return self.paragraph.version.draft.consultation.entity

    @property
    def consultation(self):
        return self.paragraph.version.draft.consultation

    def get_absolute_url(self) -> str:
        version = self.paragraph.version
        return f"{version.draft.get_absolute_url()}?v={version.number}#amendment-{self.pk}"


class AmendmentReaction(models.Model):
    class Kind(models.TextChoices):
        SUPPORT = "support", _("Support")
        OBJECT = "object", _("Object")

    amendment = models.ForeignKey(
        Amendment, verbose_name=_("amendment"), on_delete=models.CASCADE, related_name="reactions"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT)
    kind = models.CharField(_("reaction"), max_length=8, choices=Kind.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("amendment reaction")
        verbose_name_plural = _("amendment reactions")
        constraints = [models.UniqueConstraint(fields=["amendment", "user"], name="amendment_reaction_once")]

    def __str__(self) -> str:
        return self.get_kind_display()
