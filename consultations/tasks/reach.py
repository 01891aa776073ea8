"""Jobs of reach (issue 15): tell followers, send digests. Each takes ids and calls a service; each is
idempotent (the once-per-key notice, the once-per-period digest row), so a retry or second run is harmless.
"""

from celery import shared_task

from ..models import Consultation, ProposalMilestone
from ..models.reach import Delivery, FollowEvent
from ..selectors_lifecycle import outcome_recipient_ids
from ..services import reach as services


@shared_task(name="consultations.follow_opened")
def follow_opened_task(consultation_id: int) -> int:
    consultation = Consultation.objects.filter(pk=consultation_id).first()
    if consultation is None:
        return 0
    return services.follow_event_notify(event=FollowEvent.OPENED, consultation=consultation)


@shared_task(name="consultations.follow_decided")
def follow_decided_task(consultation_id: int) -> int:
    """Followers who are not already told the outcome (participants, the consultation's own followers)."""
    consultation = Consultation.objects.filter(pk=consultation_id).first()
    if consultation is None:
        return 0
    return services.follow_event_notify(
        event=FollowEvent.DECIDED,
        consultation=consultation,
        exclude_ids=set(outcome_recipient_ids(consultation)),
    )


@shared_task(name="consultations.follow_answered")
def follow_answered_task(milestone_id: int) -> int:
    """Followers of an answered proposal (its entity, sector, goals), except the signatories told already."""
    milestone = ProposalMilestone.objects.select_related("proposal").filter(pk=milestone_id).first()
    if milestone is None:
        return 0
    proposal = milestone.proposal
    told = set(proposal.signatures.values_list("user_id", flat=True)) | {proposal.author_id}
    return services.follow_event_notify(event=FollowEvent.ANSWERED, proposal=proposal, exclude_ids=told)


@shared_task(name="consultations.follow_closing_soon")
def follow_closing_soon_task() -> int:
    """Beat job (hourly): consultations about to close."""
    return services.consultations_closing_soon_notify()


@shared_task(name="consultations.follow_digests_send")
def follow_digests_send_task() -> int:
    """Beat job (hourly): the daily and weekly digests of the last complete period, once each."""
    return services.digests_send(frequency=Delivery.DAILY) + services.digests_send(frequency=Delivery.WEEKLY)
