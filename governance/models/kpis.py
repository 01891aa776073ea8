"""Strategic KPIs (seed §16): targets, and their values over time (computed or entered)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Axis(models.TextChoices):
    """The plan's three axes (seed §13)."""

    ENABLEMENT = "enablement", _("Enablement")
    SUPPORT = "support", pgettext_lazy("KPI area", "Support")
    INCLUSIVENESS = "inclusiveness", _("Inclusiveness")


class Track(models.TextChoices):
    """The plan's seven tracks (seed §15)."""

    ANALYSIS = "analysis", _("Analysis, planning and priorities")
    PLATFORM = "platform", _("The technical participation platform")
    INSIGHT = "insight", _("Analytical support for trends and patterns")
    LEGISLATION = "legislation", _("Legislative environment")
    AWARENESS = "awareness", _("Awareness and capacity building")
    GOVERNANCE = "governance", _("Governance")
    COORDINATION = "coordination", _("Coordinating consultations and decisions")


class Kpi(models.Model):
    class Unit(models.TextChoices):
        COUNT = "count", _("number")
        PERCENT = "percent", _("per cent")
        RANK = "rank", _("rank")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    axis = models.CharField(_("axis"), max_length=16, choices=Axis.choices)
    track = models.CharField(_("track"), max_length=16, choices=Track.choices)
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices, default=Unit.COUNT)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    baseline = models.DecimalField(_("baseline"), max_digits=12, decimal_places=2, null=True, blank=True)
    period = models.CharField(_("period"), max_length=100, blank=True, help_text=_("e.g. quarterly, 2026"))
    computation = models.CharField(
        _("computation"),
        max_length=60,
        blank=True,
        help_text=_("A computation from governance/kpis.py; empty for a KPI entered by hand with evidence."),
    )
    source_note = models.TextField(
        _("where the value comes from"),
        blank=True,
        help_text=_(
            "Shown on the KPI page: what is counted, or who types the value in and from what source."
        ),
    )
    higher_is_better = models.BooleanField(
        _("higher is better"), default=True, help_text=_("Off for a rank, where 1 is the best value.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("strategic KPI")
        verbose_name_plural = _("strategic KPIs")

    def __str__(self) -> str:
        return self.name

    @property
    def is_computed(self) -> bool:
        return bool(self.computation)


class KpiValue(models.Model):
    class Source(models.TextChoices):
        COMPUTED = "computed", _("Computed from portal data")
        MANUAL = "manual", _("Entered with evidence")

    kpi = models.ForeignKey(Kpi, verbose_name=_("KPI"), on_delete=models.CASCADE, related_name="values")
    measured_on = models.DateField(_("measured on"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.MANUAL)
    evidence = models.TextField(_("evidence"), blank=True)
    evidence_url = models.URLField(_("evidence link"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["kpi", "-measured_on"]
        verbose_name = _("KPI value")
        verbose_name_plural = _("KPI values")
        constraints = [models.UniqueConstraint(fields=["kpi", "measured_on"], name="one_kpi_value_per_day")]

    def __str__(self) -> str:
        return f"{self.kpi.code} {self.measured_on}: {self.value}"


class SatisfactionSurvey(models.Model):
    """Results of a satisfaction survey run outside the portal, entered by staff; some KPIs read them."""

    class Subject(models.TextChoices):
        PLATFORM = "platform", _("Entities' satisfaction with the platform")
        # Participants' satisfaction after a campaign is not typed in: it comes from CampaignFeedback;
        # the trainees' satisfaction with the workshops neither: it comes from WorkshopFeedback.

    subject = models.CharField(_("subject"), max_length=10, choices=Subject.choices)
    title = models.CharField(_("title"), max_length=200)
    entity = models.ForeignKey(
        "governance.Entity", verbose_name=_("entity"), null=True, blank=True, on_delete=models.SET_NULL
    )
    conducted_on = models.DateField(_("conducted on"))
    respondents = models.PositiveIntegerField(_("respondents"))
    satisfied = models.PositiveIntegerField(_("satisfied respondents"))

    class Meta:
        ordering = ["-conducted_on"]
        verbose_name = _("satisfaction survey")
        verbose_name_plural = _("satisfaction surveys")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(satisfied__lte=models.F("respondents")),
                name="satisfied_within_respondents",
            )
        ]

    def __str__(self) -> str:
        return self.title
