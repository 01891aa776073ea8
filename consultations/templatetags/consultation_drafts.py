"""Template helpers for the consultation page: its draft documents and its follow-up actions."""

from django import template

from ..selectors_drafts import drafts_of, follow_ups_of

register = template.Library()


@register.simple_tag
def drafts_section(consultation) -> dict:
    return {"drafts": list(drafts_of(consultation)), "follow_ups": list(follow_ups_of(consultation))}
