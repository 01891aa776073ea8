"""The API's JSON parser: a body that is not plain data gets a clear 400, never a 500.

Python's json module recurses once per nesting level, so a body of ten thousand ``[`` raises
RecursionError (a 500); PostgreSQL refuses a NUL character in text (another 500, after part of the
work was done). Both are refused here, before any view or service runs.
"""

import json

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_JSON_DEPTH = 32


def _check(value, depth: int = 0) -> None:
    if depth > MAX_JSON_DEPTH:
        raise ParseError(
            _("The JSON body is nested too deeply (at most %(depth)d levels).") % {"depth": MAX_JSON_DEPTH}
        )
    if isinstance(value, str):
        if "\x00" in value:
            raise ParseError(_("The JSON body contains a NUL character, which is not allowed in text."))
    elif isinstance(value, dict):
        for key, item in value.items():
            _check(key, depth + 1)
            _check(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check(item, depth + 1)


class SafeJSONParser(JSONParser):
    """JSONParser that refuses deep nesting and NUL characters with a 400 (ParseError)."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = stream.read().decode(encoding)
            data = json.loads(text, parse_constant=self._refuse_constant)
        except RecursionError:
            raise ParseError(
                _("The JSON body is nested too deeply (at most %(depth)d levels).")
                % {"depth": MAX_JSON_DEPTH}
            ) from None
        except ValueError as exc:
            raise ParseError(_("JSON parse error: %(error)s") % {"error": exc}) from None
        _check(data)
        return data

    @staticmethod
    def _refuse_constant(name):
        raise ValueError(f"{name} is not valid JSON")
