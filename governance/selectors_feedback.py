"""Who is offered the feedback form of a closed campaign, and what the federal team sees of it."""

from django.db.models import Avg, Count, Q

from .kpis import CLOSED_PHASES
from .models import CampaignFeedback
from .models.feedback import SATISFIED_FROM


def feedback_open(consultation) -> bool:
    return consultation.phase in CLOSED_PHASES


def feedback_may_answer(*, user, consultation, check_answered: bool = True) -> bool:
    """A signed-in participant of a closed consultation who has not answered yet."""
    from consultations.selectors_lifecycle import participant_ids

    if not user.is_authenticated or not feedback_open(consultation):
        return False
    if check_answered and CampaignFeedback.objects.filter(consultation=consultation, user=user).exists():
        return False
    return user.pk in participant_ids(consultation)


def feedback_summary(consultation) -> dict:
    """Answers, satisfied shares and averages of one campaign (for the admin and the coordinators)."""
    row = CampaignFeedback.objects.filter(consultation=consultation).aggregate(
        answers=Count("pk"),
        satisfied=Count("pk", filter=Q(satisfaction__gte=SATISFIED_FROM)),
        communication_satisfied=Count("pk", filter=Q(communication__gte=SATISFIED_FROM)),
        satisfaction_avg=Avg("satisfaction"),
        communication_avg=Avg("communication"),
    )
    return row
