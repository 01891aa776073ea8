"""Vocabularies shared by every app and the API. The identifiers are a public contract."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health")
    FINANCE = "finance", _("Finance")
    SOCIAL_WELFARE = "social-welfare", _("Social welfare")
    LABOUR = "labour", _("Labour")
    ENVIRONMENT = "environment", _("Environment")
    OTHER = "other", _("Other")


class UNLevel(models.TextChoices):
    """The UN three-level model of e-participation."""

    E_INFORMATION = "e-information", _("E-information")
    E_CONSULTATION = "e-consultation", _("E-consultation")
    E_DECISION_MAKING = "e-decision-making", _("E-decision-making")


class EscwaStage(models.TextChoices):
    """ESCWA's four stages of open government."""

    OPENNESS = "openness", _("Openness")
    PARTICIPATION = "participation", _("Participation")
    COLLABORATION = "collaboration", _("Collaboration")
    ENGAGEMENT = "engagement", _("Engagement")
