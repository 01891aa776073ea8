"""Engagement instruments a coordinator adds to a campaign: surveys, participatory budgets, opinion maps.

"Once per person" rules are database constraints (a response per person or per browser session, an
allocation per person, a vote per person and statement), so concurrent requests cannot duplicate.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .contributions import Moderated

__all__ = [
    "BudgetAllocation",
    "BudgetProject",
    "OpinionMap",
    "OpinionStatement",
    "OpinionVote",
    "ParticipatoryBudget",
    "Survey",
    "SurveyAnswer",
    "SurveyChoice",
    "SurveyQuestion",
    "SurveyResponse",
]


class _OfConsultation:
    def get_permission_entity(self):
        return self.consultation.entity


# --- Surveys -------------------------------------------------------------------------------------


class Survey(_OfConsultation, models.Model):
    consultation = models.ForeignKey(
        "consultations.Consultation",
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="surveys",
    )
    title = models.CharField(_("title"), max_length=300)
    intro = models.TextField(_("introduction"), blank=True)
    results_public = models.BooleanField(
        _("results are public"), default=True, help_text=_("Charts of the answers on the public page.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return self.title


class SurveyQuestion(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        SCALE = "scale", _("Scale from 1 to 5")
        TEXT = "text", _("Free text")
        RANKING = "ranking", _("Ranking")

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="questions"
    )
    text = models.CharField(_("question"), max_length=500)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SINGLE)
    required = models.BooleanField(_("required"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")

    def __str__(self) -> str:
        return self.text

    def get_permission_entity(self):
        return self.survey.consultation.entity

    @property
    def has_choices(self) -> bool:
        return self.kind in (self.Kind.SINGLE, self.Kind.MULTIPLE, self.Kind.RANKING)


class SurveyChoice(models.Model):
    question = models.ForeignKey(
        SurveyQuestion, verbose_name=_("question"), on_delete=models.CASCADE, related_name="choices"
    )
    label = models.CharField(_("choice"), max_length=300)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self) -> str:
        return self.label


class SurveyResponse(models.Model):
    """One filled-in questionnaire: a person's, an anonymous browser session's, or a paper one."""

    survey = models.ForeignKey(
        Survey, verbose_name=_("survey"), on_delete=models.CASCADE, related_name="responses"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("respondent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="survey_responses",
    )
    session_key = models.CharField(_("browser session"), max_length=64, null=True, blank=True)
    is_offline = models.BooleanField(_("offline (paper)"), default=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "user"],
                condition=Q(user__isnull=False),
                name="survey_response_once_per_person",
            ),
            models.UniqueConstraint(
                fields=["survey", "session_key"],
                condition=Q(session_key__isnull=False),
                name="survey_response_once_per_session",
            ),
        ]

    def __str__(self) -> str:
        return str(self.survey)

    def get_permission_entity(self):
        return self.survey.consultation.entity


class SurveyAnswer(models.Model):
    """The answer to one question. `value`: a choice id, a list of ids (in rank order), 1–5, or text."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.CASCADE, related_name="answers")
    value = models.JSONField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="survey_answer_once_per_question")
        ]

    def __str__(self) -> str:
        return str(self.value)


# --- Participatory budgeting ---------------------------------------------------------------------


class ParticipatoryBudget(_OfConsultation, models.Model):
    consultation = models.ForeignKey(
        "consultations.Consultation",
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="budgets",
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    total = models.PositiveBigIntegerField(_("budget"))
    currency = models.CharField(_("currency"), max_length=8, default="AED")
    decided_projects = models.ManyToManyField(
        "consultations.BudgetProject",
        verbose_name=_("projects the decision funds"),
        blank=True,
        related_name="+",
        help_text=_("Under a binding vote these must be exactly the projects the stated rule funds."),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("participatory budget")
        verbose_name_plural = _("participatory budgets")

    def __str__(self) -> str:
        return self.title


class BudgetProject(models.Model):
    budget = models.ForeignKey(
        ParticipatoryBudget, verbose_name=_("budget"), on_delete=models.CASCADE, related_name="projects"
    )
    title = models.CharField(_("project"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    cost = models.PositiveBigIntegerField(_("cost"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("budget project")
        verbose_name_plural = _("budget projects")

    def __str__(self) -> str:
        return self.title

    def get_permission_entity(self):
        return self.budget.consultation.entity


class BudgetAllocation(models.Model):
    """A person's basket of projects (their total cost within the budget); changeable while open."""

    budget = models.ForeignKey(
        ParticipatoryBudget, verbose_name=_("budget"), on_delete=models.CASCADE, related_name="allocations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("participant"), on_delete=models.PROTECT, related_name="+"
    )
    projects = models.ManyToManyField(BudgetProject, verbose_name=_("projects"), related_name="allocations")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("budget allocation")
        verbose_name_plural = _("budget allocations")
        constraints = [
            models.UniqueConstraint(fields=["budget", "user"], name="budget_allocation_once_per_person")
        ]

    def __str__(self) -> str:
        return str(self.budget)

    def get_permission_entity(self):
        return self.budget.consultation.entity


# --- Opinion map ---------------------------------------------------------------------------------


class OpinionStatement(_OfConsultation, Moderated):
    consultation = models.ForeignKey(
        "consultations.Consultation",
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="opinion_statements",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.CharField(_("statement"), max_length=280)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("opinion statement")
        verbose_name_plural = _("opinion statements")

    def __str__(self) -> str:
        return self.text

    def get_absolute_url(self) -> str:
        return reverse("consultations:opinions", args=[self.consultation_id])


class OpinionVote(models.Model):
    class Value(models.IntegerChoices):
        AGREE = 1, _("Agree")
        PASS = 0, _("Pass")
        DISAGREE = -1, _("Disagree")

    statement = models.ForeignKey(OpinionStatement, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    value = models.SmallIntegerField(_("vote"), choices=Value.choices)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("opinion vote")
        verbose_name_plural = _("opinion votes")
        constraints = [
            models.UniqueConstraint(fields=["statement", "user"], name="opinion_vote_once_per_person")
        ]

    def __str__(self) -> str:
        return self.get_value_display()


class OpinionMap(_OfConsultation, models.Model):
    """The latest computed opinion groups of a consultation (written by the scheduled job)."""

    consultation = models.OneToOneField(
        "consultations.Consultation",
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="opinion_map",
    )
    data_digest = models.CharField(_("vote data digest"), max_length=64, blank=True)
    result = models.JSONField(_("result"), default=dict)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("opinion map")
        verbose_name_plural = _("opinion maps")

    def __str__(self) -> str:
        return str(self.consultation)
