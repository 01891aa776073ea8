"""The annual social-media plan for the federal team: the year month by month, and its CSV export."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from sharik.core import csvsafe
from sharik.core.permissions import second_factor_missing

from ..models import SocialChannel, SocialPost
from ..selectors_social import social_plan_months, social_posts, social_year_summary


def _federal_only(request) -> None:
    if second_factor_missing(request.user) or not request.user.has_perm("governance.view_socialpost"):
        raise PermissionDenied(_("The social-media plan is kept by the federal team."))


def _filters(request) -> dict:
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    year = min(max(year, 2000), 2100)
    channel = request.GET.get("channel", "")
    if not SocialChannel.objects.filter(code=channel).exists():
        channel = ""
    status = request.GET.get("status", "")
    if status not in SocialPost.Status.values:
        status = ""
    return {"year": year, "channel": channel, "status": status}


@login_required
def social_plan(request):
    _federal_only(request)
    filters = _filters(request)
    posts = social_posts(**filters)
    return render(
        request,
        "governance/social/social_plan.html",
        {
            **filters,
            "months": social_plan_months(posts),
            "count": len(posts),
            "channels": SocialChannel.objects.all(),
            "statuses": SocialPost.Status.choices,
            "summary": social_year_summary(filters["year"]),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def social_plan_csv(request):
    _federal_only(request)
    filters = _filters(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sharik-social-plan-{filters["year"]}.csv"'
    response.write("\ufeff")
    writer = csvsafe.writer(response)
    writer.writerow(
        [
            _("Month"),
            _("Planned for"),
            _("Channel"),
            _("Kind"),
            _("Text"),
            _("Owner"),
            _("Status"),
            _("Published on"),
            _("Reach"),
        ]
    )
    for post in social_posts(**filters):
        writer.writerow(
            [
                post.planned_for.strftime("%Y-%m"),
                post.planned_for.isoformat(),
                post.channel.name,
                post.get_kind_display(),
                post.text,
                post.owner.public_name,
                post.get_status_display(),
                post.published_on.isoformat() if post.published_on else "",
                "" if post.reach is None else post.reach,
            ]
        )
    return response
