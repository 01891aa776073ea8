"""Jobs of "you said, we did": tell people a follow-up moved (idempotent per change and person)."""

from celery import shared_task

from ..models import FollowUpChange
from ..services.followups import followup_change_notify


@shared_task(
    name="consultations.followup_change_notify",
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
)
def followup_change_notify_task(change_id: int) -> int:
    change = FollowUpChange.objects.select_related("follow_up__consultation").filter(pk=change_id).first()
    if change is None:
        return 0
    return followup_change_notify(change=change)
