"""End to end: every reference payload plus planted rows landed raw, a real `dbt build` over a
fresh database, then the warehouse rules checked on the resulting tables, then an incremental
build, then the docs site and the data-quality report.

Planted rows prove what the reference payloads cannot: the dedupe winner, untrusted loads, every
salary rule, timestamp handling and the company key.
"""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from warehouse_landing import Load, land_companies, land_postings, read_payload_dir

REPO_ROOT = Path(__file__).resolve().parents[2]
# Real JSearch responses, committed with the loaders' tests.
FIXTURES = REPO_ROOT / "loaders" / "test" / "fixtures" / "reference_payloads"
NOW = datetime.now(UTC).replace(microsecond=0)
DAY = 86400
POSTED_RECENT = int((NOW - timedelta(days=3)).timestamp())


def planted(job_id: str, **fields) -> dict:
    return {"job_id": job_id, "job_title": f"Planted {job_id}", "employer_name": "Planted Co", **fields}


def salary_job(job_id: str, low, high, period, **fields) -> dict:
    return planted(
        job_id,
        job_country="US",
        job_min_salary=low,
        job_max_salary=high,
        job_salary_period=period,
        job_posted_at_timestamp=POSTED_RECENT,
        **fields,
    )


SALARY_CASES = [
    salary_job("SAL-HOUR", 40, 60, "HOUR", job_salary_currency="USD"),
    salary_job("SAL-DAY", 300, 400, "DAY"),
    salary_job("SAL-WEEK", 1000, 1500, "WEEK"),
    salary_job("SAL-MONTH", 5000, 8000, "MONTH"),
    salary_job("SAL-YEAR", 90000, 120000, "YEAR"),
    salary_job("SAL-SWAP", 150000, 100000, "YEAR"),
    salary_job("SAL-NEG", -5, 90000, "YEAR"),
    salary_job("SAL-ABSURD", 45, 99000000, "YEAR"),
]

TIME_CASES = [
    planted("TS-MILLIS", job_posted_at_timestamp=POSTED_RECENT * 1000),
    planted("TS-EPOCH0", job_posted_at_timestamp=0),
    planted("TS-NEG", job_posted_at_timestamp=-DAY),
    planted("TS-FUTURE", job_posted_at_timestamp=int((NOW + timedelta(days=400)).timestamp())),
    planted("TS-ISO-OFFSET", job_posted_at_datetime_utc="2025-12-17T14:33:20-05:00"),
]

COMPANY_CASES = [
    planted(
        "CO-GOOGLE", employer_name="Google LLC", job_employment_type="Full-time, Part-time, and Contractor"
    ),
    planted("CO-STICHTING", employer_name="Stichting GOO BV"),
    planted("CO-ALPHABET", employer_name="Alphabet Inc."),
    planted("CO-NONE", employer_name="   "),
]


def land_everything(warehouse) -> None:
    """Reference payloads (one finished load each, three profiles) and the planted rows."""
    start = NOW - timedelta(hours=6)
    with warehouse.connect() as connection, connection.cursor() as cursor:
        for index, (name, items) in enumerate(read_payload_dir(FIXTURES / "jsearch").items()):
            load = Load(
                f"ref-{index}", "jsearch", "job_postings", start + timedelta(minutes=index), 1 + index % 3
            )
            assert land_postings(cursor, load, items) == len(items), name

        # The same reference file found again by another profile in a later load.
        bi_file = read_payload_dir(FIXTURES / "jsearch")[
            "filmozolevskiy__job-etl-project__ca_bi_engineer_2025-12-07.json"
        ]
        land_postings(
            cursor, Load("ref-again", "jsearch", "job_postings", start + timedelta(hours=1), 2), bi_file
        )

        # Dedupe winner: A is loaded first but posted later; B is loaded later but posted earlier.
        early, late = POSTED_RECENT - DAY, POSTED_RECENT
        land_postings(
            cursor,
            Load("dedupe-a", "jsearch", "job_postings", start + timedelta(hours=2), 1),
            [
                planted("DEDUPE", job_title="copy A", job_posted_at_timestamp=late),
                planted("TIE", job_title="tie first load", job_posted_at_timestamp=late),
            ],
        )
        land_postings(
            cursor,
            Load("dedupe-b", "jsearch", "job_postings", start + timedelta(hours=3), 2),
            [
                planted("DEDUPE", job_title="copy B", job_posted_at_timestamp=early),
                planted("TIE", job_title="tie later load", job_posted_at_timestamp=late),
                planted("dedupe", job_title="lower-case id", job_posted_at_timestamp=early),
            ],
        )
        # Untrusted: newest copies, but their loads never finished.
        land_postings(
            cursor,
            Load("crashed", "jsearch", "job_postings", start + timedelta(hours=4), 1, "started"),
            [
                planted("DEDUPE", job_title="copy from a crashed load", job_posted_at_timestamp=late + DAY),
                planted("UNFINISHED-ONLY"),
            ],
        )
        land_postings(
            cursor,
            Load("failed", "jsearch", "job_postings", start + timedelta(hours=4), 3, "failed"),
            [planted("FAILED-ONLY")],
        )

        land_postings(
            cursor,
            Load("planted", "jsearch", "job_postings", start + timedelta(hours=5), 1),
            SALARY_CASES + TIME_CASES + COMPANY_CASES,
        )

        for index, (_name, companies) in enumerate(read_payload_dir(FIXTURES / "glassdoor").items()):
            keyed = [(str(company.get("name", "")).lower(), company) for company in companies]
            land_companies(
                cursor, Load(f"gd-{index}", "glassdoor", "companies", start + timedelta(minutes=index)), keyed
            )
        # The enrichment queue matched "alphabet" to Google (company_id 9079).
        cursor.execute(
            """insert into staging.company_enrichment_queue
                (company_lookup_key, employer_name, enrichment_status, attempt_count,
                 matched_company_id, created_at)
               values ('alphabet', 'Alphabet Inc.', 'success', 1, '9079', now())"""
        )


@pytest.fixture(scope="module")
def built(warehouse):
    land_everything(warehouse)
    result = warehouse.dbt("build")
    return warehouse, result


def one(warehouse, sql: str, params: tuple = ()):
    rows = warehouse.query(sql, params)
    assert len(rows) == 1, f"expected one row for {params}, got {rows}"
    return rows[0]


def test_build_passes_with_no_errors(built):
    warehouse, result = built
    run_results = json.loads((warehouse.target_path / "run_results.json").read_text())
    statuses = {node["status"] for node in run_results["results"]}
    assert statuses <= {"success", "pass", "warn"}, result.stdout[-4000:]
    tests_run = [
        node for node in run_results["results"] if node["unique_id"].startswith(("test.", "unit_test."))
    ]
    assert len(tests_run) > 60


def test_one_row_per_job_id_and_only_trusted_loads(built):
    warehouse, _ = built
    assert one(warehouse, "select count(*) - count(distinct job_id) from staging.jsearch_job_postings") == (
        0,
    )
    trusted = one(
        warehouse,
        """select count(distinct raw.job_id) from raw.jsearch_job_postings as raw
           join raw.dwh_loads as loads
             on loads.load_id = raw.dwh_load_id and loads.load_status = 'finished'""",
    )[0]
    assert one(warehouse, "select count(*) from staging.jsearch_job_postings") == (trusted,)
    found = warehouse.query(
        "select job_id from staging.jsearch_job_postings where job_id in ('UNFINISHED-ONLY', 'FAILED-ONLY')"
    )
    assert found == []


def test_dedupe_winner_is_latest_posting_then_latest_load(built):
    warehouse, _ = built
    assert one(warehouse, "select job_title from staging.jsearch_job_postings where job_id = 'DEDUPE'") == (
        "copy A",
    )
    assert one(warehouse, "select job_title from staging.jsearch_job_postings where job_id = 'TIE'") == (
        "tie later load",
    )
    assert one(warehouse, "select job_title from staging.jsearch_job_postings where job_id = 'dedupe'") == (
        "lower-case id",
    )
    # The real cross-query duplicate from the reference payloads is one row.
    assert one(
        warehouse,
        "select count(*) from staging.jsearch_job_postings where job_id = 'iMYuP8tZysa4w17wAAAAAA=='",
    ) == (1,)


@pytest.mark.parametrize(
    (
        "job_id",
        "low",
        "high",
        "period",
        "currency",
        "inferred",
        "low_annual",
        "high_annual",
        "swapped",
        "issue",
    ),
    [
        ("SAL-HOUR", 40, 60, "HOUR", "USD", False, 83200, 124800, False, None),
        ("SAL-DAY", 300, 400, "DAY", "USD", True, 78000, 104000, False, None),
        ("SAL-WEEK", 1000, 1500, "WEEK", "USD", True, 52000, 78000, False, None),
        ("SAL-MONTH", 5000, 8000, "MONTH", "USD", True, 60000, 96000, False, None),
        ("SAL-YEAR", 90000, 120000, "YEAR", "USD", True, 90000, 120000, False, None),
        ("SAL-SWAP", 100000, 150000, "YEAR", "USD", True, 100000, 150000, True, "min_above_max_swapped"),
        ("SAL-NEG", 90000, 90000, "YEAR", "USD", True, 90000, 90000, False, "min_non_positive"),
        ("SAL-ABSURD", None, None, "YEAR", None, False, None, None, False, "min_absurd_low,max_absurd_high"),
    ],
)
def test_salary_rules(
    built, job_id, low, high, period, currency, inferred, low_annual, high_annual, swapped, issue
):
    warehouse, _ = built
    row = one(
        warehouse,
        """select job_min_salary, job_max_salary, job_salary_period, salary_currency,
                  is_salary_currency_inferred,
                  salary_min_annual, salary_max_annual, is_salary_range_swapped, salary_issue
           from staging.jsearch_job_postings where job_id = %s""",
        (job_id,),
    )
    assert row == (low, high, period, currency, inferred, low_annual, high_annual, swapped, issue)
    fact = one(
        warehouse,
        "select salary_min_annual, salary_max_annual from marts.fact_jobs where job_id = %s",
        (job_id,),
    )
    assert fact == (low_annual, high_annual), (
        "fact_jobs must carry the staging annual values, not re-annualise"
    )


def test_reference_salaries_and_inferred_currency(built):
    warehouse, _ = built
    rows = dict(
        warehouse.query(
            """select job_id, (salary_currency, is_salary_currency_inferred, salary_min_annual)
               from staging.jsearch_job_postings
               where job_id in ('1qFQguAZtloAAAAAAAAAAA==', 'KfLVljib9kK_YhNrAAAAAA==',
                                'cHDRCjYBZce5U6TuAAAAAA==')"""
        )
    )
    assert rows["1qFQguAZtloAAAAAAAAAAA=="] == "(USD,f,83200)"  # 40 USD an hour, currency sent
    assert rows["KfLVljib9kK_YhNrAAAAAA=="] == "(USD,t,113000)"  # no currency key: inferred from US
    assert rows["cHDRCjYBZce5U6TuAAAAAA=="] == "(INR,f,450000)"


@pytest.mark.parametrize(
    ("job_id", "posted_at", "issue"),
    [
        ("TS-MILLIS", datetime.fromtimestamp(POSTED_RECENT, UTC), None),
        ("TS-EPOCH0", None, "epoch_zero"),
        ("TS-NEG", None, "negative_epoch"),
        ("TS-FUTURE", None, "far_future"),
        ("TS-ISO-OFFSET", datetime(2025, 12, 17, 19, 33, 20, tzinfo=UTC), None),
        # Reference: a 2018 posting is old but real; five Job-scout items carry no time at all.
        ("dWFK46709KLJqlwSAAAAAA==", datetime(2018, 10, 23, 7, 0, tzinfo=UTC), None),
        ("_S_MRpxGfMM_8SXwAAAAAA==", None, None),
    ],
)
def test_posting_times_are_utc_and_implausible_ones_flagged(built, job_id, posted_at, issue):
    warehouse, _ = built
    row = one(
        warehouse,
        "select job_posted_at, job_posted_at_issue from staging.jsearch_job_postings where job_id = %s",
        (job_id,),
    )
    assert row == (posted_at, issue)


def test_employment_types_map_to_the_jsearch_enum(built):
    warehouse, _ = built
    assert one(
        warehouse, "select job_employment_types from staging.jsearch_job_postings where job_id = 'CO-GOOGLE'"
    ) == (["CONTRACTOR", "FULLTIME", "PARTTIME"],)
    invalid = warehouse.query(
        """select job_id from staging.jsearch_job_postings
           where not job_employment_types <@ array['FULLTIME', 'PARTTIME', 'CONTRACTOR', 'INTERN']"""
    )
    assert invalid == []


def test_jobs_join_companies_through_the_lookup_key(built):
    warehouse, _ = built
    google = one(
        warehouse,
        """select companies.company_lookup_key, companies.company_id, companies.overall_rating,
                  companies.is_enriched
           from marts.fact_jobs as jobs join marts.dim_companies as companies using (company_key)
           where jobs.job_id = 'CO-GOOGLE'""",
    )
    assert google == ("google", "9079", Decimal("4.4"), True)
    alphabet = one(
        warehouse,
        """select companies.company_id from marts.fact_jobs as jobs join marts.dim_companies as companies
           using (company_key) where jobs.job_id = 'CO-ALPHABET'""",
    )
    assert alphabet == ("9079",), "the enrichment queue's match wins"
    stichting = one(
        warehouse,
        """select companies.company_lookup_key, companies.overall_rating, companies.review_count
           from marts.fact_jobs as jobs join marts.dim_companies as companies using (company_key)
           where jobs.job_id = 'CO-STICHTING'""",
    )
    assert stichting == ("stichting goo", None, 0), "rating 0 with 0 reviews is unknown, not zero"
    assert one(warehouse, "select company_key from marts.fact_jobs where job_id = 'CO-NONE'") == ("unknown",)
    assert one(warehouse, "select count(*) from marts.dim_companies where is_unknown_member") == (1,)


def test_bridge_records_who_found_each_job_once(built):
    warehouse, _ = built
    rows = warehouse.query(
        """select profile_id, times_found from marts.bridge_profile_jobs
           where job_id = 'iMYuP8tZysa4w17wAAAAAA==' order by profile_id"""
    )
    # Found by the two capture files (profiles 1 and 3 by file order) and again by profile 2.
    assert len(rows) >= 2
    assert one(
        warehouse, "select count(*) from marts.fact_jobs where job_id = 'iMYuP8tZysa4w17wAAAAAA=='"
    ) == (1,)
    assert warehouse.query("select 1 from marts.bridge_profile_jobs where job_id = 'UNFINISHED-ONLY'") == []


def test_incremental_build_redecides_only_touched_jobs(built):
    warehouse, _ = built
    before = dict(warehouse.query("select job_id, dwh_updated_at from staging.jsearch_job_postings"))
    with warehouse.connect() as connection, connection.cursor() as cursor:
        land_postings(
            cursor,
            Load("late", "jsearch", "job_postings", NOW, 1),
            [
                planted(
                    "DEDUPE", job_title="copy C, posted latest", job_posted_at_timestamp=POSTED_RECENT + 3600
                ),
                planted("NEW-JOB", job_posted_at_timestamp=POSTED_RECENT),
            ],
        )
        # The crashed load is finally marked finished: its rows become trusted.
        cursor.execute(
            "update raw.dwh_loads set load_status = 'finished', finished_at = now() where load_id = 'crashed'"
        )
    warehouse.dbt("build")
    after = dict(warehouse.query("select job_id, dwh_updated_at from staging.jsearch_job_postings"))
    assert set(after) - set(before) == {"NEW-JOB", "UNFINISHED-ONLY"}
    # The crashed load's DEDUPE copy is posted latest of all, so it wins now.
    assert one(warehouse, "select job_title from staging.jsearch_job_postings where job_id = 'DEDUPE'") == (
        "copy from a crashed load",
    )
    changed = {job_id for job_id in before if after[job_id] != before[job_id]}
    assert changed == {"DEDUPE"}, "untouched jobs must not be rebuilt"
    assert one(
        warehouse,
        "select times_found from marts.bridge_profile_jobs where profile_id = 1 and job_id = 'DEDUPE'",
    ) == (3,)


def test_docs_site_and_quality_report_open_in_chromium(built, tmp_path):
    warehouse, _ = built
    out = tmp_path / "out"
    docs = subprocess.run(
        ["bash", str(REPO_ROOT / "dbt" / "report" / "build-docs.sh"), str(out)],
        env=warehouse.env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert docs.returncode == 0, docs.stdout[-4000:] + docs.stderr[-2000:]
    docs_index = out / "docs" / "index.html"
    report_index = out / "dq-report" / "index.html"
    assert docs_index.stat().st_size > 100_000, "the static docs page embeds the manifest and catalog"
    assert "fact_jobs" in docs_index.read_text()
    # The docs open on our overview (models/overview.md), not dbt's default welcome text.
    assert "Where to start in the lineage" in docs_index.read_text()
    report = report_index.read_text()
    for expected in (
        "stg_jsearch_salary_has_currency",
        "Freshness",
        "Row counts",
        "jsearch_job_postings",
    ):
        assert expected in report
    history = json.loads((out / "dq-report" / "history.json").read_text())
    assert len(history["runs"]) >= 1
    opened = subprocess.run(
        [
            "node",
            "--import",
            "tsx",
            str(REPO_ROOT / "dbt" / "report" / "open-in-chromium.mjs"),
            str(docs_index),
            str(report_index),
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert opened.returncode == 0, opened.stdout + opened.stderr
    pages = json.loads(opened.stdout)
    assert "dbt" in pages[0]["title"].lower()
    assert pages[1]["title"] == "Data quality report"
    assert "fact_jobs" in pages[1]["text"]
