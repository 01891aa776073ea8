"""Import of the UN E-Government Survey data-centre CSV export.

A file with a missing column or a value that is not a number is refused whole: nothing is imported.
A row whose indices fall outside [0, 1], or whose EGDI is not the mean of OSI, TII and HCI within
1e-4, is imported but flagged with the reason. The same country and year imported again is updated.
"""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..indices import egdi
from ..models import SurveyRow

# CSV column -> field
COLUMNS = {
    "Survey Year": "year",
    "Country Name": "country",
    "E-Government Index": "egdi",
    "E-Participation Index": "epi",
    "Online Service Index": "osi",
    "Human Capital Index": "hci",
    "Telecommunication Infrastructure Index": "tii",
}
INDEX_FIELDS = ("egdi", "epi", "osi", "hci", "tii")
EGDI_TOLERANCE = 1e-4


@dataclass
class ImportResult:
    imported: int = 0
    flagged: list[tuple[int, str, int, str]] = field(default_factory=list)  # (line, country, year, reason)


def _flag(values: dict) -> str:
    reasons = []
    outside = [name for name in INDEX_FIELDS if not 0 <= values[name] <= 1]
    if outside:
        reasons.append(_("outside [0, 1]: %s") % ", ".join(outside))
    expected = egdi(values["osi"], values["tii"], values["hci"])
    if abs(values["egdi"] - expected) > EGDI_TOLERANCE:
        reasons.append(
            _("EGDI %(egdi).4f is not the mean of OSI, TII and HCI (%(mean).4f)")
            % {"egdi": values["egdi"], "mean": expected}
        )
    return "; ".join(reasons)


def parse(text: str) -> list[tuple[int, dict]]:
    """Every row as (line number, values); raises ValidationError for the whole file."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip() for name in (reader.fieldnames or [])]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise ValidationError(
            _("The file is missing these columns: %s. Nothing was imported.") % ", ".join(missing)
        )
    rows = []
    for line, raw in enumerate(reader, start=2):
        raw = {(k or "").strip(): (v or "").strip() for k, v in raw.items()}
        values: dict = {"country": raw["Country Name"]}
        if not values["country"]:
            raise ValidationError(_("Line %d has no country name. Nothing was imported.") % line)
        for column, name in COLUMNS.items():
            if name == "country":
                continue
            try:
                values[name] = int(raw[column]) if name == "year" else float(raw[column])
            except ValueError:
                raise ValidationError(
                    _(
                        "Line %(line)d, column “%(column)s”: “%(value)s” is not a number. Nothing was imported."
                    )
                    % {"line": line, "column": column, "value": raw[column]}
                ) from None
        rows.append((line, values))
    return rows


@transaction.atomic
def un_survey_import(*, text: str) -> ImportResult:
    result = ImportResult()
    for line, values in parse(text):
        reason = _flag(values)
        SurveyRow.objects.update_or_create(
            year=values["year"],
            country=values["country"],
            defaults={name: values[name] for name in INDEX_FIELDS} | {"flag": reason[:300]},
        )
        result.imported += 1
        if reason:
            result.flagged.append((line, values["country"], values["year"], reason))
    return result
