"""Participants' feedback after a campaign closes: one answer per person per campaign."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ..models import CampaignFeedback
from ..selectors_feedback import feedback_may_answer, feedback_open


def campaign_feedback_submit(
    *, consultation, user, satisfaction: int, communication: int, comment: str = ""
) -> CampaignFeedback:
    """Only someone who took part may answer, only once, and only after the consultation closed."""
    if not feedback_open(consultation):
        raise ValidationError(_("The feedback form opens when the consultation has closed."))
    if not feedback_may_answer(user=user, consultation=consultation, check_answered=False):
        raise PermissionDenied(
            _("Only people who took part in this consultation can answer its feedback form.")
        )
    feedback = CampaignFeedback(
        consultation=consultation,
        user=user,
        satisfaction=satisfaction,
        communication=communication,
        comment=comment.strip(),
    )
    feedback.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():  # the unique constraint decides between two concurrent answers
            feedback.save()
    except IntegrityError as exc:
        raise ValidationError(_("You have already answered the feedback form of this consultation.")) from exc
    return feedback
