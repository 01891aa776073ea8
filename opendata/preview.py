"""The first rows of a CSV, XLSX or JSON resource, read safely, and which columns can be charted.

Safety: only uploaded files are read (never a URL at page time); at most PREVIEW_BYTES of a CSV or
JSON file and PREVIEW_XLSX_BYTES of a workbook (openpyxl in read-only mode, values only, first sheet);
a workbook is opened only if its ZIP directory shows it unpacks to a bounded size (openpyxl reads all of
sharedStrings.xml up front: its cost grows with that part, so the part is capped, which bounds the
time); at most PREVIEW_ROWS rows and PREVIEW_COLUMNS columns; cells cut to PREVIEW_CELL characters. A
file that cannot be read gives an empty preview with a reason, never an error page. A preview is
cached per file checksum, so a page visited many times parses the file once.
"""

import csv
import io
import json
import zipfile
from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sharik.core.uploads import zip_bomb_reason

PREVIEW_ROWS = 50
PREVIEW_COLUMNS = 30
PREVIEW_CELL = 200
PREVIEW_BYTES = 2 * 1024 * 1024
PREVIEW_XLSX_BYTES = 10 * 1024 * 1024
PREVIEW_XLSX_UNZIPPED = 50 * 1024 * 1024  # all parts together, once unpacked
PREVIEW_XLSX_SHARED_STRINGS = 512 * 1024  # ~1.5 s of openpyxl at worst (tiny strings), measured
PREVIEW_CACHE_SECONDS = 24 * 3600
PREVIEWABLE = {"CSV", "TSV", "XLSX", "JSON"}


@dataclass
class Preview:
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    numeric: list[int] = field(default_factory=list)  # indexes of numeric columns
    truncated: bool = False
    error: str = ""

    def chart(self) -> dict | None:
        """Labels from the first non-numeric column, one series per numeric column (at most 3)."""
        if not self.numeric or not self.rows:
            return None
        label_col = next((i for i in range(len(self.columns)) if i not in self.numeric), None)
        labels = [row[label_col] if label_col is not None else str(n + 1) for n, row in enumerate(self.rows)]
        return {
            "labels": labels,
            "series": [
                {"label": self.columns[i], "data": [_number(row[i]) for row in self.rows]}
                for i in self.numeric[:3]
            ],
        }


def _number(value: str) -> float | None:
    try:
        return float(str(value).replace(",", "").replace("٫", ".").strip())
    except ValueError:
        return None


def _cell(value) -> str:
    if value is None:
        return ""
    return str(value)[:PREVIEW_CELL]


def _finish(columns: list, rows: list[list], truncated: bool) -> Preview:
    columns = [_cell(c) or f"#{i + 1}" for i, c in enumerate(columns[:PREVIEW_COLUMNS])]
    width = len(columns)
    rows = [([_cell(v) for v in row[:width]] + [""] * width)[:width] for row in rows[:PREVIEW_ROWS]]
    numeric = [
        i
        for i in range(width)
        if any(row[i] for row in rows) and all(_number(row[i]) is not None for row in rows if row[i] != "")
    ]
    return Preview(columns=columns, rows=rows, numeric=numeric, truncated=truncated)


def _read_head(fileobj, limit: int) -> tuple[bytes, bool]:
    data = fileobj.read(limit + 1)
    return data[:limit], len(data) > limit


def _csv(fileobj, delimiter: str | None = None) -> Preview:
    data, truncated = _read_head(fileobj, PREVIEW_BYTES)
    text = data.decode("utf-8-sig", errors="replace")
    if truncated:
        text = text.rsplit("\n", 1)[0]  # drop a row cut in half
    if delimiter is None:
        try:
            delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = []
    for row in reader:
        rows.append(row)
        if len(rows) > PREVIEW_ROWS:
            truncated = True
            break
    if not rows:
        return Preview(error=_("The file is empty."))
    return _finish(rows[0], rows[1:], truncated)


def _xlsx(fileobj, size: int | None) -> Preview:
    if size is not None and size > PREVIEW_XLSX_BYTES:
        return Preview(error=_("The file is too large to preview; download it instead."))
    with zipfile.ZipFile(fileobj) as archive:
        if zip_bomb_reason(
            archive,
            max_total=PREVIEW_XLSX_UNZIPPED,
            max_entry={"xl/sharedStrings.xml": PREVIEW_XLSX_SHARED_STRINGS},
        ):
            return Preview(error=_("The file is too large to preview; download it instead."))
    fileobj.seek(0)
    from openpyxl import load_workbook

    workbook = load_workbook(fileobj, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        rows, truncated = [], False
        for row in sheet.iter_rows(values_only=True, max_col=PREVIEW_COLUMNS):
            if len(rows) > PREVIEW_ROWS:
                truncated = True
                break
            row = list(row)
            while row and row[-1] is None:  # read-only sheets pad rows to max_col
                row.pop()
            rows.append(row)
    finally:
        workbook.close()
    if not rows:
        return Preview(error=_("The file is empty."))
    return _finish(rows[0], rows[1:], truncated)


def _json(fileobj) -> Preview:
    data, truncated = _read_head(fileobj, PREVIEW_BYTES)
    if truncated:
        return Preview(error=_("The file is too large to preview; download it instead."))
    payload = json.loads(data.decode("utf-8-sig"))
    if isinstance(payload, dict):  # {"data": [...]} and the like: take the first list of records
        payload = next((v for v in payload.values() if isinstance(v, list)), [payload])
    if not isinstance(payload, list) or not payload:
        return Preview(error=_("No table found in this file."))
    if all(isinstance(item, dict) for item in payload[: PREVIEW_ROWS + 1]):
        columns: list[str] = []
        for item in payload[:PREVIEW_ROWS]:
            for key in item:
                if key not in columns:
                    columns.append(key)
        rows = [[_flat(item.get(c)) for c in columns] for item in payload[:PREVIEW_ROWS]]
    else:
        columns = [_("value")]
        rows = [[_flat(item)] for item in payload[:PREVIEW_ROWS]]
    return _finish(columns, rows, len(payload) > PREVIEW_ROWS)


def _flat(value) -> str:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return _cell(value)


def _from_datastore(resource) -> Preview | None:
    """The first rows from the resource's loaded datastore table (typed, already checked), if it has one."""
    from .models import DatastoreTable
    from .selectors_datastore import SearchArgs, datastore_search

    table = DatastoreTable.objects.filter(resource=resource, status=DatastoreTable.Status.LOADED).first()
    if table is None or not table.fields:
        return None
    table.resource = resource
    names = [f["id"] for f in table.fields[:PREVIEW_COLUMNS]]
    found = datastore_search(
        table=table,
        args=SearchArgs(fields=names, limit=PREVIEW_ROWS, records_format="lists", include_total=False),
    )
    rows = [["" if v is None else str(v)[:PREVIEW_CELL] for v in row] for row in found["records"]]
    numeric = [i for i, f in enumerate(table.fields[:PREVIEW_COLUMNS]) if f["type"] in ("int", "numeric")]
    return Preview(columns=names, rows=rows, numeric=numeric, truncated=table.rows_loaded > PREVIEW_ROWS)


def resource_preview(resource) -> Preview | None:
    fmt = (resource.format or "").upper()
    if fmt not in PREVIEWABLE:
        return None
    if resource.file:
        loaded = _from_datastore(resource)
        if loaded is not None:
            return loaded
    if not resource.file:
        return Preview(
            error=_("Only files published on Sharik are previewed; follow the link to see this one.")
        )
    if not resource.checksum:
        return _read_preview(resource, fmt)
    key = f"opendata:preview:{resource.checksum}:{fmt}:{get_language()}"
    preview = cache.get(key)
    if preview is None:
        preview = _read_preview(resource, fmt)
        cache.set(key, preview, PREVIEW_CACHE_SECONDS)
    return preview


def _read_preview(resource, fmt: str) -> Preview:
    try:
        with resource.file.open("rb") as fileobj:
            if fmt == "XLSX":
                return _xlsx(fileobj, resource.size)
            if fmt == "JSON":
                return _json(fileobj)
            return _csv(fileobj, "\t" if fmt == "TSV" else None)
    except (OSError, ValueError, KeyError, UnicodeDecodeError) as exc:
        return Preview(
            error=_("This file could not be read for a preview (%(error)s).") % {"error": type(exc).__name__}
        )
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a corrupt workbook
        if fmt == "XLSX":
            return Preview(
                error=_("This file could not be read for a preview (%(error)s).")
                % {"error": type(exc).__name__}
            )
        raise
