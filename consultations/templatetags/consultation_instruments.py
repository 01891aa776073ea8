"""The consultation page's instruments section: links to its surveys, budgets and opinion map."""

from django import template

register = template.Library()


@register.simple_tag
def consultation_instruments(consultation):
    return {
        "surveys": list(consultation.surveys.all()),
        "budgets": list(consultation.budgets.all()),
        "statements": consultation.opinion_statements.filter(is_hidden=False).count(),
    }
