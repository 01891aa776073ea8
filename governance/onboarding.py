"""Entity onboarding (horizontal scaling): the states and the allowed moves, as one table."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OnboardingState(models.TextChoices):
    INVITED = "invited", _("Invited")
    ONBOARDING = "onboarding", _("Onboarding")
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")


# state -> states it may move to
ONBOARDING_TRANSITIONS: dict[str, tuple[str, ...]] = {
    OnboardingState.INVITED: (OnboardingState.ONBOARDING, OnboardingState.SUSPENDED),
    OnboardingState.ONBOARDING: (OnboardingState.ACTIVE, OnboardingState.SUSPENDED),
    OnboardingState.ACTIVE: (OnboardingState.SUSPENDED,),
    OnboardingState.SUSPENDED: (OnboardingState.ONBOARDING, OnboardingState.ACTIVE),
}

# Moves into these states need the whole checklist done.
NEEDS_CHECKLIST = {OnboardingState.ACTIVE}

# Whether the entity may act on Sharik (Entity.is_active) in each state.
STATE_IS_ACTIVE = {
    OnboardingState.INVITED: True,
    OnboardingState.ONBOARDING: True,
    OnboardingState.ACTIVE: True,
    OnboardingState.SUSPENDED: False,
}
