from django import template

from ..selectors import published_legal_pages

register = template.Library()


@register.inclusion_tag("governance/_legal_links.html")
def legal_links():
    """The footer links to the published legal pages (one query)."""
    return {"pages": published_legal_pages()}


@register.inclusion_tag("governance/_nav.html")
def governance_nav():
    """Main-navigation links of governance (kept here so their strings live in this app's catalogue)."""
    return {}
