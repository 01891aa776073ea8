"""Dates and amounts as text in the active language: one style for templates, messages and e-mail.

The template filters (sharik.core.templatetags.sharik_format) add the markup (`<time datetime>`,
`<bdi>`) around these; services use them directly in messages ("overdue since 3 ديسمبر 2026").
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.utils import formats, timezone
from django.utils.translation import gettext, gettext_lazy

# The formats of sharik/formats/<language>/formats.py, by the style a caller asks for.
DATE_STYLES = {
    "date": "DATE_FORMAT",
    "datetime": "DATETIME_FORMAT",
    "time": "TIME_FORMAT",
    "month": "YEAR_MONTH_FORMAT",
    "year": "Y",
}

# The currency's name in the page's language; an unknown code is shown as it is.
CURRENCY_NAMES = {"AED": gettext_lazy("AED")}


def as_local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def date_text(value, style: str = "date") -> str:
    """ "3 ديسمبر 2026" / "3 December 2026" (style "datetime" adds "، 9:36 م" / ", 9:36 PM")."""
    if value in (None, ""):
        return ""
    if style not in DATE_STYLES:
        raise ValueError(f"unknown date style {style!r}; use one of {sorted(DATE_STYLES)}")
    return formats.date_format(as_local(value), DATE_STYLES[style], use_l10n=True)


def date_machine(value, style: str = "date") -> str:
    """The ISO 8601 form for `<time datetime>`: the local day, or the local minute with its offset."""
    value = as_local(value)
    if isinstance(value, datetime.datetime):
        return (
            value.date().isoformat()
            if style in ("date", "month", "year")
            else value.isoformat(timespec="minutes")
        )
    return value.isoformat()


def grouped(value, decimals: int | None = None) -> str:
    """A number with the page's grouping ("1,000,000"); decimals only when the value has some."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return str(value)
    if decimals is None:
        decimals = 0 if number == number.to_integral_value() else 2
    return formats.number_format(number, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def amount_text(value, currency: str = "AED") -> str:
    """ "1,000,000 درهم" in Arabic, "AED 1,000,000" in English."""
    if value in (None, ""):
        return ""
    name = CURRENCY_NAMES.get(currency, currency)
    # Translators: a sum of money; Arabic puts the currency after the amount ("1,000,000 درهم").
    return gettext("%(currency)s %(amount)s") % {"currency": name, "amount": grouped(value)}
