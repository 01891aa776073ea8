"""Consultations and the contributions the public makes to them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sharik.core.choices import EscwaStage, Sector, UNLevel
from sharik.core.models import TimeStampedModel
from sharik.core.private_files import private_storage
from sharik.core.uploads import validate_document, validate_image

from ..phases import PHASE_RULES, PUBLIC_PHASES, Phase, Status, phases_for_status


def _count_subquery(model, fk: str, **filters):
    """COUNT(*) of related rows as a scalar subquery: one query for a whole list, no join fan-out."""
    qs = (
        model.objects.filter(**{fk: OuterRef("pk")}, **filters)
        .order_by()
        .values(fk)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(qs, output_field=models.IntegerField()), 0)


class ConsultationQuerySet(models.QuerySet):
    def public(self):
        return self.filter(phase__in=PUBLIC_PHASES)

    def with_status(self, status: str):
        return self.filter(phase__in=phases_for_status(status))

    def open_now(self):
        now = timezone.now()
        return self.filter(phase=Phase.CONDUCT).filter(
            Q(opens_at__isnull=True) | Q(opens_at__lte=now), Q(closes_at__isnull=True) | Q(closes_at__gt=now)
        )

    def annotate_counts(self):
        return self.annotate(
            comment_count=_count_subquery(Comment, "consultation", is_hidden=False),
            idea_count=_count_subquery(Idea, "consultation", is_hidden=False),
            vote_count=_count_subquery(Vote, "poll__consultation"),
        )


class Consultation(TimeStampedModel):
    class Source(models.TextChoices):
        NATIVE = "native", _("Run on Sharik")
        PUSHED = "pushed", _("Pushed by the entity")
        HARVESTED = "harvested", _("Harvested from the entity's feed")

    entity = models.ForeignKey(
        "governance.Entity", verbose_name=_("entity"), on_delete=models.PROTECT, related_name="consultations"
    )
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), max_length=2000, blank=True)
    body = models.TextField(_("body"), blank=True, help_text=_("Formatting is kept; scripts are removed."))
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, default=Sector.OTHER)
    sdgs = models.ManyToManyField(
        "consultations.SdgTag",
        verbose_name=_("sustainable development goals"),
        blank=True,
        related_name="consultations",
    )
    un_level = models.CharField(
        _("UN e-participation level"), max_length=20, choices=UNLevel.choices, default=UNLevel.E_CONSULTATION
    )
    escwa_stage = models.CharField(
        _("ESCWA stage"), max_length=16, choices=EscwaStage.choices, default=EscwaStage.PARTICIPATION
    )
    phase = models.CharField(
        _("phase"), max_length=16, choices=Phase.choices, default=Phase.PREPARATION, db_index=True
    )
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    cover_image = models.ImageField(
        _("cover image"), upload_to="consultations/covers/", blank=True, validators=[validate_image]
    )
    pre_moderated = models.BooleanField(
        _("pre-moderation"),
        default=False,
        help_text=_("Comments and ideas wait for a moderator's review before they are published."),
    )
    decision = models.TextField(_("decision"), blank=True)
    decision_rationale = models.TextField(_("why this decision"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # The central archive: where the record came from.
    source = models.CharField(_("source"), max_length=12, choices=Source.choices, default=Source.NATIVE)
    external_id = models.CharField(_("external id"), max_length=200, null=True, blank=True)
    external_url = models.URLField(_("page at the entity"), max_length=500, blank=True)
    reported_results = models.JSONField(
        _("results reported by the entity"),
        default=dict,
        blank=True,
        help_text=_("For pushed or harvested consultations: participants, comments and poll results."),
    )
    # Normalised text for the archive search (see consultations/search.py); kept current by save().
    search_text = models.TextField(_("search text"), blank=True, default="", editable=False)

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at", "-created_at"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "external_id"],
                condition=Q(external_id__isnull=False),
                name="consultation_external_id_once_per_entity",
            ),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | Q(closes_at__gt=models.F("opens_at")),
                name="consultation_closes_after_opening",
            ),
        ]
        indexes = [
            models.Index(fields=["entity", "phase"]),
            models.Index(fields=["sector", "phase"]),
            # The archive's year and source filters, combined with the search index (bitmap AND) on PostgreSQL.
            models.Index(fields=["opens_at"], name="consultation_opens_at_idx"),
            models.Index(fields=["source", "phase"], name="consultation_source_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("consultations:detail", args=[self.pk])

    def save(self, *args, **kwargs):
        from ..search import SEARCH_FIELDS, search_document

        self.search_text = search_document(self)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & {*SEARCH_FIELDS, "external_id"}:
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    @property
    def status(self) -> str:
        return PHASE_RULES[self.phase][0]

    def get_status_display(self) -> str:
        return Status(self.status).label

    @property
    def is_public(self) -> bool:
        return PHASE_RULES[self.phase][1]

    def accepts_contributions(self, now=None) -> bool:
        """Open for comments, votes and ideas: the Conduct phase, between its dates."""
        now = now or timezone.now()
        if not PHASE_RULES[self.phase][2]:
            return False
        if self.opens_at and now < self.opens_at:
            return False
        return not (self.closes_at and now >= self.closes_at)


class ConsultationDocument(models.Model):
    consultation = models.ForeignKey(
        Consultation, verbose_name=_("consultation"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=200)
    # Private storage: a draft consultation's documents must not be reachable by address before it is
    # published; the document view checks who may read and hands out a short-lived signed link.
    file = models.FileField(
        _("file"),
        upload_to="consultations/documents/",
        storage=private_storage,
        validators=[validate_document],
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("attached document")
        verbose_name_plural = _("attached documents")

    def __str__(self) -> str:
        return self.title

    def get_permission_entity(self):
        return self.consultation.entity


class Moderated(models.Model):
    """What a moderator sets on a public contribution they hide: the reason its author is told."""

    is_hidden = models.BooleanField(_("hidden"), default=False)
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
    # Held for a moderator's review (pre-moderation, a word list, a new account's first contribution):
    # hidden until approved, never deleted; `hidden_reason` says why it was held.
    held_for_review = models.BooleanField(_("awaiting review"), default=False, db_index=True)

    class Meta:
        abstract = True

    def clean_fields(self, exclude=None):
        """No NUL character in a contribution's text (PostgreSQL would refuse it with a 500)."""
        super().clean_fields(exclude=exclude)
        errors = {
            f.name: _("The text contains a NUL character (\\0), which is not allowed.")
            for f in self._meta.concrete_fields
            if isinstance(getattr(self, f.attname, None), str) and "\x00" in getattr(self, f.attname)
        }
        if errors:
            raise ValidationError(errors)


class Comment(Moderated, TimeStampedModel):
    """A comment on a consultation, or on a blog article: one comment and moderation system for both."""

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    blog_post = models.ForeignKey(
        "governance.BlogPost",
        verbose_name=_("blog article"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    debate = models.ForeignKey(
        "consultations.Debate",
        verbose_name=_("debate"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="comments"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    body = models.TextField(_("comment"), max_length=2000)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(fields=["consultation", "parent", "created_at"]),
            models.Index(fields=["blog_post", "parent", "created_at"]),
            models.Index(fields=["debate", "parent", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(consultation__isnull=False, blog_post__isnull=True, debate__isnull=True)
                | Q(consultation__isnull=True, blog_post__isnull=False, debate__isnull=True)
                | Q(consultation__isnull=True, blog_post__isnull=True, debate__isnull=False),
                name="comment_on_one_consultation_article_or_debate",
            )
        ]

    def __str__(self) -> str:
        return self.body[:60]

    def get_absolute_url(self) -> str:
        return f"{self.thread.get_absolute_url()}#comment-{self.pk}"

    @property
    def thread(self):
        """What the comment is about: its consultation, its blog article or its debate."""
        if self.consultation_id:
            return self.consultation
        return self.blog_post if self.blog_post_id else self.debate

    def get_permission_entity(self):
        return getattr(self.thread, "entity", None)


class CommentReaction(TimeStampedModel):
    """A person's agree/disagree mark on a comment: one per person and comment (the database says so),
    changeable or withdrawn (deleted)."""

    class Value(models.IntegerChoices):
        AGREE = 1, _("Agree")
        DISAGREE = -1, _("Disagree")

    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="reactions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        on_delete=models.CASCADE,
        related_name="comment_reactions",
    )
    value = models.SmallIntegerField(_("mark"), choices=Value.choices)

    class Meta:
        verbose_name = _("agree/disagree mark")
        verbose_name_plural = _("agree/disagree marks")
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="comment_reaction_once_per_person"),
            models.CheckConstraint(condition=Q(value__in=[1, -1]), name="comment_reaction_agree_or_disagree"),
        ]

    def __str__(self) -> str:
        return f"{self.comment_id}/{self.user_id}: {self.value:+d}"


class CommentFlag(models.Model):
    class Reason(models.TextChoices):
        OFFENSIVE = "offensive", _("Offensive or abusive")
        SPAM = "spam", _("Spam or advertising")
        PERSONAL_DATA = "personal-data", _("Reveals personal data")
        OFF_TOPIC = "off-topic", _("Off topic")
        OTHER = "other", _("Other")

    comment = models.ForeignKey(
        Comment, verbose_name=_("comment"), on_delete=models.CASCADE, related_name="flags"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("flagged by"), on_delete=models.CASCADE)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        constraints = [models.UniqueConstraint(fields=["comment", "user"], name="flag_once_per_person")]

    def __str__(self) -> str:
        return self.get_reason_display()

    def get_permission_entity(self):
        return self.comment.get_permission_entity()


class Poll(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")

    class ShowResults(models.TextChoices):
        AFTER_VOTE = "after-vote", _("After the person has voted")
        AFTER_CLOSE = "after-close", _("After the consultation closes")
        ALWAYS = "always", _("Always")

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("consultation"), on_delete=models.CASCADE, related_name="polls"
    )
    question = models.CharField(_("question"), max_length=500)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SINGLE)
    show_results = models.CharField(
        _("show results"), max_length=12, choices=ShowResults.choices, default=ShowResults.AFTER_VOTE
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("poll question")
        verbose_name_plural = _("poll questions")

    def __str__(self) -> str:
        return self.question

    def get_permission_entity(self):
        return self.consultation.entity


class PollOption(models.Model):
    poll = models.ForeignKey(
        Poll, verbose_name=_("question"), on_delete=models.CASCADE, related_name="options"
    )
    label = models.CharField(_("option"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("option")
        verbose_name_plural = _("options")

    def __str__(self) -> str:
        return self.label


class Vote(TimeStampedModel):
    """One ballot per person per question; its choices may change while the poll is open."""

    poll = models.ForeignKey(Poll, verbose_name=_("question"), on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("voter"), on_delete=models.PROTECT, related_name="votes"
    )

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(fields=["poll", "user"], name="one_vote_per_person_per_question")
        ]

    def __str__(self) -> str:
        return str(self.poll)


class VoteChoice(models.Model):
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="choices")
    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="choices")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["vote", "option"], name="option_once_per_vote")]

    def __str__(self) -> str:
        return str(self.option)


class Idea(Moderated, TimeStampedModel):
    consultation = models.ForeignKey(
        Consultation, verbose_name=_("consultation"), on_delete=models.CASCADE, related_name="ideas"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="ideas"
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("description"), max_length=4000)

    # The entity's official answer (issue 14): a state, and what it means, in both languages.
    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        UNDER_REVIEW = "under-review", _("Under review")
        ACCEPTED = "accepted", _("Accepted")
        NOT_ADOPTED = "not-adopted", _("Not adopted")

    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.SUBMITTED)
    answer = models.TextField(
        _("official answer"),
        blank=True,
        help_text=_("For an accepted idea, the follow-up it leads to; for one not adopted, the reason."),
    )
    answer_consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation it led to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{self.consultation.get_absolute_url()}#idea-{self.pk}"

    def get_permission_entity(self):
        return self.consultation.entity


class IdeaSupport(models.Model):
    idea = models.ForeignKey(Idea, verbose_name=_("idea"), on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("supporter"), on_delete=models.PROTECT)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="one_support_per_person")]

    def __str__(self) -> str:
        return str(self.idea)


# What a person can follow: one column of `Follow` per kind (issue 15). A new kind (a debate) adds a
# nullable column, a row here and a branch in `consultations.selectors_reach.follower_ids`.
FOLLOW_TARGETS = ("consultation", "entity", "sector", "sdg", "proposal")


class Follow(models.Model):
    """A person who follows one thing: a consultation, an entity, a sector, a goal or a proposal.

    Exactly one target column is set (a check constraint); each (person, target) is unique.
    """

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="follows",
        null=True,
        blank=True,
    )
    entity = models.ForeignKey(
        "governance.Entity",
        verbose_name=_("entity"),
        on_delete=models.CASCADE,
        related_name="follows",
        null=True,
        blank=True,
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices, blank=True, default="")
    sdg = models.ForeignKey(
        "consultations.SdgTag",
        verbose_name=_("sustainable development goal"),
        on_delete=models.CASCADE,
        related_name="follows",
        null=True,
        blank=True,
    )
    proposal = models.ForeignKey(
        "consultations.Proposal",
        verbose_name=_("proposal"),
        on_delete=models.CASCADE,
        related_name="follows",
        null=True,
        blank=True,
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("follower"), on_delete=models.CASCADE)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        constraints = [
            models.UniqueConstraint(fields=["consultation", "user"], name="follow_once"),
            models.UniqueConstraint(fields=["entity", "user"], name="follow_entity_once"),
            models.UniqueConstraint(
                fields=["sector", "user"], condition=~Q(sector=""), name="follow_sector_once"
            ),
            models.UniqueConstraint(fields=["sdg", "user"], name="follow_sdg_once"),
            models.UniqueConstraint(fields=["proposal", "user"], name="follow_proposal_once"),
            models.CheckConstraint(
                condition=(
                    Q(
                        consultation__isnull=False,
                        entity__isnull=True,
                        sector="",
                        sdg__isnull=True,
                        proposal__isnull=True,
                    )
                    | Q(
                        consultation__isnull=True,
                        entity__isnull=False,
                        sector="",
                        sdg__isnull=True,
                        proposal__isnull=True,
                    )
                    | Q(
                        consultation__isnull=True,
                        entity__isnull=True,
                        sdg__isnull=True,
                        proposal__isnull=True,
                    )
                    & ~Q(sector="")
                    | Q(
                        consultation__isnull=True,
                        entity__isnull=True,
                        sector="",
                        sdg__isnull=False,
                        proposal__isnull=True,
                    )
                    | Q(
                        consultation__isnull=True,
                        entity__isnull=True,
                        sector="",
                        sdg__isnull=True,
                        proposal__isnull=False,
                    )
                ),
                name="follow_exactly_one_target",
            ),
        ]

    def __str__(self) -> str:
        return str(self.target_label)

    @property
    def kind(self) -> str:
        return next(
            name for name in FOLLOW_TARGETS if getattr(self, f"{name}_id" if name != "sector" else name)
        )

    @property
    def target_key(self) -> str:
        """The target's key in the follow URL: a pk, a slug, a sector code or a goal code."""
        kind = self.kind
        if kind == "sector":
            return self.sector
        if kind == "entity":
            return self.entity.slug
        if kind == "sdg":
            return self.sdg.code
        return str(getattr(self, f"{kind}_id"))

    @property
    def target_label(self) -> str:
        if self.sector:
            return str(Sector(self.sector).label)
        return str(getattr(self, self.kind))
