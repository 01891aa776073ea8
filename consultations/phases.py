"""The campaign phases and what each means for the public: one table, read by the code.

The phase is the one source of truth; the public status is derived from it and never stored.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Phase(models.TextChoices):
    PREPARATION = "preparation", _("Preparation")
    PLANNING = "planning", _("Planning")
    CONDUCT = "conduct", _("Conduct")
    ANALYSIS = "analysis", _("Analysis")
    ANNOUNCEMENT = "announcement", _("Announcing results")
    EVALUATION = "evaluation", _("Evaluation")
    ARCHIVED = "archived", _("Archived")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", pgettext_lazy("consultation status", "Open")
    ANALYSIS = "analysis", _("Under analysis")
    DECIDED = "decided", _("Decided")
    ARCHIVED = "archived", _("Archived")


# phase -> (public status, visible to the public, accepts contributions)
PHASE_RULES: dict[str, tuple[str, bool, bool]] = {
    Phase.PREPARATION: (Status.DRAFT, False, False),
    Phase.PLANNING: (Status.DRAFT, False, False),
    Phase.CONDUCT: (Status.OPEN, True, True),
    Phase.ANALYSIS: (Status.ANALYSIS, True, False),
    Phase.ANNOUNCEMENT: (Status.DECIDED, True, False),
    Phase.EVALUATION: (Status.DECIDED, True, False),
    Phase.ARCHIVED: (Status.ARCHIVED, True, False),
}

PUBLIC_PHASES = [phase for phase, (_status, public, _open) in PHASE_RULES.items() if public]


def status_of(phase: str) -> str:
    return PHASE_RULES[phase][0]


def phases_for_status(status: str) -> list[str]:
    return [phase for phase, (st, _public, _open) in PHASE_RULES.items() if st == status]
