"""Links to a campaign's insight page from the consultation pages and the lifecycle admin."""

from django import template
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from .. import selectors
from ..models import CampaignInsight

register = template.Library()


@register.simple_tag
def insight_url(consultation, user=None) -> str:
    """The insight page's address when `user` may see it (by default: when the public may) and the
    analysis has been computed; otherwise an empty string, so no link leads to a refusal."""
    if not selectors.insight_visible(user or AnonymousUser(), consultation):
        return ""
    if not CampaignInsight.objects.filter(consultation=consultation).exists():
        return ""
    return reverse("analytics:insight", args=[consultation.pk])
