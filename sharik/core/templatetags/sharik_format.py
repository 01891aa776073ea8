"""How Sharik shows dates, amounts and numbers with units: one filter for each, in every template.

A builtin library (settings.TEMPLATES), so no template needs `{% load %}`:

    {{ consultation.closes_at|when }}          <time datetime="2026-12-03">3 ديسمبر 2026</time>
    {{ comment.created_at|when:"datetime" }}   <time datetime="2026-12-03T21:36+04:00">3 ديسمبر 2026، 9:36 م</time>
    {{ budget.total|amount:budget.currency }}  <bdi class="amount">1,000,000 درهم</bdi> / AED 1,000,000
    {{ share|percent }}                        <bdi>42%</bdi>
    {{ count|number }}                         <bdi>1,250</bdi>

The styles come from sharik/formats (one per language, via sharik.core.display); the markup is
machine-readable (`<time datetime>`) and isolated from the text around it (`<bdi>`), so digits, units
and Latin words keep their order inside Arabic sentences.
"""

import datetime

from django import template
from django.utils.html import format_html

from sharik.core.display import DATE_STYLES, amount_text, date_machine, date_text, grouped

register = template.Library()


@register.filter(is_safe=True)
def when(value, style="date"):
    """A date or date-time in the page's language inside `<time datetime="ISO 8601">`."""
    if value in (None, ""):
        return ""
    if not isinstance(value, datetime.date):
        return value
    if style not in DATE_STYLES:
        raise template.TemplateSyntaxError(f"when: unknown style {style!r}; use one of {sorted(DATE_STYLES)}")
    return format_html('<time datetime="{}">{}</time>', date_machine(value, style), date_text(value, style))


@register.filter(is_safe=True)
def amount(value, currency="AED"):
    """A sum of money: grouped, with the currency in the page's language, isolated with `<bdi>`."""
    if value in (None, ""):
        return ""
    return format_html('<bdi class="amount">{}</bdi>', amount_text(value, currency or "AED"))


@register.filter(is_safe=True)
def number(value):
    """A grouped count or figure, isolated so it keeps its place in a right-to-left sentence."""
    if value in (None, ""):
        return ""
    return format_html("<bdi>{}</bdi>", grouped(value))


@register.filter(is_safe=True)
def percent(value, decimals=None):
    """A percentage with its sign, isolated (`<bdi>42%</bdi>`), so "%" stays with its number."""
    if value in (None, ""):
        return ""
    return format_html("<bdi>{}%</bdi>", grouped(value, None if decimals in (None, "") else int(decimals)))
