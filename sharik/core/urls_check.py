"""Addresses people type are checked for characters no URL may hold, on the way in.

Django's URLValidator lets ``"``, ``<``, ``>``, ``{``, ``|``, a backslash or DEL (U+007F) through in the
path; one such address in one entity's resource broke the shared DCAT catalogue (rdflib) and the
nightly link check (httpx) for every entity. RFC 3986 never allows them unencoded.
"""

import re
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_FORBIDDEN = re.compile(r'[\x00-\x20\x7f"<>\\^`{|}]')


def validate_url_characters(value: str) -> None:
    if value and _FORBIDDEN.search(value):
        raise ValidationError(
            _(
                "The address contains a character not allowed in a URL (a space, a quote, <, >, { }, | or a control character); encode it."
            ),
            code="url_characters",
        )


def iri_safe(value: str) -> str:
    """The address with any character an RDF writer would choke on percent-encoded (for stored data)."""
    return quote(value, safe=":/?#[]@!$&'()*+,;=%~-._") if _FORBIDDEN.search(value) else value
