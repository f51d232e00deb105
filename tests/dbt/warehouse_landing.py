"""Land JSearch/Glassdoor payload files into the raw tables the way the loaders do.

Test glue for the warehouse suite: the real loaders are TypeScript; here we only need rows of
the same shape (one raw row per posting per profile and load, plus a `raw.dwh_loads` row).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any


def payload_items(document: Any) -> list[dict]:
    """The job or company objects in a saved response: enveloped, bare array, or single item."""
    if isinstance(document, list):
        return [item for item in document if isinstance(item, dict)]
    if isinstance(document, dict):
        data = document.get("data")
        if isinstance(data, list):
            return [item for item in data if isinstance(item, dict)]
        if isinstance(data, dict):
            return [data]
        return [document]
    return []


def raw_id(*parts: object) -> str:
    return hashlib.md5("|".join(str(part) for part in parts).encode()).hexdigest()


@dataclass
class Load:
    load_id: str
    source: str
    resource: str
    loaded_at: datetime
    profile_id: int | None = None
    status: str = "finished"


def insert_load(cursor, load: Load, row_count: int) -> None:
    cursor.execute(
        """
        insert into raw.dwh_loads (load_id, dwh_source_system, resource_name, profile_id,
            load_status, row_count, quarantined_count, api_call_count, api_error_count,
            started_at, finished_at)
        values (%s, %s, %s, %s, %s, %s, 0, 1, 0, %s,
            case when %s = 'finished' then %s::timestamptz end)
        """,
        (
            load.load_id,
            load.source,
            load.resource,
            load.profile_id,
            load.status,
            row_count,
            load.loaded_at,
            load.status,
            load.loaded_at,
        ),
    )


def land_postings(cursor, load: Load, postings: list[dict]) -> int:
    """Insert postings under one load; returns rows written (same-day repeats are skipped)."""
    insert_load(cursor, load, len(postings))
    written = 0
    for posting in postings:
        job_id = posting["job_id"]
        key = raw_id("jsearch", load.profile_id, load.loaded_at.date(), job_id, load.load_id)
        cursor.execute(
            """
            insert into raw.jsearch_job_postings (raw_job_posting_id, job_id, raw_payload,
                profile_id, dwh_load_id, dwh_load_date, dwh_load_timestamp, dwh_source_system)
            values (%s, %s, %s, %s, %s, %s, %s, 'jsearch')
            on conflict (raw_job_posting_id) do nothing
            """,
            (
                key,
                job_id,
                json.dumps(posting),
                load.profile_id,
                load.load_id,
                load.loaded_at.date(),
                load.loaded_at,
            ),
        )
        written += cursor.rowcount
    return written


def land_companies(cursor, load: Load, companies: list[tuple[str, dict]]) -> int:
    """Insert (lookup_key, company) pairs under one load."""
    insert_load(cursor, load, len(companies))
    for lookup_key, company in companies:
        cursor.execute(
            """
            insert into raw.glassdoor_companies (raw_company_id, company_lookup_key, raw_payload,
                dwh_load_id, dwh_load_date, dwh_load_timestamp, dwh_source_system)
            values (%s, %s, %s, %s, %s, %s, 'glassdoor')
            on conflict (raw_company_id) do nothing
            """,
            (
                raw_id("glassdoor", lookup_key, load.loaded_at.date(), company.get("company_id")),
                lookup_key,
                json.dumps(company),
                load.load_id,
                load.loaded_at.date(),
                load.loaded_at,
            ),
        )
    return len(companies)


def read_payload_dir(directory: Path) -> dict[str, list[dict]]:
    return {
        path.name: payload_items(json.loads(path.read_text())) for path in sorted(directory.glob("*.json"))
    }
