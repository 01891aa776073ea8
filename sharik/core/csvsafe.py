"""The one CSV cell guard every CSV writer uses: no cell a spreadsheet would run as a formula.

Survey answers typed by anonymous respondents, titles and names typed by coordinators end up in CSV
files that staff open in a spreadsheet. A cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return is read as a formula there (CSV injection, OWASP); such a cell gets a leading
apostrophe, which spreadsheets show as plain text. Plain numbers (``-3``, ``+4.5``) stay as they are.

Use ``csvsafe.writer`` / ``csvsafe.DictWriter`` exactly like the ``csv`` ones; a test checks that no
module writes CSV without them.
"""

import csv
import re
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def csv_cell(value: Any) -> Any:
    """The value, made inert if a spreadsheet would take it for a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


class _Writer:
    def __init__(self, inner):
        self._inner = inner
        self.dialect = inner.dialect

    def writerow(self, row):
        return self._inner.writerow([csv_cell(v) for v in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def writer(csvfile, *args, **kwargs) -> _Writer:
    """``csv.writer`` whose every cell passes through ``csv_cell``."""
    return _Writer(csv.writer(csvfile, *args, **kwargs))


class DictWriter(csv.DictWriter):
    """``csv.DictWriter`` whose every cell passes through ``csv_cell``."""

    def writerow(self, rowdict):
        return super().writerow({key: csv_cell(value) for key, value in rowdict.items()})

    def writerows(self, rowdicts):
        for row in rowdicts:
            self.writerow(row)
