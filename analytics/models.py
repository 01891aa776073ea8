"""Analytics: the EPI criteria catalogue, evidence, dated index snapshots, the UN survey, page visits."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sharik.core.choices import UNLevel


class Criterion(models.Model):
    """One thing the UN survey looks for (seed 003 §8), as data the federal team may edit."""

    class Assessment(models.TextChoices):
        AUTOMATIC = "automatic", _("Automatic, from the portal's own data")
        EVIDENCE = "evidence", _("Evidence recorded by the coordinator")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    title = models.CharField(_("criterion"), max_length=300)
    how_to_gain = models.TextField(_("what to do to gain the points"), blank=True)
    un_level = models.CharField(_("UN level"), max_length=20, choices=UNLevel.choices)
    points = models.PositiveSmallIntegerField(_("points"), default=1)
    assessment = models.CharField(_("assessment"), max_length=10, choices=Assessment.choices)
    check_name = models.CharField(
        _("automatic check"),
        max_length=60,
        blank=True,
        help_text=_("The name of a check in analytics/criteria.py; only for automatic criteria."),
    )
    parameter = models.CharField(
        _("parameter of the check"), max_length=40, blank=True, help_text=_("For example a sector.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("EPI criterion")
        verbose_name_plural = _("EPI criteria")

    def __str__(self) -> str:
        return self.title

    def clean(self):
        from django.core.exceptions import ValidationError

        from .criteria import CHECKS

        if self.assessment == self.Assessment.AUTOMATIC and self.check_name not in CHECKS:
            raise ValidationError(
                {"check_name": _("Choose one of the registered checks: %s.") % ", ".join(sorted(CHECKS))}
            )
        if self.assessment == self.Assessment.EVIDENCE and self.check_name:
            raise ValidationError(
                {"check_name": _("Criteria assessed from evidence have no automatic check.")}
            )


class Evidence(models.Model):
    """A link and a note a coordinator records for an evidence criterion; the federal team reviews it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    entity = models.ForeignKey(
        "governance.Entity", verbose_name=_("entity"), on_delete=models.CASCADE, related_name="epi_evidence"
    )
    criterion = models.ForeignKey(
        Criterion,
        verbose_name=_("criterion"),
        on_delete=models.CASCADE,
        related_name="evidence",
        limit_choices_to={"assessment": "evidence"},
    )
    url = models.URLField(_("link to the evidence"), max_length=500)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    status = models.CharField(
        _("review status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.CharField(_("review note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("EPI evidence")
        verbose_name_plural = _("EPI evidence")
        permissions = [("review_evidence", _("Review EPI evidence (federal team)"))]

    def __str__(self) -> str:
        return f"{self.entity} · {self.criterion}"


class IndexSnapshot(models.Model):
    """One dated computation of every entity's EPI and stage indicators, with the national aggregate."""

    computed_on = models.DateField(_("computed on"), unique=True)
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)
    entities = models.PositiveIntegerField(_("entities scored"), default=0)
    max_points = models.PositiveIntegerField(_("points available"), default=0)
    national_score = models.FloatField(_("national mean score"), default=0)
    national_epi = models.FloatField(_("national EPI (mean)"), default=0)
    national_by_level = models.JSONField(_("national share of points by UN level"), default=dict)
    national_indicators = models.JSONField(_("national stage indicators"), default=dict)

    class Meta:
        ordering = ["-computed_on"]
        get_latest_by = "computed_on"
        verbose_name = _("index snapshot")
        verbose_name_plural = _("index snapshots")

    def __str__(self) -> str:
        return str(self.computed_on)


class EntityScore(models.Model):
    snapshot = models.ForeignKey(
        IndexSnapshot, verbose_name=_("snapshot"), on_delete=models.CASCADE, related_name="scores"
    )
    entity = models.ForeignKey(
        "governance.Entity", verbose_name=_("entity"), on_delete=models.CASCADE, related_name="epi_scores"
    )
    score = models.PositiveIntegerField(_("points"), default=0)
    epi = models.FloatField(_("EPI"), default=0)
    rank = models.PositiveIntegerField(_("rank"), default=0)
    by_level = models.JSONField(_("points by UN level"), default=dict)
    indicators = models.JSONField(_("stage indicators"), default=dict)

    class Meta:
        ordering = ["rank", "entity__slug"]
        verbose_name = _("entity score")
        verbose_name_plural = _("entity scores")
        constraints = [models.UniqueConstraint(fields=["snapshot", "entity"], name="one_score_per_snapshot")]

    def __str__(self) -> str:
        return f"{self.entity} {self.snapshot}: {self.epi:.3f}"


class CriterionResult(models.Model):
    """Why an entity has (or lacks) a criterion's points in a snapshot."""

    score = models.ForeignKey(EntityScore, on_delete=models.CASCADE, related_name="results")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    met = models.BooleanField(default=False)
    points = models.PositiveSmallIntegerField(default=0)
    evidence_url = models.CharField(max_length=500, blank=True)
    # Untranslated label (a message id, or the coordinator's note) and its parameters: shown in the
    # reader's language by `evidence_text`.
    evidence_label = models.CharField(max_length=300, blank=True)
    evidence_params = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["criterion__order", "criterion__code"]
        constraints = [
            models.UniqueConstraint(fields=["score", "criterion"], name="one_result_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.met}"

    @property
    def evidence_text(self) -> str:
        from django.utils.translation import gettext

        if not self.evidence_params:
            return gettext(self.evidence_label) if self.evidence_label else ""
        return gettext(self.evidence_label) % self.evidence_params


class SurveyRow(models.Model):
    """One country and year of the UN E-Government Survey (data-centre CSV export)."""

    year = models.PositiveSmallIntegerField(_("survey year"))
    country = models.CharField(_("country"), max_length=120)
    egdi = models.FloatField(_("E-Government Index"))
    epi = models.FloatField(_("E-Participation Index"))
    osi = models.FloatField(_("Online Service Index"))
    hci = models.FloatField(_("Human Capital Index"))
    tii = models.FloatField(_("Telecommunication Infrastructure Index"))
    flag = models.CharField(_("flagged because"), max_length=300, blank=True)
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)

    class Meta:
        ordering = ["-year", "-egdi"]
        verbose_name = _("UN survey row")
        verbose_name_plural = _("UN survey rows")
        constraints = [models.UniqueConstraint(fields=["year", "country"], name="one_survey_row")]

    def __str__(self) -> str:
        return f"{self.country} {self.year}"


class PeerCountry(models.Model):
    """A country the federal team compares the home country with."""

    country = models.CharField(_("country (as in the survey)"), max_length=120, unique=True)
    is_home = models.BooleanField(_("home country"), default=False)

    class Meta:
        ordering = ["-is_home", "country"]
        verbose_name = _("benchmark country")
        verbose_name_plural = _("benchmark countries")

    def __str__(self) -> str:
        return self.country


class PageVisitDay(models.Model):
    """Private page-visit counting: one counter per entity, kind of page and day. No IP, no person."""

    class Kind(models.TextChoices):
        CONSULTATION = "consultation", _("Consultation page")
        DATASET = "dataset", _("Dataset page")

    entity = models.ForeignKey("governance.Entity", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    day = models.DateField()
    visits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entity", "kind", "day"], name="one_visit_counter_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.entity_id} {self.kind} {self.day}: {self.visits}"


class CampaignInsight(models.Model):
    """The analysis of one consultation's comments, computed by a job when it closes and on demand."""

    consultation = models.OneToOneField(
        "consultations.Consultation",
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="insight",
    )
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)
    comments = models.PositiveIntegerField(_("comments analysed"), default=0)
    sentiment = models.JSONField(_("sentiment"), default=dict)
    topics = models.JSONField(_("topics"), default=list)
    duplicates = models.JSONField(_("groups of near-identical comments"), default=list)
    participation = models.JSONField(_("participation over time"), default=list)
    reach = models.JSONField(_("reach by the planned target groups"), default=dict)
    polls = models.JSONField(_("poll results"), default=list)
    bursts = models.JSONField(_("bursts of contributions"), default=dict)

    class Meta:
        verbose_name = _("campaign insight")
        verbose_name_plural = _("campaign insights")

    def __str__(self) -> str:
        return str(self.consultation)

    def get_permission_entity(self):
        return self.consultation.entity

    @property
    def independent_positions(self) -> int:
        """Comments, with every group of near-identical copies counted once."""
        return self.comments - sum(group["count"] - 1 for group in self.duplicates)
