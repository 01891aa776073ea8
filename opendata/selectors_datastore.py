"""Reads on the Datastore: CKAN's datastore_search and datastore_info over a loaded resource's table.

Only columns of the table's data dictionary are named in SQL (as c0, c1…, never the text of the
request); every value is a query parameter. datastore_search_sql is not offered: arbitrary SQL cannot
be made safely read-only here (docs/api.md says so).
"""

import io
import json
from dataclasses import dataclass

from django.db import connection

from sharik.core import csvsafe

from .models import DatastoreTable
from .services.datastore import PARSERS, BadCell

DEFAULT_LIMIT = 100
MAX_LIMIT = 32000
MAX_OFFSET = 10_000_000
RECORDS_FORMATS = ("objects", "lists", "csv", "tsv")


class DatastoreQueryError(ValueError):
    """A parameter names an unknown column or has the wrong shape; `field` says which."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@dataclass
class SearchArgs:
    q: str = ""
    filters: dict | None = None
    fields: list[str] | None = None
    sort: str = ""
    limit: int = DEFAULT_LIMIT
    offset: int = 0
    distinct: bool = False
    include_total: bool = True
    records_format: str = "objects"


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _columns(table: DatastoreTable) -> dict[str, tuple[str, str]]:
    """Header -> (column name in the table, type)."""
    return {f["id"]: (f"c{i}", f["type"]) for i, f in enumerate(table.fields)}


def datastore_info(*, table: DatastoreTable) -> dict:
    return {
        "meta": {
            "count": table.rows_loaded,
            "table_type": "BASE TABLE",
            "status": table.status,
            "rows_in_file": table.rows_total,
            "errors": table.errors,
        },
        "fields": [
            {"id": f["id"], "type": f["type"], "info": {"guessed_type": f["guessed"]}} for f in table.fields
        ],
    }


def _value(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def datastore_search(*, table: DatastoreTable, args: SearchArgs) -> dict:
    columns = _columns(table)
    wanted = args.fields or list(columns)
    for name in wanted:
        if name not in columns and name != "_id":
            raise DatastoreQueryError("fields", f'field "{name[:50]}" not in the table')
    where, params = [], []
    for name, value in (args.filters or {}).items():
        if name not in columns and name != "_id":
            raise DatastoreQueryError("filters", f'field "{name[:50]}" not in the table')
        column = "_id" if name == "_id" else columns[name][0]
        values = value if isinstance(value, list) else [value]
        if not values or any(isinstance(v, dict | list) for v in values):
            raise DatastoreQueryError("filters", f'invalid value for "{name[:50]}"')
        kind = "int" if name == "_id" else columns[name][1]
        try:
            typed = [PARSERS[kind](str(v)) for v in values]
        except BadCell as exc:
            raise DatastoreQueryError("filters", f'"{name[:50]}": {exc}') from exc
        if kind == "timestamp" and connection.vendor != "postgresql":
            typed = [v.isoformat(sep=" ") for v in typed]
        where.append(f"{_q(column)} IN ({', '.join(['%s'] * len(values))})")
        params += typed
    if args.q:  # the text columns (full-text words on PostgreSQL, a substring on SQLite)
        text_columns = [c for c, t in columns.values() if t == "text"]
        if not text_columns:
            where.append("1 = 0")
        elif connection.vendor == "postgresql":
            where.append("_full_text @@ plainto_tsquery('simple', %s)")
            params.append(args.q)
        else:
            where.append("(" + " OR ".join(f"{_q(c)} LIKE %s" for c in text_columns) + ")")
            params += [f"%{args.q}%"] * len(text_columns)
    order = []
    for part in (args.sort or "").split(","):
        bits = part.strip().split()
        if not bits:
            continue
        name = bits[0].strip('"')
        if name not in columns and name != "_id":
            raise DatastoreQueryError("sort", f'field "{name[:50]}" not in the table')
        direction = bits[1].lower() if len(bits) > 1 else "asc"
        if direction not in ("asc", "desc"):
            raise DatastoreQueryError("sort", "use asc or desc")
        order.append(f"{_q('_id' if name == '_id' else columns[name][0])} {direction.upper()}")
    selected = ["_id" if n == "_id" else columns[n][0] for n in wanted]
    if not args.distinct and "_id" not in wanted and not args.fields:
        selected = ["_id", *selected]
        wanted = ["_id", *wanted]
    select_sql = ", ".join(_q(c) for c in selected)
    where_sql = f" WHERE {' AND '.join(where)}" if where else ""
    order_sql = f" ORDER BY {', '.join(order)}" if order else (" ORDER BY _id" if not args.distinct else "")
    distinct = "DISTINCT " if args.distinct else ""
    source = _q(table.table_name)
    sql = f"SELECT {distinct}{select_sql} FROM {source}{where_sql}{order_sql} LIMIT %s OFFSET %s"  # noqa: S608 - names are ours (c0…), values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, args.limit, args.offset])
        rows = [[_value(v) for v in row] for row in cursor.fetchall()]
        total = None
        if args.include_total:
            if args.distinct:
                count_sql = (
                    f"SELECT COUNT(*) FROM (SELECT DISTINCT {select_sql} FROM {source}{where_sql}) AS d"  # noqa: S608
                )
            else:
                count_sql = f"SELECT COUNT(*) FROM {source}{where_sql}"  # noqa: S608
            cursor.execute(count_sql, params)
            total = cursor.fetchone()[0]
    types = {"_id": "int", **{n: t for n, (_c, t) in columns.items()}}
    result = {
        "resource_id": str(table.resource.uuid),
        "fields": [{"id": n, "type": types[n]} for n in wanted],
        "limit": args.limit,
        "offset": args.offset,
        "records_format": args.records_format,
    }
    if args.records_format == "objects":
        result["records"] = [dict(zip(wanted, row, strict=True)) for row in rows]
    elif args.records_format == "lists":
        result["records"] = rows
    else:
        buffer = io.StringIO()
        # Opened in spreadsheets as often as read by programs: the shared formula guard applies.
        csvsafe.writer(buffer, delimiter="\t" if args.records_format == "tsv" else ",").writerows(rows)
        result["records"] = buffer.getvalue()
    if total is not None:
        result["total"] = total
        result["total_was_estimated"] = False
    return result


def parse_list(value, field: str) -> list[str] | None:
    """CKAN accepts `fields` as a list, a JSON list or a comma-separated string."""
    if value in (None, "", []):
        return None
    if isinstance(value, str) and value.lstrip().startswith("["):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise DatastoreQueryError(field, "must be a list of names") from exc
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    raise DatastoreQueryError(field, "must be a list of names")


def parse_filters(value) -> dict | None:
    """`filters` is a JSON object: {"column": value or [values]} (a JSON string in a GET)."""
    if value in (None, "", {}):
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError as exc:
            raise DatastoreQueryError("filters", "must be a JSON object") from exc
    if not isinstance(value, dict):
        raise DatastoreQueryError("filters", "must be a JSON object")
    return value
