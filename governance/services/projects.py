"""Programme projects (seed §20): milestones are completed through here, with who and when."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Milestone


@transaction.atomic
def milestone_complete(*, milestone: Milestone, user, completed_on: datetime.date | None = None) -> Milestone:
    """Record a milestone as done (once); a day in the future is refused."""
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    completed_on = completed_on or timezone.localdate()
    if milestone.completed_on is not None:
        raise ValidationError(_("This milestone is already completed."))
    if completed_on > timezone.localdate():
        raise ValidationError(_("A milestone cannot be completed on a day still to come."))
    milestone.completed_on = completed_on
    milestone.completed_by = user
    milestone.full_clean()
    milestone.save(update_fields=["completed_on", "completed_by"])
    return milestone
