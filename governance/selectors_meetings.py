"""Who sees the committee's meetings and decisions, and the follow-up actions that are late."""

import datetime

from django.db.models import Prefetch, QuerySet

from .models import Decision, FollowUpAction, MediaPlanItem, Meeting


def can_see_meetings(user) -> bool:
    """The federal team and the oversight committee (by role), and the members of a body with meetings."""
    if not user.is_authenticated:
        return False
    return (
        user.has_perm("governance.view_meeting") or Meeting.objects.filter(body__members__user=user).exists()
    )


def meetings_for(user) -> QuerySet[Meeting]:
    """The meetings this person may read: all for the federal bodies, their own body's for its members."""
    meetings = Meeting.objects.select_related("body")
    if not user.is_authenticated:
        return meetings.none()
    if not user.has_perm("governance.view_meeting"):
        meetings = meetings.filter(body__members__user=user).distinct()
    return meetings


def meeting_with_details(meetings: QuerySet[Meeting], pk: int) -> Meeting:
    actions = FollowUpAction.objects.select_related("owner")
    return meetings.prefetch_related(
        "agenda_items",
        Prefetch(
            "decisions", queryset=Decision.objects.prefetch_related(Prefetch("actions", queryset=actions))
        ),
    ).get(pk=pk)


def actions_overdue(*, today: datetime.date | None = None) -> QuerySet[FollowUpAction]:
    """Open actions past their due day, oldest first."""
    return (
        FollowUpAction.objects.overdue(today=today)
        .select_related("owner", "decision__meeting")
        .order_by("due_on", "pk")
    )


def can_see_followup(user) -> bool:
    return user.is_authenticated and user.has_perm("governance.view_followupaction")


def media_plan(*, since: datetime.date | None = None) -> QuerySet[MediaPlanItem]:
    """The media plan from `since` on (the page shows the last three months and everything ahead)."""
    items = MediaPlanItem.objects.all()
    if since is not None:
        items = items.filter(planned_on__gte=since)
    return items
