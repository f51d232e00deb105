"""Incremental runs of the marts on a database of their own: a full `dbt build`, then new
findings, a profile edit, a stale company key and a company's first Glassdoor rating, then an
incremental `dbt build`.

Proves that an incremental run scores exactly what changed and nothing else (rows it does not
touch keep their ranked_at and their physical row version), that a pair a title match ranked
before the profile's own search found it becomes a finding, that a stored job's company key is
corrected, that a new company rating rescores that company's jobs, that fact_jobs counts a job's
age when it is read, and that the rank-explanation test fails on a broken explanation.
"""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime, timedelta

import psycopg2
import psycopg2.errors
import pytest
from conftest import REPO_ROOT, fresh_warehouse
from warehouse_landing import Load, land_companies, land_postings

NOW = datetime.now(UTC).replace(microsecond=0)
POSTED = NOW - timedelta(days=4)
EARLIER = int((POSTED - timedelta(days=1)).timestamp())
# cautious: a test is built only when all its parents are (the analytics views are outside +dim_ranking).
BUILD = (
    "build",
    "--select",
    "+dim_ranking",
    "--indirect-selection",
    "cautious",
    "--exclude-resource-type",
    "unit_test",
)


def posting(job_id: str, title: str, **fields) -> dict:
    return {
        "job_id": job_id,
        "job_title": title,
        "employer_name": f"{job_id} Corp",
        "job_city": "Chicago",
        "job_country": "US",
        "job_description": "We use Python and SQL every day.",
        "job_posted_at_timestamp": int(POSTED.timestamp()),
        **fields,
    }


def ranked(warehouse) -> dict[tuple[int, str], tuple]:
    """(profile_id, job_id) -> (ranked_at, was_found_by_profile, found_through, row version)."""
    rows = warehouse.query(
        """select profile_id, job_id, ranked_at, was_found_by_profile, found_through, xmin::text
           from marts.dim_ranking"""
    )
    return {(profile_id, job_id): tuple(rest) for profile_id, job_id, *rest in rows}


@pytest.fixture(scope="module")
def marts(tmp_path_factory):
    """The warehouse after the first build (state 'first') and after the incremental one."""
    with fresh_warehouse(tmp_path_factory.mktemp("dbt_incremental")) as warehouse:
        warehouse.query(
            """insert into marts.profile_preferences
                   (profile_id, profile_name, query, location, country, email, preferred_skills)
               values (1, 'data', 'data engineer', 'Chicago', 'us', 'data@example.com', '{Python}'),
                      (2, 'python', 'python developer', 'Chicago', 'us', 'py@example.com', '{SQL}')"""
        )
        with warehouse.connect() as connection, connection.cursor() as cursor:
            land_postings(
                cursor,
                Load("first-1", "jsearch", "job_postings", NOW - timedelta(hours=3), 1),
                [
                    posting("J-FOUND", "Senior Data Engineer"),
                    posting("J-OTHER", "Accountant"),
                    posting("J-STILL", "Lead Data Engineer"),
                ],
            )
            # Profile 2 finds a data-engineer job: profile 1 ranks it only through its title.
            land_postings(
                cursor,
                Load("first-2", "jsearch", "job_postings", NOW - timedelta(hours=3), 2),
                [posting("J-PY", "Python Developer"), posting("J-DE2", "Data Engineer II")],
            )
        warehouse.dbt(*BUILD)
        first = ranked(warehouse)
        (found_employer,) = warehouse.query(
            "select company_lookup_key from staging.jsearch_job_postings where job_id = 'J-FOUND'"
        )[0]
        first_fact_versions = dict(warehouse.query("select job_id, xmin::text from marts.fact_jobs_stored"))

        with warehouse.connect() as connection, connection.cursor() as cursor:
            land_postings(
                cursor,
                Load("second-1", "jsearch", "job_postings", NOW - timedelta(hours=1), 1),
                [
                    # Posted earlier than the copy profile 2 found, so that copy stays the winner.
                    posting("J-DE2", "Data Engineer II", job_posted_at_timestamp=EARLIER),
                    posting("J-NEW", "Data Engineer"),
                ],
            )
            cursor.execute(
                """update marts.profile_preferences set min_salary = 50000, updated_at = now()
                   where profile_id = 2"""
            )
            # Glassdoor answers for J-FOUND's employer: its first rating.
            land_companies(
                cursor,
                Load("glassdoor-1", "glassdoor", "companies", NOW - timedelta(hours=1)),
                [
                    (
                        found_employer,
                        {"company_id": 4242, "name": "J-FOUND Corp", "rating": 4.5, "review_count": 120},
                    )
                ],
            )
            # A job stored before its employer was in dim_companies.
            cursor.execute(
                "update marts.fact_jobs_stored set company_key = 'unknown' where job_id = 'J-OTHER'"
            )
        warehouse.dbt(*BUILD)
        yield warehouse, first, first_fact_versions, ranked(warehouse)


def test_first_build_ranks_findings_and_title_matches(marts):
    _, first, _, _ = marts
    assert set(first) >= {(1, "J-FOUND"), (1, "J-OTHER"), (1, "J-DE2"), (2, "J-PY"), (2, "J-DE2")}
    assert first[(1, "J-FOUND")][1] is True
    assert first[(1, "J-FOUND")][2] is not None, "a finding records the load that found it"
    assert first[(1, "J-DE2")][1:3] == (False, None), "profile 1 did not search it up itself"


def test_full_build_leaves_planner_statistics(marts):
    warehouse, *_ = marts
    analysed = {
        column
        for (column,) in warehouse.query(
            "select attname from pg_stats where schemaname = 'marts' and tablename = 'fact_jobs_stored'"
        )
    }
    assert {"job_id", "dwh_updated_at"} <= analysed
    assert "job_title" not in analysed, "only the columns the incremental plans use"


def test_incremental_run_scores_new_findings(marts):
    warehouse, first, _, second = marts
    assert (1, "J-NEW") not in first
    assert second[(1, "J-NEW")][1] is True
    # Found by profile 1's own search at last: now a finding, so the digest may mail it.
    assert second[(1, "J-DE2")][1] is True
    assert second[(1, "J-DE2")][2] > first[(2, "J-DE2")][2]
    assert second[(2, "J-DE2")][0] > first[(2, "J-DE2")][0], "profile 2 was edited"
    posted = warehouse.query("select posted_at from marts.fact_jobs where job_id = 'J-DE2'")
    assert posted == [(POSTED,)], "the earlier copy must not have replaced the job"


def test_incremental_run_rescores_an_edited_profile_only(marts):
    _, first, _, second = marts
    for key in [key for key in first if key[0] == 2]:
        assert second[key][0] > first[key][0], f"{key} of the edited profile must be rescored"
    assert second[(1, "J-STILL")] == first[(1, "J-STILL")], "nothing changed for it: not rewritten"


def test_incremental_run_corrects_a_stale_company_key(marts):
    warehouse, _, first_fact_versions, _ = marts
    stored_key, employer_key = warehouse.query(
        """select jobs.company_key, companies.company_key
           from marts.fact_jobs as jobs
           join staging.jsearch_job_postings as postings using (job_id)
           join marts.dim_companies as companies using (company_lookup_key)
           where jobs.job_id = 'J-OTHER'"""
    )[0]
    assert stored_key == employer_key != "unknown"
    versions = dict(warehouse.query("select job_id, xmin::text from marts.fact_jobs_stored"))
    assert versions["J-STILL"] == first_fact_versions["J-STILL"], "an unchanged job is not rewritten"


def test_a_new_company_rating_rescores_the_companys_jobs(marts):
    warehouse, first, first_fact_versions, second = marts
    assert second[(1, "J-FOUND")][0] > first[(1, "J-FOUND")][0]
    (reason,) = warehouse.query(
        """select rank_explain -> 'reasons' ->> 'company_rating' from marts.dim_ranking
           where profile_id = 1 and job_id = 'J-FOUND'"""
    )[0]
    assert reason == "Glassdoor rating 4.5 / 5"
    versions = dict(warehouse.query("select job_id, xmin::text from marts.fact_jobs_stored"))
    assert versions["J-FOUND"] != first_fact_versions["J-FOUND"]


def test_fact_jobs_counts_age_when_read(marts):
    warehouse, *_ = marts
    age, expected = warehouse.query(
        """select job_age_days, floor(extract(epoch from now() - posted_at) / 86400)::integer
           from marts.fact_jobs where job_id = 'J-FOUND'"""
    )[0]
    # Whole 24-hour periods since posted_at: the rule the digest and the app both show.
    assert age == expected == (NOW - POSTED).days


def test_daily_data_tests_read_the_rows_of_the_latest_build(marts):
    """dbt/README "Which tests the daily run runs": a test of a model with meta daily_tests_scope
    fails on a bad row its latest build wrote, and leaves the rows of earlier builds alone."""
    warehouse, *_ = marts
    test = ("test", "--select", "fact_jobs_company_key_in_dim_companies")
    (newest,) = warehouse.query("select max(dwh_updated_at) from marts.fact_jobs_stored")[0]
    latest, earlier = (
        row[0] for row in warehouse.query("select job_id from marts.fact_jobs_stored order by job_id limit 2")
    )
    saved = warehouse.query(
        "select job_id, dwh_updated_at, company_key from marts.fact_jobs_stored where job_id in (%s, %s)",
        (latest, earlier),
    )
    restore = "update marts.fact_jobs_stored set dwh_updated_at = %s, company_key = %s where job_id = %s"
    try:
        # A company key dim_companies does not have on both: one from the latest build, one from
        # the day before.
        for job_id, stamp in ((latest, newest), (earlier, newest - timedelta(days=1))):
            warehouse.query(
                """update marts.fact_jobs_stored set dwh_updated_at = %s, company_key = 'no-such-company'
                   where job_id = %s""",
                (stamp, job_id),
            )
        assert warehouse.dbt(*test, check=False).returncode != 0, "the latest build's bad row must fail"
        warehouse.query(
            "update marts.fact_jobs_stored set company_key = 'unknown' where job_id = %s", (latest,)
        )
        assert warehouse.dbt(*test).returncode == 0, "an earlier build's row is not read again"
    finally:
        for job_id, stamp, company_key in saved:
            warehouse.query(restore, (stamp, company_key, job_id))


def test_rank_explanation_test_fails_on_a_broken_explanation(marts):
    warehouse, *_ = marts
    test = ("test", "--select", "assert_rank_explain_sums_to_score")
    assert warehouse.dbt(*test).returncode == 0
    warehouse.query(
        """update marts.dim_ranking set rank_explain = rank_explain #- '{reasons,salary}'
           where profile_id = 1 and job_id = 'J-FOUND'"""
    )
    try:
        assert warehouse.dbt(*test, check=False).returncode != 0
    finally:
        warehouse.query(
            """update marts.dim_ranking
               set rank_explain = jsonb_set(rank_explain, '{reasons,salary}', '"restored"')
               where profile_id = 1 and job_id = 'J-FOUND'"""
        )


def test_jobctl_rescore_rescores_one_edited_profile_and_leaves_new_jobs_to_the_next_run(marts):
    """Issue 16: saving a profile runs `jobctl rescore --profile N` (dbt, that profile only)."""
    warehouse, *_ = marts
    warehouse.query("update marts.profile_preferences set min_salary = 90000, updated_at = now()")
    # Profile 1's query changes too: the rescore works out its concepts again first.
    warehouse.query(
        "update marts.profile_preferences set query = 'senior data engineer' where profile_id = 1"
    )
    with warehouse.connect() as connection, connection.cursor() as cursor:
        land_postings(
            cursor,
            Load("late-1", "jsearch", "job_postings", NOW - timedelta(minutes=30), 1),
            [posting("J-LATE", "Data Engineer")],
        )
    # fact_jobs learns of J-LATE, dim_ranking not yet: the rescore must not take it.
    warehouse.dbt("run", "--select", "+fact_jobs_stored", "bridge_profile_jobs")
    before = ranked(warehouse)
    (watermark_before,) = warehouse.query("select max(job_updated_at) from marts.dim_ranking")[0]
    rescore = subprocess.run(
        ["node", str(REPO_ROOT / "jobctl" / "bin" / "jobctl.mjs"), "rescore", "--profile", "1"],
        env=warehouse.env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert rescore.returncode == 0, rescore.stdout + rescore.stderr
    after = ranked(warehouse)
    current = dict(
        warehouse.query(
            """select dim_ranking.profile_id, bool_and(dim_ranking.profile_updated_at = profiles.updated_at)
               from marts.dim_ranking
               inner join marts.profile_preferences as profiles
                   on profiles.profile_id = dim_ranking.profile_id
               group by dim_ranking.profile_id"""
        )
    )
    assert current == {1: True, 2: False}
    concepts = warehouse.query(
        "select concept_labels from staging.int_ranking__profile_concepts where profile_id = 1"
    )
    assert concepts == [(["senior", "data", "engineer"],)]
    assert {key: row for key, row in after.items() if key[0] == 2} == {
        key: row for key, row in before.items() if key[0] == 2
    }
    assert (1, "J-LATE") not in after
    assert warehouse.query("select max(job_updated_at) from marts.dim_ranking")[0][0] == watermark_before
    # The next pipeline run still sees J-LATE as new and scores it (the watermark did not move).
    warehouse.dbt(*BUILD)
    assert (1, "J-LATE") in ranked(warehouse)


def build_messages(warehouse, *args: str) -> dict[str, str]:
    """Model or seed name -> the message dbt reported for it (KEPT unchanged, CREATE VIEW, INSERT 12)."""
    warehouse.dbt(*args)
    results = json.loads((warehouse.target_path / "run_results.json").read_text())["results"]
    return {
        result["unique_id"].split(".")[-1]: result["message"]
        for result in results
        if result["unique_id"].split(".")[0] in ("model", "seed")
    }


def data_version(warehouse) -> int:
    return warehouse.query("select data_version from marts.data_version")[0][0]


def test_views_and_seeds_are_kept_until_what_made_them_changes(marts):
    """macros/utils/keep_unchanged_relations.sql: a view or seed whose SQL or CSV, config and
    parents are unchanged is kept (its post-hooks still run); anything else rebuilds it."""
    warehouse, *_ = marts
    build = ("build", "--select", "fact_jobs", "fx_rates", "--exclude-resource-type", "test")
    version = data_version(warehouse)
    assert build_messages(warehouse, *build) == {"fact_jobs": "KEPT unchanged", "fx_rates": "KEPT unchanged"}
    assert data_version(warehouse) > version, "a kept mart still moves the data version (its post-hook)"

    # Another value of a var the view's SQL reads is another view; so is going back.
    stale = ("--vars", "{stale_after_days: 15}")
    assert build_messages(warehouse, *build, *stale)["fact_jobs"] == "CREATE VIEW"
    assert build_messages(warehouse, *build)["fact_jobs"] == "CREATE VIEW"
    assert build_messages(warehouse, *build, "--full-refresh")["fact_jobs"] == "CREATE VIEW"
    # A missing view (a rebuilt parent drops it with CASCADE) is built again.
    warehouse.query("drop view marts.fact_jobs cascade")
    assert build_messages(warehouse, *build)["fact_jobs"] == "CREATE VIEW"

    # A seed table without its stamp is loaded again from its CSV; with the stamp it is kept as is.
    restored = warehouse.query("select units_per_usd from staging.fx_rates where currency_code = 'CAD'")
    warehouse.query("update staging.fx_rates set units_per_usd = 99 where currency_code = 'CAD'")
    assert build_messages(warehouse, *build)["fx_rates"] == "KEPT unchanged"
    warehouse.query("comment on table staging.fx_rates is null")
    assert build_messages(warehouse, *build)["fx_rates"].startswith("INSERT")
    assert (
        warehouse.query("select units_per_usd from staging.fx_rates where currency_code = 'CAD'") == restored
    )
    assert build_messages(warehouse, *build) == {"fact_jobs": "KEPT unchanged", "fx_rates": "KEPT unchanged"}


def test_companies_are_recomputed_in_place_and_the_views_over_them_kept(marts):
    """macros/utils/recompute_in_place.sql: dim_companies holds exactly what a rebuild would (a key
    the build no longer writes is deleted), and the table is not dropped, so its views are kept."""
    warehouse, *_ = marts
    build = ("build", "--select", "dim_companies", "analytics_company_rating_distribution")
    build = (*build, "--exclude-resource-type", "test", "unit_test")
    build_messages(warehouse, *build)
    keys = warehouse.query("select company_key from marts.dim_companies order by 1")
    warehouse.query(
        """insert into marts.dim_companies (company_key, company_name, company_lookup_key, enrichment_status,
               is_enriched, is_unknown_member, dwh_updated_at)
           values ('gone', 'Gone Corp', 'gone corp', 'pending', false, false, now() - interval '1 day')"""
    )
    messages = build_messages(warehouse, *build)
    assert messages["dim_companies"].startswith("INSERT")
    assert messages["analytics_company_rating_distribution"] == "KEPT unchanged"
    assert warehouse.query("select company_key from marts.dim_companies order by 1") == keys


# One broken rule per published table: each is a constraint of the table's enforced contract, so
# the database refuses the row as it is written (the daily run no longer tests these rows).
BROKEN_ROWS = {
    "posting seniority outside the vocabulary": (
        "update staging.jsearch_job_postings set seniority_level = 'wizard'",
        "CheckViolation",
    ),
    "posting country not ISO alpha-2": (
        "update staging.jsearch_job_postings set job_country = 'USA'",
        "CheckViolation",
    ),
    "posting salary minimum above maximum": (
        "update staging.jsearch_job_postings set job_min_salary = 200, job_max_salary = 100",
        "CheckViolation",
    ),
    "posting without skills array": (
        "update staging.jsearch_job_postings set extracted_skills = null",
        "NotNullViolation",
    ),
    "posting annualised twice": (
        "update staging.jsearch_job_postings set job_min_salary = 10, job_max_salary = 20, "
        "job_salary_period = 'HOUR', salary_min_annual = 10 * 2080 * 2080",
        "CheckViolation",
    ),
    "board posting without employer": (
        "insert into staging.board_job_postings (job_id, source, employer_name) "
        "values ('b:t:1', 'lever', null)",
        "NotNullViolation",
    ),
    "Glassdoor rating above 5": (
        "insert into staging.glassdoor_companies "
        "(company_id, company_lookup_key, overall_rating, dwh_updated_at) values ('gd-x', 'x', 6, now())",
        "CheckViolation",
    ),
    "pair found zero times": ("update marts.bridge_profile_jobs set times_found = 0", "CheckViolation"),
    "pair first found after last found": (
        "update marts.bridge_profile_jobs set first_found_at = last_found_at + interval '1 day'",
        "CheckViolation",
    ),
    "job salary band outside the vocabulary": (
        "update marts.fact_jobs_stored set salary_band = 'lots'",
        "CheckViolation",
    ),
    "company enrichment status outside the vocabulary": (
        "update marts.dim_companies set enrichment_status = 'maybe'",
        "CheckViolation",
    ),
    "known company without a lookup key": (
        "update marts.dim_companies set company_lookup_key = null where not is_unknown_member",
        "CheckViolation",
    ),
}


@pytest.mark.parametrize("rule", BROKEN_ROWS)
def test_published_tables_refuse_a_row_that_breaks_their_rules(marts, rule):
    warehouse, *_ = marts
    statement, error = BROKEN_ROWS[rule]
    connection = psycopg2.connect(warehouse.url)
    try:
        with connection.cursor() as cursor, pytest.raises(getattr(psycopg2.errors, error)):
            cursor.execute(statement)
    finally:
        connection.rollback()
        connection.close()


def test_only_new_and_edited_profiles_have_their_concepts_worked_out(marts):
    """int_ranking__profile_concepts counts titles for new and edited profiles only.
    Last in the module: it edits profile 1."""
    warehouse, *_ = marts
    concepts = "select profile_id, xmin::text, concept_labels from staging.int_ranking__profile_concepts"
    before = {profile_id: rest for profile_id, *rest in warehouse.query(concepts)}
    warehouse.query(
        """update marts.profile_preferences set query = 'analytics engineer', updated_at = now()
           where profile_id = 1"""
    )
    warehouse.dbt(*BUILD)
    after = {profile_id: rest for profile_id, *rest in warehouse.query(concepts)}
    assert after[1][1] == ["analytics", "engineer"], "the edited query's concepts"
    assert after[1][0] != before[1][0]
    assert after[2] == before[2], "an unchanged profile keeps its row as it was"
