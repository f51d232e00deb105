"""Relevance benchmark: the ranking against a hand-labelled set of real postings.

Every JSearch posting in loaders/test/fixtures/reference_payloads/ is landed once per profile of
bench/relevance/profiles.json (as if each profile's search had found all of them), so every
(profile, posting) pair is scored. bench/relevance/labels.csv grades each pair 0-3 by reading the
posting (3 = would apply today, 0 = a different job family).

Three rankings are measured on the same postings and profiles:
- new: marts.dim_ranking.rank_score of this checkout's dbt project;
- old: the same model at OLD_RANKING_COMMIT (the ranking before issue 16), built from `git archive`
  of that commit's dbt/ into a separate database;
- ts_rank_cd: PostgreSQL full-text ranking alone, the query words OR-ed (so a job holding some of
  them still ranks) over the title (weight A) and the description (weight D), English stemming.

Per profile: nDCG@10 (gain 2^grade - 1, ideal = the profile's best 10 labels), P@5 (share of the
top 5 graded 2 or 3) and the number of grade-0 postings in the top 5. Ties are broken by job_id,
so a ranking cannot win by luck of order. Writes bench/results/parts/relevance.json.
Run by `make bench-relevance` (mk/ranking.mk) inside scripts/with-db.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import subprocess
import sys
import tarfile
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "dbt"))
from warehouse_landing import Load, land_postings, read_payload_dir  # noqa: E402

HERE = ROOT / "bench" / "relevance"
PAYLOADS = ROOT / "loaders" / "test" / "fixtures" / "reference_payloads" / "jsearch"
RESULTS = Path(os.environ.get("BENCH_RESULTS_DIR") or ROOT / "bench" / "results") / "parts" / "relevance.json"
# The smoke run (BENCH_SMOKE=1, make test) skips the old ranking: it is a second full dbt build.
SMOKE = os.environ.get("BENCH_SMOKE") == "1"
DBT = ROOT / ".venv" / "dbt" / "bin" / "dbt"
# The last commit before issue 16 changed the ranking.
OLD_RANKING_COMMIT = "a1e5cdf"
PROFILE_COLUMNS = (
    "profile_name", "query", "location", "country", "remote_preference", "employment_types",
    "min_salary", "salary_currency", "preferred_skills", "preferred_seniority", "min_mail_score",
)  # fmt: skip


def load_profiles() -> list[dict]:
    return json.loads((HERE / "profiles.json").read_text())


def load_labels() -> dict[str, dict[str, int]]:
    labels: dict[str, dict[str, int]] = {}
    with (HERE / "labels.csv").open(newline="") as handle:
        for row in csv.DictReader(handle):
            labels.setdefault(row["profile_key"], {})[row["job_id"]] = int(row["grade"])
    return labels


def unique_postings() -> list[dict]:
    postings: dict[str, dict] = {}
    for items in read_payload_dir(PAYLOADS).values():
        for item in items:
            if item.get("job_id"):
                postings.setdefault(item["job_id"], item)
    return list(postings.values())


def dcg(grades: list[int]) -> float:
    return sum((2**grade - 1) / math.log2(position + 2) for position, grade in enumerate(grades))


def metrics(ranked_job_ids: list[str], grades: dict[str, int]) -> dict[str, float]:
    """nDCG@10, P@5 and grade-0 count in the top 5 of one profile's ranking."""
    top = [grades.get(job_id, 0) for job_id in ranked_job_ids]
    ideal = dcg(sorted(grades.values(), reverse=True)[:10])
    return {
        "ndcg_at_10": dcg(top[:10]) / ideal if ideal else 0.0,
        "p_at_5": sum(grade >= 2 for grade in top[:5]) / 5,
        "grade0_in_top5": sum(grade == 0 for grade in top[:5]),
    }


def order(scores: dict[str, float], job_ids: list[str]) -> list[str]:
    """Best first; unscored postings last; ties by job_id."""
    return sorted(job_ids, key=lambda job_id: (-scores.get(job_id, -1.0), job_id))


class Database:
    def __init__(self, base_url: str, label: str) -> None:
        prefix = urlsplit(base_url).path.lstrip("/") or "jobs"
        self.name = f"{prefix}_bench_relevance_{label}_{uuid.uuid4().hex[:6]}"
        self.admin_url = urlunsplit(urlsplit(base_url)._replace(path="/postgres"))
        self.url = urlunsplit(urlsplit(base_url)._replace(path=f"/{self.name}"))

    def __enter__(self) -> Database:
        admin = psycopg2.connect(self.admin_url)
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f'create database "{self.name}"')
        admin.close()
        return self

    def __exit__(self, *exc) -> None:
        admin = psycopg2.connect(self.admin_url)
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute(f'drop database if exists "{self.name}" with (force)')
        admin.close()

    def env(self, work: Path) -> dict[str, str]:
        parts = urlsplit(self.url)
        values = {
            "HOST": parts.hostname or "127.0.0.1",
            "PORT": str(parts.port or 5432),
            "USER": parts.username or "postgres",
            "PASSWORD": parts.password or "",
            "DATABASE": self.name,
        }
        env = {**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
        env |= {f"PG{key}": value for key, value in values.items()}
        env |= {f"DBT_{key}": value for key, value in values.items()}
        env |= {"DATABASE_URL": self.url, "DBT_TARGET_PATH": str(work / "target")}
        env["DBT_LOG_PATH"] = str(work / "logs")
        return env


def dbt(project: Path, env: dict[str, str], *args: str) -> None:
    result = subprocess.run(
        [str(DBT), *args, "--project-dir", str(project), "--profiles-dir", str(project)],
        env=env, capture_output=True, text=True, timeout=1200,
    )  # fmt: skip
    if result.returncode != 0:
        raise RuntimeError(f"dbt {' '.join(args)} failed:\n{result.stdout[-4000:]}\n{result.stderr[-2000:]}")


def build_and_score(base_url: str, label: str, project: Path, profiles: list[dict], postings: list[dict]):
    """Land the postings for every profile, build dim_ranking, return {profile_key: {job_id: score}}."""
    with Database(base_url, label) as database, tempfile.TemporaryDirectory() as work:
        env = database.env(Path(work))
        connection = psycopg2.connect(database.url)
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute((ROOT / "docker" / "init" / "01_create_schemas.sql").read_text())
        dbt(project, env, "run", "--quiet", "--select", "tag:landing", "tag:config")
        ids = {}
        with connection.cursor() as cursor:
            cursor.execute(
                "select column_name from information_schema.columns"
                " where table_schema = 'marts' and table_name = 'profile_preferences'"
            )
            present = {name for (name,) in cursor.fetchall()}
            for profile in profiles:
                values = {column: profile.get(column) for column in PROFILE_COLUMNS if column in present}
                values["email"] = f"{profile['profile_key']}@bench.invalid"
                if "remote_anywhere" not in present and values.get("remote_preference") == "remote_anywhere":
                    # Before issue 16 "remote" was the only remote choice.
                    values["remote_preference"] = "remote"
                columns = ", ".join(values)
                placeholders = ", ".join(["%s"] * len(values))
                cursor.execute(
                    f"insert into marts.profile_preferences ({columns})"
                    f" values ({placeholders}) returning profile_id",
                    list(values.values()),
                )
                ids[cursor.fetchone()[0]] = profile["profile_key"]
            loaded_at = datetime.now(UTC) - timedelta(hours=1)
            for profile_id in ids:
                load = Load(f"bench-{profile_id}", "jsearch", "job_postings", loaded_at, profile_id)
                land_postings(cursor, load, postings)
        dbt(project, env, "seed", "--quiet")
        dbt(project, env, "run", "--quiet", "--select", "+dim_ranking")
        scores: dict[str, dict[str, float]] = {key: {} for key in ids.values()}
        with connection.cursor() as cursor:
            cursor.execute("select profile_id, job_id, rank_score from marts.dim_ranking")
            for profile_id, job_id, score in cursor.fetchall():
                scores[ids[profile_id]][job_id] = float(score)
            if label == "new":
                ts_scores = ts_rank_cd_scores(cursor, ids)
        connection.close()
        return (scores, ts_scores) if label == "new" else scores


def ts_rank_cd_scores(cursor, ids: dict[int, str]) -> dict[str, dict[str, float]]:
    cursor.execute(
        """
        with queries as (
            select
                profile_id,
                to_tsquery('english', array_to_string(
                    array(select quote_literal(word) from unnest(tsvector_to_array(
                        to_tsvector('english', query))) as word),
                    ' | '
                )) as query_terms
            from marts.profile_preferences
        )
        select queries.profile_id, jobs.job_id, ts_rank_cd(
            setweight(to_tsvector('english', coalesce(jobs.job_title, '')), 'A')
            || setweight(to_tsvector('english', coalesce(jobs.job_description, '')), 'D'),
            queries.query_terms
        )
        from staging.jsearch_job_postings as jobs
        cross join queries
        """
    )
    scores: dict[str, dict[str, float]] = {key: {} for key in ids.values()}
    for profile_id, job_id, score in cursor.fetchall():
        scores[ids[profile_id]][job_id] = float(score)
    return scores


def old_project(work: Path) -> Path:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", OLD_RANKING_COMMIT, "dbt"],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(work, filter="data")
    return work / "dbt"


def main() -> None:
    base_url = os.environ["DATABASE_URL"]
    profiles, labels, postings = load_profiles(), load_labels(), unique_postings()
    job_ids = [posting["job_id"] for posting in postings]
    keys = [profile["profile_key"] for profile in profiles]
    missing = [key for key in keys if set(labels.get(key, {})) != set(job_ids)]
    if missing:
        raise SystemExit(f"RelevanceBenchError: labels.csv does not grade every posting for {missing}")
    started = time.monotonic()
    new_scores, ts_scores = build_and_score(base_url, "new", ROOT / "dbt", profiles, postings)
    rankings = {"new": new_scores, "ts_rank_cd": ts_scores}
    skipped = []
    if SMOKE:
        skipped = [
            {"name": f"relevance.old.{metric}", "reason": "smoke run: the old ranking's build is skipped"}
            for metric in ("ndcg_at_10", "grade0_in_top5")
        ]
    else:
        with tempfile.TemporaryDirectory() as work:
            old_scores = build_and_score(base_url, "old", old_project(Path(work)), profiles, postings)
        rankings = {"new": new_scores, "old": old_scores, "ts_rank_cd": ts_scores}
    table = {
        name: {key: metrics(order(scores[key], job_ids), labels[key]) for key in labels}
        for name, scores in rankings.items()
    }
    print(f"{'profile':<16}" + "".join(f"{name + ' nDCG@10':>20}{'P@5':>6}{'g0@5':>6}" for name in rankings))
    for key in labels:
        print(
            f"{key:<16}"
            + "".join(
                f"{table[name][key]['ndcg_at_10']:>20.3f}{table[name][key]['p_at_5']:>6.2f}"
                f"{table[name][key]['grade0_in_top5']:>6}"
                for name in rankings
            )
        )
    results = []
    for name in rankings:
        rows = table[name]
        mean = sum(row["ndcg_at_10"] for row in rows.values()) / len(rows)
        print(f"{'mean':<16}{name:>12} nDCG@10 {mean:.3f}")
        detail = {key: {name: round(value, 4) for name, value in row.items()} for key, row in rows.items()}
        results.append({
            "name": f"relevance.{name}.ndcg_at_10", "value": round(mean, 4), "unit": "nDCG@10 (mean)",
            "target": ">= 0.85" if name == "new" else "baseline", "runs": 1, "detail": detail,
        })  # fmt: skip
        results.append({
            "name": f"relevance.{name}.grade0_in_top5",
            "value": sum(row["grade0_in_top5"] for row in rows.values()),
            "unit": "postings", "target": "= 0" if name == "new" else "baseline", "runs": 1,
        })  # fmt: skip
    new, plain = table["new"], table["ts_rank_cd"]
    beaten = [key for key in labels if new[key]["ndcg_at_10"] > plain[key]["ndcg_at_10"]]
    results.append({
        "name": "relevance.profiles_beating_ts_rank_cd", "value": len(beaten), "unit": "profiles",
        "target": f">= {len(labels)}", "runs": 1,
        "detail": {
            "profiles": len(labels), "postings": len(job_ids),
            "seconds": round(time.monotonic() - started, 1),
        },
    })  # fmt: skip
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({"results": results, "skipped": skipped}, indent=2) + "\n")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
