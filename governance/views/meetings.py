"""The oversight committee's meetings and decisions, and the media plan: a members-only page."""

import datetime

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from ..models import Meeting
from ..selectors_meetings import can_see_meetings, media_plan, meeting_with_details, meetings_for
from ._access import signed_in_and

# The committee's members and the federal team.
_committee_only = signed_in_and(can_see_meetings)


@_committee_only
def meeting_list(request):
    meetings = meetings_for(request.user).prefetch_related("decisions__actions")
    show_plan = request.user.has_perm("governance.view_mediaplanitem")
    return render(
        request,
        "governance/meetings/meeting_list.html",
        {
            "meetings": meetings,
            "media_plan": media_plan(since=timezone.localdate() - datetime.timedelta(days=90))
            if show_plan
            else None,
            "can_change": request.user.has_perm("governance.change_meeting"),
        },
    )


@_committee_only
def meeting_detail(request, pk: int):
    try:
        meeting = meeting_with_details(meetings_for(request.user), pk)
    except Meeting.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "governance/meetings/meeting_detail.html",
        {
            "meeting": meeting,
            "today": timezone.localdate(),
            "can_change": request.user.has_perm("governance.change_meeting"),
        },
    )
