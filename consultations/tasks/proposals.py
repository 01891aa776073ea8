"""Jobs of citizen proposals: thresholds after a signature, answers told, overdue answers escalated."""

from celery import shared_task
from django.core.cache import cache

from ..models import Proposal, ProposalMilestone
from ..services import proposals as services


@shared_task(name="consultations.proposal_thresholds_check")
def proposal_thresholds_check_task(proposal_id: int) -> int:
    proposal = Proposal.objects.filter(pk=proposal_id).first()
    if proposal is None:
        return 0
    return len(services.proposal_thresholds_check(proposal=proposal))


@shared_task(name="consultations.proposal_thresholds_check_all")
def proposal_thresholds_check_all_task() -> int:
    """The safety net: a threshold crossed by two signatures committed together is caught here."""
    opened = 0
    for proposal in Proposal.objects.filter(state__in=Proposal.PUBLIC_STATES).only("pk"):
        opened += len(services.proposal_thresholds_check(proposal=proposal))
    return opened


@shared_task(
    name="consultations.proposal_answer_notify",
    autoretry_for=(ConnectionError, TimeoutError),
    retry_backoff=True,
    max_retries=5,
)
def proposal_answer_notify_task(milestone_id: int) -> int:
    milestone = ProposalMilestone.objects.select_related("proposal").filter(pk=milestone_id).first()
    if milestone is None:
        return 0
    return services.proposal_answer_notify(milestone=milestone)


@shared_task(name="consultations.proposal_answers_escalate")
def proposal_answers_escalate_task() -> int:
    if not cache.add("lock:proposal-answers-escalate", 1, timeout=15 * 60):
        return 0  # a run is still going; the conditional update would make a second harmless anyway
    try:
        return services.proposal_answers_escalate()
    finally:
        cache.delete("lock:proposal-answers-escalate")


@shared_task(name="consultations.proposals_close_due")
def proposals_close_due_task() -> int:
    return services.proposals_close_due()
