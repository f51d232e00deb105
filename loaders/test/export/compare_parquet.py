"""Reads the files `jobctl export` wrote back with pyarrow and compares them with the database they
came from: row counts, a checksum of every value (order-independent) and the Arrow type of every
column. Prints one JSON object {table: {...}}; the vitest suite asserts on it.

Usage: compare_parquet.py DATABASE_URL ROOT DT TABLE[=SCHEMA] ...
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import sys
from pathlib import Path

import psycopg2
import pyarrow.parquet as pq

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def plain_json(value):
    # JSON numbers: 2.0 from PostgreSQL and 2 from JavaScript are the same value.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {key: plain_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain_json(item) for item in value]
    return value


def canonical(value, is_json: bool) -> str:
    if value is None:
        return "\\N"
    if is_json:
        parsed = json.loads(value) if isinstance(value, str) else value
        return json.dumps(plain_json(parsed), sort_keys=True, ensure_ascii=False)
    if isinstance(value, list):
        return json.dumps([canonical(item, False) for item in value], ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f") if value != 0 else "0"
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        delta = value - EPOCH
        return str((delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def checksum(rows: list[tuple], json_columns: set[int]) -> str:
    lines = sorted(
        "\x1f".join(canonical(value, i in json_columns) for i, value in enumerate(row)) for row in rows
    )
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def main() -> None:
    url, root, partition, *tables = sys.argv[1:]
    report = {}
    with psycopg2.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute("set time zone 'UTC'")
        for spec in tables:
            table, schema = spec.split("=")
            path = Path(root) / table / f"dt={partition}" / "part-00000.parquet"
            arrow = pq.read_table(path)
            cursor.execute(f'select * from "{schema}"."{table}"')
            db_rows = cursor.fetchall()
            db_columns = [column.name for column in cursor.description]
            json_columns = {
                i for i, column in enumerate(cursor.description) if column.type_code in (114, 3802)
            }
            columns = [arrow.column(name).to_pylist() for name in arrow.column_names]
            file_rows = list(zip(*columns, strict=True))
            report[table] = {
                "db_rows": len(db_rows),
                "file_rows": arrow.num_rows,
                "db_columns": db_columns,
                "file_columns": arrow.column_names,
                "db_checksum": checksum(db_rows, json_columns),
                "file_checksum": checksum(file_rows, json_columns),
                "types": {field.name: str(field.type) for field in arrow.schema},
            }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
