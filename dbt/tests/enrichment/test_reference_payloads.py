"""Skills and seniority over the real JSearch payloads (loaders/test/fixtures/reference_payloads/).

Runs the project's own macros (compiled by dbt) in a fresh database and checks them against an
independent Python reading of the same tokenisation rules, plus what the titles say outright.
Run by `make test-enrichment` (mk/ranking.mk) inside scripts/with-db.
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import tempfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
import pytest

ROOT = Path(__file__).resolve().parents[3]
# Real JSearch responses, committed so a clean clone runs this test.
PAYLOADS = (
    Path(os.environ.get("REFERENCE_PAYLOADS", ROOT / "loaders" / "test" / "fixtures" / "reference_payloads"))
    / "jsearch"
)
DICTIONARY = ROOT / "dbt" / "seeds" / "dictionaries" / "skills_dictionary.csv"
DBT = ROOT / ".venv" / "dbt" / "bin" / "dbt"
TARGET_PATH = tempfile.mkdtemp(prefix="enrichment-ref-dbt-")
LEVELS = {
    "intern",
    "junior",
    "mid",
    "senior",
    "lead",
    "manager",
    "staff",
    "principal",
    "director",
    "executive",
}
SEPARATORS = set(" \t\n\r\f\v,;:!?()[]{}<>\"'/\\|*=~^`$%@")


def postings() -> list[dict]:
    found = []
    for path in sorted(PAYLOADS.glob("*.json")):
        payload = json.loads(path.read_text())
        data = payload.get("data", payload) if isinstance(payload, dict) else payload
        for index, posting in enumerate(data if isinstance(data, list) else [data]):
            highlights = posting.get("job_highlights") or {}
            found.append(
                {
                    "job_id": f"{path.stem}#{index}",
                    "title": posting.get("job_title"),
                    "description": posting.get("job_description"),
                    "highlights": " ".join(item for items in highlights.values() for item in items or []),
                }
            )
    return found


def oracle_skills(text: str) -> set[str]:
    """The documented tokenisation, written independently of the SQL."""
    lowered = "".join(char.lower() if "A" <= char <= "Z" else char for char in f" {text} ")
    spaced = "".join(" " if char in SEPARATORS else char for char in lowered).replace(". ", "  ")
    tokens = set(spaced.split(" "))
    skills = set()
    with DICTIONARY.open(newline="") as handle:
        for row in csv.DictReader(handle):
            for alias in row["aliases"].split("|"):
                words = oracle_words(alias)
                if (len(words) == 1 and words[0] in tokens) or (
                    len(words) > 1 and f" {' '.join(words)} " in spaced
                ):
                    skills.add(row["skill_name"])
    return skills


def oracle_words(alias: str) -> list[str]:
    lowered = "".join(char.lower() if "A" <= char <= "Z" else char for char in f" {alias} ")
    spaced = "".join(" " if char in SEPARATORS else char for char in lowered).replace(". ", "  ")
    return [word for word in spaced.split(" ") if word]


@pytest.fixture(scope="module")
def classified():
    if not PAYLOADS.is_dir():
        pytest.fail(f"reference payloads not found at {PAYLOADS}")
    base = urlsplit(os.environ["DATABASE_URL"])
    name = f"jobs_enrichment_ref_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(urlunsplit(base._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'create database "{name}"')
    connection = psycopg2.connect(urlunsplit(base._replace(path=f"/{name}")))
    try:
        rows = postings()
        with connection.cursor() as cursor:
            cursor.execute("create schema staging")
            cursor.execute(
                "create table staging.skills_dictionary (skill_name text, skill_category text, aliases text)"
            )
            with DICTIONARY.open() as handle:
                cursor.copy_expert(
                    "copy staging.skills_dictionary from stdin with (format csv, header true)", handle
                )
            cursor.execute(
                "create table postings (job_id text, title text, description text, highlights text)"
            )
            cursor.executemany(
                "insert into postings values (%(job_id)s, %(title)s, %(description)s, %(highlights)s)", rows
            )
        env = {**os.environ, "DBT_DATABASE": name}
        compiled = subprocess.run(
            [
                str(DBT), "compile", "--quiet", "--project-dir", "dbt", "--profiles-dir", "dbt",
                "--target-path", TARGET_PATH, "--inline",
                "select job_id, {{ extract_skills(\"concat_ws(' ', title, description, highlights)\") }},"
                " {{ classify_seniority('title', 'description') }} from postings",
            ],
            cwd=ROOT, env=env, capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        with connection.cursor() as cursor:
            cursor.execute(compiled)
            result = {job_id: (set(skills), level) for job_id, skills, level in cursor.fetchall()}
        yield rows, result
    finally:
        connection.close()
        with admin.cursor() as cursor:
            cursor.execute(f'drop database if exists "{name}"')
        admin.close()


def test_every_reference_posting_is_classified(classified):
    rows, result = classified
    assert len(rows) >= 50
    assert set(result) == {row["job_id"] for row in rows}
    assert all(level is None or level in LEVELS for _, level in result.values())


def test_sql_skills_equal_the_documented_tokenisation(classified):
    rows, result = classified
    for row in rows:
        text = " ".join(part for part in (row["title"], row["description"], row["highlights"]) if part)
        assert result[row["job_id"]][0] == oracle_skills(text), row["title"]


@pytest.mark.parametrize(
    ("title_pattern", "skill"),
    [
        (r"\bpython\b", "python"),
        (r"\bnode\.?\s?js\b", "node.js"),
        (r"\breact\b", "react"),
        (r"\bjavascript\b", "javascript"),
        (r"\.net\b", ".net"),
        (r"\bpower bi\b", "power bi"),
    ],
)
def test_skills_named_in_titles_are_found(classified, title_pattern, skill):
    rows, result = classified
    titled = [row for row in rows if re.search(title_pattern, row["title"] or "", re.I)]
    assert titled, f"no reference title matches {title_pattern}"
    assert all(skill in result[row["job_id"]][0] for row in titled)


def test_java_only_where_java_itself_is_written(classified):
    rows, result = classified
    for row in rows:
        text = " ".join(part for part in (row["title"], row["description"], row["highlights"]) if part)
        if "java" in result[row["job_id"]][0]:
            assert re.search(r"(?<![\w.+#&-])java(?![\w+#&-])", text, re.I), row["title"]


@pytest.mark.parametrize(
    ("title_pattern", "level"),
    [
        (r"^junior\b", "junior"),
        (r"entry level", "junior"),
        (r"^senior\b(?!.*\blead\b)", "senior"),
        (r"^lead\b", "lead"),
        (r"^manager\b", "manager"),
    ],
)
def test_seniority_named_in_titles(classified, title_pattern, level):
    rows, result = classified
    titled = [row for row in rows if re.search(title_pattern, row["title"] or "", re.I)]
    assert titled, f"no reference title matches {title_pattern}"
    assert all(result[row["job_id"]][1] == level for row in titled), [row["title"] for row in titled]
