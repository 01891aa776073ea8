"""The campaign lifecycle: what each of the seven phases records, and the log of transitions.

The phase itself lives on `Consultation.phase` and changes only through
`consultations.services.lifecycle.consultation_advance`; these models hold each phase's inputs and
outputs (readiness, plan, offline input, decision, evaluation) and the communication log.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sharik.accounts.models import AgeBand, Place

from ..phases import Phase


class _OfConsultation:
    """Every lifecycle record belongs to one consultation, and so to its entity."""

    def get_permission_entity(self):
        return self.consultation.entity


class _Questionnaire(_OfConsultation):
    """A form of questions (ANSWERS) a coordinator must answer before the campaign may move on."""

    ANSWERS: tuple[str, ...] = ()

    def __str__(self) -> str:
        return str(self.consultation)

    def unanswered(self) -> list[str]:
        return [
            str(self._meta.get_field(name).verbose_name) for name in self.ANSWERS if not getattr(self, name)
        ]


class PhaseTransition(_OfConsultation, models.Model):
    """One move of a consultation from a phase to the next: who, when and why."""

    consultation = models.ForeignKey(
        "consultations.Consultation",
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    from_phase = models.CharField(_("from phase"), max_length=16, choices=Phase.choices)
    to_phase = models.CharField(_("to phase"), max_length=16, choices=Phase.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("Empty when a scheduled job made the move."),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("phase transition")
        verbose_name_plural = _("phase transitions")

    def __str__(self) -> str:
        return f"{self.get_from_phase_display()} → {self.get_to_phase_display()}"


class Readiness(_Questionnaire, models.Model):
    """Preparation: the entity's readiness form and the management green light."""

    class GoalType(models.TextChoices):
        DRAFT = "draft", _("Public consultation on a draft policy")
        VOTE = "vote", _("Vote on options to improve a service")
        IDEAS = "ideas", _("Collect ideas")
        OTHER = "other", _("Other")

    consultation = models.OneToOneField(
        "consultations.Consultation",
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="readiness",
    )
    goal_type = models.CharField(
        _("goal of the campaign"), max_length=8, choices=GoalType.choices, blank=True
    )
    goal = models.TextField(_("goal, in a few sentences"), blank=True)
    management_support = models.TextField(
        _("top-management support"), blank=True, help_text=_("Who in top management supports it, and how.")
    )
    readiness_people = models.TextField(_("institutional readiness: people"), blank=True)
    readiness_budget = models.TextField(_("institutional readiness: budget"), blank=True)
    readiness_procedures = models.TextField(
        _("institutional readiness: internal procedures and laws"), blank=True
    )
    audience = models.TextField(_("target audience"), blank=True)
    audience_readiness = models.TextField(_("readiness of the target audience"), blank=True)
    green_light_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("green light recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    green_light_from = models.CharField(
        _("green light given by (name and title)"), max_length=200, blank=True
    )
    green_light_at = models.DateTimeField(_("green light given at"), null=True, blank=True)

    ANSWERS = (
        "goal_type",
        "goal",
        "management_support",
        "readiness_people",
        "readiness_budget",
        "readiness_procedures",
        "audience",
        "audience_readiness",
    )

    class Meta:
        verbose_name = _("readiness (preparation)")
        verbose_name_plural = _("readiness forms (preparation)")


class Plan(_OfConsultation, models.Model):
    """Planning: the seed's planning questions, and the plan's review workflow."""

    class DecisionMethod(models.TextChoices):
        BINDING_VOTE = "binding-vote", _("Binding public vote")
        ENTITY_DECIDES = "entity-decides", _("The entity decides, taking the input into account")

    class Participation(models.TextChoices):
        ANYONE = "anyone", _("Anyone, including anonymous visitors")
        REGISTERED = "registered", _("Registered users")
        VERIFIED = "verified", _("Verified residents")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        APPROVED = "approved", pgettext_lazy("engagement plan status", "Approved")
        RETURNED = "returned", _("Returned with comments")

    consultation = models.OneToOneField(
        "consultations.Consultation",
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="plan",
    )
    objective = models.TextField(_("detailed objective"), blank=True)
    affected_parties = models.TextField(
        _("other affected parties"), blank=True, help_text=_("Entities, media, private sector…")
    )
    experts = models.TextField(_("experts"), blank=True)
    influencers = models.TextField(_("social media influencers to involve"), blank=True)
    timeline = models.TextField(_("timeline"), blank=True)
    channels = models.TextField(_("channels and tools"), blank=True)
    staff = models.TextField(_("staff"), blank=True)
    budget = models.TextField(_("budget"), blank=True)
    slogan = models.CharField(_("slogan"), max_length=200, blank=True)
    key_messages = models.TextField(_("key messages"), blank=True)
    attraction = models.TextField(_("how participants are attracted"), blank=True)
    collection_analysis = models.TextField(_("how contributions are collected and analysed"), blank=True)
    decision_method = models.CharField(
        _("how the final decision is made"),
        max_length=16,
        choices=DecisionMethod.choices,
        default=DecisionMethod.ENTITY_DECIDES,
    )
    announcement_method = models.TextField(_("how results will be announced"), blank=True)
    participation = models.CharField(
        _("who may take part"),
        max_length=12,
        choices=Participation.choices,
        default=Participation.REGISTERED,
        help_text=_("Anonymous input never counts toward a binding vote."),
    )
    status = models.CharField(_("review status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comments = models.TextField(_("review comments"), blank=True)

    class Meta:
        verbose_name = _("plan (planning)")
        verbose_name_plural = _("plans (planning)")
        permissions = [("approve_plan", _("Approve or return a campaign plan"))]

    def __str__(self) -> str:
        return str(self.consultation)


class TargetGroup(models.Model):
    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="target_groups"
    )
    name = models.CharField(_("group"), max_length=200)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, blank=True)
    place = models.CharField(_("place of residence"), max_length=20, choices=Place.choices, blank=True)
    age_band = models.CharField(_("age band"), max_length=8, choices=AgeBand.choices, blank=True)
    verified_residents = models.BooleanField(
        _("verified residents only"),
        default=False,
        help_text=_("Count only participants whose residency staff have verified."),
    )
    planned_participants = models.PositiveIntegerField(
        _("planned participants"),
        null=True,
        blank=True,
        help_text=_("How many people of this group the campaign aims to reach online."),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")

    def __str__(self) -> str:
        return self.name

    def get_permission_entity(self):
        return self.plan.consultation.entity


class Extension(_OfConsultation, models.Model):
    """Conduct: the close date moved later; shown publicly as "extended"."""

    consultation = models.ForeignKey(
        "consultations.Consultation",
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="extensions",
    )
    old_closes_at = models.DateTimeField(_("previous close date"), null=True)
    new_closes_at = models.DateTimeField(_("new close date"))
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")

    def __str__(self) -> str:
        return str(self.consultation)


class OfflineContribution(_OfConsultation, models.Model):
    """Conduct: input gathered outside the portal, entered so that one analysis covers all."""

    class Channel(models.TextChoices):
        MEETING = "meeting", _("Meeting")
        PHONE = "phone", _("Phone")
        PAPER = "paper", _("Paper survey")
        FOCUS_GROUP = "focus-group", _("Focus group")

    consultation = models.ForeignKey(
        "consultations.Consultation",
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="offline_contributions",
    )
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    date = models.DateField(_("date"))
    people_count = models.PositiveIntegerField(_("number of people"), default=1)
    text = models.TextField(_("what was said"), max_length=8000)
    poll_option = models.ForeignKey(
        "consultations.PollOption",
        verbose_name=_("poll option chosen"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_(
            "If these people answered a poll question: the option they chose (counted in the tally)."
        ),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("offline contribution")
        verbose_name_plural = _("offline contributions")

    def __str__(self) -> str:
        return f"{self.get_channel_display()} · {self.date}"


class Decision(_OfConsultation, models.Model):
    """Analysis: the decision, why, its impact, and its formal approval by the entity's management.

    Approval publishes the text and rationale to the consultation (`Consultation.decision`,
    `decision_rationale`, `decided_at`), which the public pages and the archive read.
    """

    consultation = models.OneToOneField(
        "consultations.Consultation",
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="decision_record",
    )
    input_summary = models.TextField(_("what you said (summary of the input)"), blank=True)
    text = models.TextField(_("what we decided"))
    rationale = models.TextField(_("why"))
    impact = models.TextField(_("impact on the groups concerned"), blank=True)
    not_adopted = models.TextField(_("what could not be adopted, and why"), blank=True)
    thanks = models.TextField(_("thanks to participants"), blank=True)
    winning_option = models.ForeignKey(
        "consultations.PollOption",
        verbose_name=_("winning option"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Required when the plan's decision method is a binding public vote."),
    )
    next_consultation = models.ForeignKey(
        "consultations.Consultation",
        verbose_name=_("next consultation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_from = models.CharField(_("approved by (name and title)"), max_length=200, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approval recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("decision (analysis)")
        verbose_name_plural = _("decisions (analysis)")

    def __str__(self) -> str:
        return str(self.consultation)


class Evaluation(_Questionnaire, models.Model):
    """Evaluation, learning and innovation: the seed's five questions and the figures."""

    consultation = models.OneToOneField(
        "consultations.Consultation",
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="evaluation",
    )
    plan_complete = models.TextField(_("Was the plan complete and understood?"), blank=True)
    participation_level = models.TextField(_("How high was participation, and what explains it?"), blank=True)
    channels_effective = models.TextField(_("Did the channels work?"), blank=True)
    contributions_useful = models.TextField(
        _("Were the contributions useful for the decision? If not, why?"), blank=True
    )
    improvements = models.TextField(_("What should be improved next time?"), blank=True)
    figures = models.JSONField(_("participation figures"), default=dict, blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("evaluated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    ANSWERS = (
        "plan_complete",
        "participation_level",
        "channels_effective",
        "contributions_useful",
        "improvements",
    )

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")


class CommunicationActivity(_OfConsultation, models.Model):
    """Communication, in every phase: a message sent to an audience on a channel."""

    class Channel(models.TextChoices):
        PORTAL = "portal", _("Portal")
        EMAIL = "email", _("E-mail")
        SMS = "sms", _("SMS")
        TWITTER = "twitter", _("Twitter/X")
        FACEBOOK = "facebook", _("Facebook")
        YOUTUBE = "youtube", _("YouTube")
        INSTAGRAM = "instagram", _("Instagram")
        TV = "tv", _("TV")
        RADIO = "radio", _("Radio")
        PRESS = "press", _("Press")

    consultation = models.ForeignKey(
        "consultations.Consultation",
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="communications",
    )
    phase = models.CharField(_("phase"), max_length=16, choices=Phase.choices)
    audience = models.CharField(_("audience"), max_length=200)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    message = models.TextField(_("message"), max_length=4000)
    date = models.DateField(_("date"))
    reach = models.PositiveIntegerField(_("reach, if known"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("communication activity")
        verbose_name_plural = _("communication activities")

    def __str__(self) -> str:
        return f"{self.get_channel_display()} · {self.audience}"


class AnonymousVote(models.Model):
    """A vote from a visitor who did not log in, when the plan lets anyone take part.

    One ballot per browser session and question (the session may change it while the poll is open).
    Counted separately from registered votes, and never toward a binding vote.
    """

    poll = models.ForeignKey(
        "consultations.Poll",
        verbose_name=_("question"),
        on_delete=models.CASCADE,
        related_name="anonymous_votes",
    )
    option = models.ForeignKey("consultations.PollOption", verbose_name=_("option"), on_delete=models.CASCADE)
    session_key = models.CharField(_("browser session"), max_length=64, db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("anonymous vote")
        verbose_name_plural = _("anonymous votes")
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "session_key", "option"], name="anonymous_vote_once_per_session"
            )
        ]

    def __str__(self) -> str:
        return str(self.option)

    def get_permission_entity(self):
        return self.poll.consultation.entity
