"""The Datastore: each CSV or XLSX file resource loaded into its own typed table.

A load streams the file (bounded like every upload; never read whole into memory), guesses each column's type from the first GUESS_ROWS
rows (or takes the type a person corrected in the data dictionary), and writes the rows into a new table
`datastore_<resource id>_new` — PostgreSQL COPY in production, plain inserts on SQLite — then swaps it
in. A row that does not fit (a cell that is not of its column's type, the wrong number of cells) is left
out and reported (row, column, reason); the others are loaded. Progress is saved as it goes, outside
the load's transaction, so the admin sees it. Loading the same file with the same types twice does nothing.
"""

import csv
import hashlib
import io
import itertools
import logging
import re
import uuid
from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import DatastoreTable, Resource

logger = logging.getLogger(__name__)

DATASTORE_FORMATS = {"CSV", "TSV", "XLSX"}
GUESS_ROWS = 1000
MAX_COLUMNS = 200
MAX_REPORTED_ERRORS = 100
PROGRESS_EVERY = 5_000  # rows per COPY batch and progress update (also bounds the memory a load holds)
INT_RE = re.compile(r"^[+-]?\d{1,18}$")
DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M")
SQL_TYPES = {
    "postgresql": {"text": "text", "int": "bigint", "numeric": "double precision", "timestamp": "timestamp"},
    "default": {"text": "text", "int": "integer", "numeric": "real", "timestamp": "text"},
}


class BadCell(ValueError):
    pass


def _parse_int(text: str) -> int:
    text = text.replace(",", "").strip()
    if not INT_RE.match(text):
        raise BadCell(_("not a whole number"))
    return int(text)


def _parse_numeric(text: str) -> float:
    try:
        return float(text.replace(",", "").replace("٫", ".").strip())
    except ValueError as exc:
        raise BadCell(_("not a number")) from exc


def _parse_timestamp(text: str) -> datetime:
    text = text.strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise BadCell(_("not a date (YYYY-MM-DD)"))


PARSERS = {"int": _parse_int, "numeric": _parse_numeric, "timestamp": _parse_timestamp, "text": str}


def _guess(values: list[str]) -> str:
    values = [v for v in values if v.strip()]
    if not values:
        return "text"
    for kind in ("int", "numeric", "timestamp"):
        try:
            for value in values:
                PARSERS[kind](value)
        except BadCell:
            continue
        return kind
    return "text"


def _rows(resource: Resource):
    """The file's rows as lists of strings (the first is the header), read as a stream."""
    fmt = resource.format.upper()
    with resource.file.open("rb") as handle:
        if fmt == "XLSX":
            from openpyxl import load_workbook

            workbook = load_workbook(handle, read_only=True, data_only=True)
            try:
                for row in workbook.worksheets[0].iter_rows(values_only=True, max_col=MAX_COLUMNS):
                    cells = [
                        "" if v is None else (v.isoformat() if isinstance(v, datetime) else str(v))
                        for v in row
                    ]
                    while cells and cells[-1] == "":
                        cells.pop()
                    yield cells
            finally:
                workbook.close()
            return
        delimiter = "\t" if fmt == "TSV" else None
        if delimiter is None:
            sample = handle.read(4096).decode(
                "utf-8-sig", errors="ignore"
            )  # a character may be cut: sniffing only
            handle.seek(0)
            try:
                delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
            except csv.Error:
                delimiter = ","
        text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
        try:
            yield from csv.reader(text, delimiter=delimiter)
        finally:
            text.detach()  # the storage's `with` closes the file itself


def datastore_table_for(*, resource: Resource) -> DatastoreTable | None:
    """The resource's datastore row, created if the resource can be loaded (a CSV/XLSX file)."""
    if not resource.file or resource.format.upper() not in DATASTORE_FORMATS:
        return None
    table, _created = DatastoreTable.objects.get_or_create(resource=resource)
    return table


def datastore_enqueue(*, resource: Resource, force: bool = False) -> None:
    """Load the resource into the datastore after the current transaction commits (a Celery job)."""
    if datastore_table_for(resource=resource) is None:
        return
    from ..tasks import datastore_load_task

    transaction.on_commit(lambda: datastore_load_task.delay(resource.pk, force=force))


@transaction.atomic
def datastore_dictionary_set(*, table: DatastoreTable, types: dict[str, str]) -> DatastoreTable:
    """Set the corrected column types of the data dictionary (all of them: a column left out goes back to
    its guessed type); the table is loaded again with them."""
    table = DatastoreTable.objects.select_for_update().get(pk=table.pk)
    known = {f["id"] for f in table.fields}
    for column, kind in types.items():
        if column not in known:
            raise ValueError(_("Unknown column: %(c)s.") % {"c": column})
        if kind not in DatastoreTable.TYPES:
            raise ValueError(_("Unknown type: %(t)s.") % {"t": kind})
    table.type_overrides = dict(types)
    table.full_clean()
    table.save(update_fields=["type_overrides"])
    datastore_enqueue(resource=table.resource)
    return table


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _fields_for(header: list[str], sample: list[list[str]], overrides: dict) -> list[dict]:
    fields, seen = [], set()
    for i, raw in enumerate(header[:MAX_COLUMNS]):
        name = (raw or "").strip() or f"column_{i + 1}"
        while name in seen or name.startswith("_"):
            name = f"{name}_{i + 1}" if not name.startswith("_") else name.lstrip("_") or f"column_{i + 1}"
        seen.add(name)
        guessed = _guess([row[i] if i < len(row) else "" for row in sample])
        fields.append({"id": name, "type": overrides.get(name, guessed), "guessed": guessed})
    return fields


def _progress(table: DatastoreTable, **values) -> None:
    DatastoreTable.objects.filter(pk=table.pk).update(**values)
    for key, value in values.items():
        setattr(table, key, value)


def datastore_load(*, resource: Resource, force: bool = False) -> DatastoreTable | None:
    """Load (or load again) the resource's rows into its datastore table. Safe to run twice."""
    table = datastore_table_for(resource=resource)
    if table is None:
        return None
    signature = hashlib.sha256(
        f"{resource.checksum}:{sorted(table.type_overrides.items())}".encode()
    ).hexdigest()
    if not force and table.status == DatastoreTable.Status.LOADED and table.loaded_checksum == signature:
        return table
    _progress(table, status=DatastoreTable.Status.LOADING, started_at=timezone.now(), rows_loaded=0, error="")
    new_name = f"{table.table_name}_new"
    try:
        # A first pass counts the rows for the progress bar (cheap next to typing them); the second streams
        # them into the table, the first GUESS_ROWS kept aside to guess the columns' types.
        counted = sum(1 for _row in _rows(resource))
        rows = _rows(resource)
        header = next(rows, None)
        if not header:
            raise BadCell(_("The file is empty."))
        _progress(table, rows_total=counted - 1)
        sample = list(itertools.islice(rows, GUESS_ROWS))
        fields = _fields_for(header, sample, table.type_overrides)
        _progress(table, fields=fields)
        errors, loaded = _write_table(table, new_name, fields, itertools.chain(sample, rows))
    except (BadCell, UnicodeDecodeError, csv.Error, OSError, ValueError, KeyError) as exc:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {_quote(new_name)}")
        message = str(exc) if isinstance(exc, BadCell) else f"{type(exc).__name__}: {str(exc)[:200]}"
        _progress(table, status=DatastoreTable.Status.FAILED, error=message[:500], finished_at=timezone.now())
        logger.warning("datastore load of resource %s failed: %s", resource.pk, type(exc).__name__)
        return table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {_quote(table.table_name)}")
        cursor.execute(f"ALTER TABLE {_quote(new_name)} RENAME TO {_quote(table.table_name)}")
        _progress(
            table,
            status=DatastoreTable.Status.LOADED,
            rows_loaded=loaded,
            errors=errors[:MAX_REPORTED_ERRORS],
            loaded_checksum=signature,
            finished_at=timezone.now(),
        )
    return table


def _converters(fields: list[dict], vendor: str) -> list:
    """One function per column: a cell's text to the value written (None for a blank cell); BadCell when
    the cell is not of the column's type. Dates leave as text in the form each database reads."""

    def converter(kind: str):
        parse = PARSERS[kind]
        if kind == "text":
            return lambda cell: cell if cell.strip() else None
        if kind == "timestamp":
            sep = "T" if vendor == "postgresql" else " "
            return lambda cell: parse(cell).isoformat(sep=sep) if cell.strip() else None
        return lambda cell: parse(cell) if cell.strip() else None

    return [converter(f["type"]) for f in fields]


def _typed_rows(fields: list[dict], body, errors: list, vendor: str):
    converters = _converters(fields, vendor)
    width = len(fields)
    padding = [""] * width
    for number, row in enumerate(body, start=2):  # row 1 is the header, as a spreadsheet counts
        count = len(row)
        if count > width:
            if any(cell.strip() for cell in row[width:]):
                errors.append(
                    {
                        "row": number,
                        "column": "",
                        "reason": _("%(n)s cells, %(w)s expected") % {"n": count, "w": width},
                    }
                )
                continue
            row = row[:width]
        elif count < width:
            row = row + padding[count:]
        try:
            values = [convert(cell) for convert, cell in zip(converters, row, strict=True)]
        except BadCell:
            for i, (convert, cell) in enumerate(
                zip(converters, row, strict=True)
            ):  # which cell, for the report
                try:
                    convert(cell)
                except BadCell as exc:
                    errors.append(
                        {"row": number, "column": fields[i]["id"], "reason": f"{exc}: {cell[:50]!r}"}
                    )
                    break
            continue
        yield number, values


def _write_table(table: DatastoreTable, name: str, fields: list[dict], body):
    vendor = "postgresql" if connection.vendor == "postgresql" else "default"
    types = SQL_TYPES[vendor]
    columns = [f"c{i}" for i in range(len(fields))]
    definition = ", ".join(f"{_quote(c)} {types[f['type']]}" for c, f in zip(columns, fields, strict=True))
    text_columns = [c for c, f in zip(columns, fields, strict=True) if f["type"] == "text"]
    if vendor == "postgresql" and text_columns:  # `q` searches the text columns, as words
        text = " || ' ' || ".join(f"coalesce({_quote(c)}, '')" for c in text_columns)
        # Declared with the table, filled by COPY as rows arrive (added afterwards it would rewrite the table)
        definition += f", _full_text tsvector GENERATED ALWAYS AS (to_tsvector('simple', {text})) STORED"
    errors: list = []
    loaded = 0
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {_quote(name)}")
        cursor.execute(f"CREATE TABLE {_quote(name)} (_id integer PRIMARY KEY, {definition})")
        column_list = ", ".join(["_id", *(_quote(c) for c in columns)])
        batch: list = []

        def flush():
            nonlocal loaded
            if not batch:
                return
            if vendor == "postgresql":
                buffer = io.StringIO()
                csv.writer(buffer).writerows(batch)  # None is written as an empty field: COPY's NULL
                buffer.seek(0)
                cursor.cursor.copy_expert(
                    f"COPY {_quote(name)} ({column_list}) FROM STDIN WITH (FORMAT csv)", buffer
                )
            else:
                marks = ", ".join(["%s"] * (len(columns) + 1))
                cursor.executemany(
                    f"INSERT INTO {_quote(name)} ({column_list}) VALUES ({marks})",  # noqa: S608 - names are ours (c0…), values are parameters
                    batch,
                )
            loaded += len(batch)
            batch.clear()
            _progress(table, rows_loaded=loaded)

        for number, values in _typed_rows(fields, body, errors, vendor):
            values.insert(0, number)
            batch.append(values)
            if len(batch) >= PROGRESS_EVERY:
                flush()
        flush()
        _index(cursor, name, columns, vendor, has_full_text=vendor == "postgresql" and bool(text_columns))
    return errors, loaded


def _index(cursor, name: str, columns: list[str], vendor: str, *, has_full_text: bool) -> None:
    """An index per column (filters and sort) and, on PostgreSQL, a full-text index for `q`, built after
    the rows are in (faster than keeping them up to date row by row) with more sort memory."""
    token = uuid.uuid4().hex[:8]  # index names outlive the table's rename: keep each load's distinct
    if vendor == "postgresql":
        cursor.execute("SET maintenance_work_mem = '256MB'")
    try:
        for column in columns[:30]:
            index = _quote(f"{name}_{column}_{token}")
            cursor.execute(f"CREATE INDEX {index} ON {_quote(name)} ({_quote(column)})")
        if has_full_text:
            cursor.execute(
                f"CREATE INDEX {_quote(f'{name}_ft_{token}')} ON {_quote(name)} USING gin (_full_text)"
            )
    finally:
        if vendor == "postgresql":
            cursor.execute("RESET maintenance_work_mem")


ORPHAN_TABLE_RE = re.compile(r"^datastore_(\d+)(_new)?$")


def datastore_sweep() -> list[str]:
    """Drop the datastore tables nothing points at any more: a resource removed with its dataset (the admin's
    delete, an entity removed: the database cascades the rows but not the tables) or the half-made table of
    a load that died. Safe to run at any time and twice; returns the names dropped."""
    known = dict(DatastoreTable.objects.values_list("resource_id", "status"))
    dropped = []
    with connection.cursor() as cursor:
        for name in connection.introspection.table_names(cursor):
            match = ORPHAN_TABLE_RE.match(name)
            if not match:
                continue
            resource_id, partial = int(match.group(1)), bool(match.group(2))
            status = known.get(resource_id)
            if status is not None and (not partial or status == DatastoreTable.Status.LOADING):
                continue
            cursor.execute(f"DROP TABLE IF EXISTS {_quote(name)}")
            dropped.append(name)
    if dropped:
        logger.info("datastore sweep dropped %s table(s)", len(dropped))
    return dropped


def datastore_drop(*, resource_id: int) -> None:
    """Drop the table of a resource that is gone (or no longer tabular)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {_quote(f'datastore_{resource_id}')}")
