"""Celery tasks of governance. Each takes ids, calls a service, and is safe to run twice."""

from celery import shared_task
from django.conf import settings


@shared_task(name="governance.kpi_values_compute")
def kpi_values_compute() -> int:
    from .services.kpis import kpi_values_compute as compute

    return len(compute())


@shared_task(name="governance.toolkit_reviews_remind")
def toolkit_reviews_remind() -> int:
    from .services.toolkit import toolkit_reviews_remind as remind

    return remind()


@shared_task(name="governance.newsletter_send_batch", acks_late=True)
def newsletter_send_batch(issue_id: int) -> int:
    """Send one batch and queue the next; the delivery rows make a re-run send nothing twice."""
    from .services.newsletter import newsletter_batch_send

    sent, more = newsletter_batch_send(
        issue_id=issue_id, batch_size=getattr(settings, "NEWSLETTER_BATCH_SIZE", 200)
    )
    if more:
        newsletter_send_batch.delay(issue_id)
    return sent


@shared_task(name="governance.annual_report_build")
def annual_report_build(report_id: int) -> None:
    from .services.reports import annual_report_generate

    annual_report_generate(report_id=report_id)


@shared_task(name="governance.advisory_reminders_send")
def advisory_reminders_send() -> int:
    """Service-level reminders and escalations of the advisory service; each notice is sent once."""
    from .services.advisory import advisory_reminders_send as send

    return send()


@shared_task(name="governance.workshop_notices_send")
def workshop_notices_send() -> int:
    """The workshops' reminders the day before and the satisfaction form's invitations; each sent once."""
    from .services.workshops import workshop_notices_send as send

    return send()


@shared_task(name="governance.support_rating_reminders_send")
def support_rating_reminders_send() -> int:
    """Remind the entities that have not rated the programme's support; once per entity and period."""
    from .services.stories import support_rating_reminders_send as send

    return send()


@shared_task(name="governance.followup_reminders_send")
def followup_reminders_send() -> int:
    """The committee's overdue follow-up actions: each owner reminded once per action."""
    from .services.meetings import followup_reminders_send as send

    return send()


@shared_task(name="governance.agreement_review_reminders_send")
def agreement_review_reminders_send() -> int:
    """Agreements coming up for review: their people reminded once per agreement and review day."""
    from .services.agreements import agreement_review_reminders_send as send

    return send()


@shared_task(name="governance.thread_reply_notify", acks_late=True)
def thread_reply_notify(reply_id: int) -> int:
    from .services.threads import thread_reply_notify as notify

    return notify(reply_id=reply_id)


@shared_task(name="governance.thread_digests_send")
def thread_digests_send() -> int:
    """The network's weekly digest of replies: once per member and week."""
    from .services.threads import thread_digests_send as send

    return send()
