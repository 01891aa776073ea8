from django import template

from ..selectors import published_legal_pages

register = template.Library()


@register.inclusion_tag("governance/_legal_links.html")
def legal_links():
    """The footer links to the published legal pages (one query)."""
    return {"pages": published_legal_pages()}


@register.inclusion_tag("governance/_nav.html", takes_context=True)
def governance_nav(context):
    """Main-navigation links of governance (kept here so their strings live in this app's catalogue)."""
    return {"request": context.get("request")}


@register.inclusion_tag("governance/_footer_links.html")
def governance_footer_links():
    """The footer's links to the newsletter and the performance indicators (defect 15: not only from governance)."""
    return {}


@register.inclusion_tag("governance/feedback/_offer.html", takes_context=True)
def campaign_feedback_offer(context, consultation):
    """After a campaign closes, its participants are offered the two-question feedback form."""
    from ..selectors_feedback import feedback_may_answer

    user = context.get("user")
    offer = user is not None and feedback_may_answer(user=user, consultation=consultation)
    return {"offer": offer, "consultation": consultation}


@register.inclusion_tag("governance/projects/_dashboard_panel.html", takes_context=True)
def programme_projects_panel(context):
    """On the national dashboard, for the federal bodies: the §20 projects against plan, late milestones first."""
    from ..selectors_projects import can_see_projects, milestones_late, projects_progress

    user = context.get("user")
    if user is None or not can_see_projects(user):
        return {"show": False}
    return {
        "show": True,
        "rows": projects_progress(),
        "late": list(milestones_late()),
        "can_change": user.has_perm("governance.change_project"),
    }


@register.inclusion_tag("governance/workshops/_dashboard_panel.html", takes_context=True)
def programme_network_panel(context):
    """On the national dashboard, for the federal bodies: this year's workshops and exchanges (the report's figures)."""
    import datetime

    from django.utils import timezone

    from ..models import Workshop
    from ..selectors_exchange import exchange_figures
    from ..selectors_workshops import _with_counts, workshop_figures

    user = context.get("user")
    if user is None or not user.is_authenticated or not user.has_perm("governance.view_workshop"):
        return {"show": False}
    now = timezone.now()
    tz = timezone.get_current_timezone()
    year = timezone.localdate(now).year
    start, end = datetime.datetime(year, 1, 1, tzinfo=tz), datetime.datetime(year + 1, 1, 1, tzinfo=tz)
    return {
        "show": True,
        "year": year,
        "workshops": workshop_figures(start=start, end=end, as_of=now),
        "exchange": exchange_figures(start=start, end=end),
        "upcoming": _with_counts(Workshop.objects.filter(is_published=True, starts_at__gt=now))[:5],
    }


@register.inclusion_tag("governance/plans/_public_summary.html")
def entity_plan_summary(entity, year=None):
    """The entity's approved annual plan of the year, on its public page: objectives and indicators."""
    from django.utils import timezone

    from ..selectors_plans import entity_plan_public

    return {"summary": entity_plan_public(entity, year=year or timezone.localdate().year)}


@register.inclusion_tag("governance/meetings/_dashboard_panel.html", takes_context=True)
def programme_followup_panel(context):
    """On the national dashboard, for the federal bodies: the committee's follow-up actions that are overdue."""
    from ..selectors_meetings import actions_overdue, can_see_followup

    user = context.get("user")
    if user is None or not can_see_followup(user):
        return {"show": False}
    return {"show": True, "overdue": list(actions_overdue())}
