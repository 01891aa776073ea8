"""Jobs of the campaign lifecycle: closing at the deadline, and telling everyone the outcome.

Each takes ids and calls a service; each is idempotent (a phase check under a row lock, or the
once-per-key notification), so a retry, a late run or a second run does no harm.
"""

from celery import shared_task
from django.conf import settings

from ..models import Consultation
from ..phases import Phase
from ..selectors_lifecycle import outcome_recipient_ids
from ..services import lifecycle as services

OUTCOME_BATCH_SIZE = getattr(settings, "CONSULTATIONS_OUTCOME_BATCH_SIZE", 1000)


@shared_task(name="consultations.close_due")
def close_due_consultations() -> int:
    """Beat job: move every consultation past its close date from Conduct to Analysis."""
    return services.consultations_close_due()


@shared_task(name="consultations.announce_outcome")
def announce_outcome(consultation_id: int) -> int:
    """Split the participants and followers into batches, one job each; returns the batch count."""
    consultation = Consultation.objects.filter(pk=consultation_id).first()
    if consultation is None or consultation.phase not in (
        Phase.ANNOUNCEMENT,
        Phase.EVALUATION,
        Phase.ARCHIVED,
    ):
        return 0
    ids = outcome_recipient_ids(consultation)
    batches = [ids[i : i + OUTCOME_BATCH_SIZE] for i in range(0, len(ids), OUTCOME_BATCH_SIZE)]
    for batch in batches:
        announce_outcome_batch.delay(consultation_id, batch)
    return len(batches)


@shared_task(
    name="consultations.announce_outcome_batch",
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
)
def announce_outcome_batch(consultation_id: int, user_ids: list[int]) -> int:
    consultation = Consultation.objects.get(pk=consultation_id)
    return services.outcome_notify(consultation=consultation, user_ids=user_ids)
