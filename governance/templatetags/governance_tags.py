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
