"""The committee's follow-up (seed §17-6): the owner of an overdue action is reminded, exactly once."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sharik.accounts.services import notification_send
from sharik.core.display import date_text

from ..models import FollowUpAction


def followup_reminders_send(*, today: datetime.date | None = None) -> int:
    """The beat job: remind the owner of each overdue action once; returns how many were reminded.

    Each action is claimed with a conditional UPDATE (`reminded_at` still empty), so two runs, even at
    the same time, remind an owner once; the notice's key makes a retried job send nothing twice.
    """
    today = today or timezone.localdate()
    sent = 0
    for action in (
        FollowUpAction.objects.overdue(today=today)
        .filter(reminded_at__isnull=True)
        .select_related("owner", "decision__meeting")
    ):
        with transaction.atomic():
            claimed = FollowUpAction.objects.filter(pk=action.pk, reminded_at__isnull=True).update(
                reminded_at=timezone.now()
            )
            if not claimed:
                continue
            owner = action.owner
            with translation.override(owner.preferred_language or "ar"):
                notice = notification_send(
                    user=owner,
                    key=f"followup:{action.pk}:overdue",
                    title=_("Overdue follow-up action: %(title)s") % {"title": action.title},
                    body=_(
                        "The action from the meeting “%(meeting)s” was due on %(due)s. Please complete it "
                        "or tell the federal team its status."
                    )
                    % {"meeting": action.decision.meeting.title, "due": date_text(action.due_on)},
                    url=reverse("governance:meeting", args=[action.decision.meeting_id]),
                )
        sent += notice is not None
    return sent
