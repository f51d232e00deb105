"""Writes a Tableau .hyper extract of each dashboard's model: `make tableau-extracts`.

The data sources in bi/tableau/*.tds say which analytics model and which columns each dashboard
reads, so they are the list of what to extract; the warehouse's catalogue gives the column types.
Usage: DATABASE_URL=... python write_hyper.py [OUT_DIR]   (default out/tableau)
"""

import os
import re
import sys
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import psycopg2
from tableauhyperapi import (
    Connection,
    CreateMode,
    HyperProcess,
    Inserter,
    SqlType,
    TableDefinition,
    TableName,
    Telemetry,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA_SOURCES = REPO_ROOT / "bi" / "tableau"

# PostgreSQL catalogue type -> Hyper type. numeric becomes double: the analytics models hold
# averages and percentiles, where Tableau computes in floating point anyway.
HYPER_TYPES = {
    "text": SqlType.text,
    "character varying": SqlType.text,
    "smallint": SqlType.small_int,
    "integer": SqlType.int,
    "bigint": SqlType.big_int,
    "numeric": SqlType.double,
    "double precision": SqlType.double,
    "real": SqlType.double,
    "boolean": SqlType.bool,
    "date": SqlType.date,
    "timestamp with time zone": SqlType.timestamp_tz,
    "timestamp without time zone": SqlType.timestamp,
}


@dataclass(frozen=True)
class DataSource:
    name: str  # the .tds file's stem, also the extract's name
    schema: str
    table: str
    columns: tuple[str, ...]


def read_data_source(path: Path) -> DataSource:
    """The relation and the column names a .tds reads, in the order it lists them."""
    root = ElementTree.parse(path).getroot()
    relation = root.find(".//relation[@type='table']")
    if relation is None:
        raise ValueError(f"{path.name}: no table relation")
    match = re.fullmatch(r"\[(\w+)\]\.\[(\w+)\]", relation.get("table", ""))
    if not match:
        raise ValueError(f"{path.name}: table {relation.get('table')!r} is not [schema].[table]")
    columns = tuple(record.findtext("remote-name") for record in root.iter("metadata-record"))
    if not columns:
        raise ValueError(f"{path.name}: no columns")
    return DataSource(path.stem, match.group(1), match.group(2), columns)


def hyper_type(postgres_type: str, where: str) -> SqlType:
    try:
        return HYPER_TYPES[postgres_type]()
    except KeyError:
        raise ValueError(f"{where}: no Hyper type for PostgreSQL {postgres_type!r}") from None


def hyper_value(value: object) -> object:
    return float(value) if isinstance(value, Decimal) else value


def catalogue_types(cursor, source: DataSource) -> dict[str, str]:
    cursor.execute(
        "select column_name, data_type from information_schema.columns"
        " where table_schema = %s and table_name = %s",
        (source.schema, source.table),
    )
    types = dict(cursor.fetchall())
    missing = [column for column in source.columns if column not in types]
    if missing:
        raise ValueError(f"{source.name}.tds names columns {source.schema}.{source.table} lacks: {missing}")
    return types


def write_extract(hyper: HyperProcess, cursor, source: DataSource, out_dir: Path) -> int:
    types = catalogue_types(cursor, source)
    table = TableDefinition(
        TableName("Extract", source.table),
        [
            TableDefinition.Column(column, hyper_type(types[column], f"{source.table}.{column}"))
            for column in source.columns
        ],
    )
    # Column names come from the .tds and were just checked against the catalogue.
    column_list = ", ".join(f'"{column}"' for column in source.columns)
    cursor.execute(f'select {column_list} from "{source.schema}"."{source.table}"')
    path = out_dir / f"{source.name}.hyper"
    with Connection(hyper.endpoint, path, CreateMode.CREATE_AND_REPLACE) as connection:
        connection.catalog.create_schema("Extract")
        connection.catalog.create_table(table)
        with Inserter(connection, table) as inserter:
            rows = 0
            while batch := cursor.fetchmany(10_000):
                inserter.add_rows([hyper_value(value) for value in row] for row in batch)
                rows += len(batch)
            inserter.execute()
        written = connection.execute_scalar_query(f"select count(*) from {table.table_name}")
    if written != rows:
        raise RuntimeError(f"{path}: wrote {written} rows, read {rows}")
    return rows


def main(argv: list[str]) -> int:
    url = os.environ.get("DATABASE_URL")
    if not url:
        print("TableauExtractError: DATABASE_URL is not set (run through scripts/with-db)", file=sys.stderr)
        return 2
    out_dir = Path(argv[0] if argv else "out/tableau")
    out_dir.mkdir(parents=True, exist_ok=True)
    sources = [read_data_source(path) for path in sorted(DATA_SOURCES.glob("*.tds"))]
    with (
        psycopg2.connect(url) as database,
        database.cursor() as cursor,
        HyperProcess(Telemetry.DO_NOT_SEND_USAGE_DATA_TO_TABLEAU, parameters={"log_config": ""}) as hyper,
    ):
        for source in sources:
            rows = write_extract(hyper, cursor, source, out_dir)
            print(f"{out_dir / (source.name + '.hyper')}: {rows} rows of {source.schema}.{source.table}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
