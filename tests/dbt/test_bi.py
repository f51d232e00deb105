"""BI: the jobs_bi role on a built warehouse reads every analytics model (one per dashboard) and
the non-personal columns of the shared marts, and nothing personal (e-mail addresses, profile
names, webhook URLs, the notification log). The analytics models' dbt tests pass on planted marts
rows. The Tableau data sources name only tables and columns that exist there."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import psycopg2
import pytest
from conftest import REPO_ROOT, fresh_warehouse

ANALYTICS_MODELS = [
    "analytics_skills_demand_weekly",
    "analytics_salary_by_location_company_role",
    "analytics_job_volumes_daily",
    "analytics_company_rating_distribution",
    "analytics_ranking_score_distribution",
]


@pytest.fixture(scope="module")
def bi_warehouse(tmp_path_factory):
    with fresh_warehouse(tmp_path_factory.mktemp("bi_access")) as warehouse:
        warehouse.env["DBT_ANALYTICS_TESTS"] = "true"
        warehouse.dbt("seed", "--quiet")
        warehouse.dbt("run", "--quiet", "--select", "+path:models/analytics")
        plant(warehouse)
        yield warehouse


def plant(warehouse) -> None:
    """A few marts rows straight in, so every analytics view has rows (the views are over marts)."""
    warehouse.query(
        """insert into marts.profile_preferences (profile_id, profile_name, query, email)
           values (1, 'Secret Name', 'data engineer', 'someone@example.com')"""
    )
    warehouse.query(
        """insert into marts.dim_companies (company_key, company_id, company_name, company_lookup_key,
               industry, overall_rating, review_count, enrichment_status, is_enriched, is_unknown_member,
               dwh_updated_at)
           values ('c1', 'gd-1', 'Acme', 'acme', 'Software', 4.2, 120, 'success', true, false, now()),
                  ('c2', 'gd-2', 'Beta', 'beta', null, null, null, 'not_found', false, false, now())"""
    )
    warehouse.query(
        """insert into marts.fact_jobs_stored (job_posting_key, job_id, company_key, job_title, employer_name,
               job_city, job_country, location_bucket, is_remote, is_full_time, extracted_skills,
               salary_currency, salary_min_annual, salary_max_annual, salary_band, posted_at, posted_date,
               source, dwh_updated_at)
           select 'k' || n, 'job-' || n, case when mod(n, 2) = 0 then 'c1' else 'c2' end, 'Data Engineer',
               'Acme', 'Chicago', 'US', 'city', mod(n, 3) = 0, true, array['python', 'sql'],
               'USD', 90000 + n, 120000 + n, '100k_150k',
               timestamptz '2026-11-02 09:00+00' + n * interval '1 day', date '2026-11-02' + n,
               'jsearch', now()
           from generate_series(1, 20) as n"""
    )
    warehouse.query(
        """insert into marts.dim_ranking (job_posting_key, profile_id, job_id, rank_score, relevance_score,
               rank_explain, was_found_by_profile, ranked_at)
           select 'k' || n, 1, 'job-' || n, n * 5, n * 5, '{}'::jsonb, mod(n, 2) = 0, now()
           from generate_series(1, 20) as n"""
    )


def as_bi(warehouse, sql: str) -> list[tuple]:
    connection = psycopg2.connect(warehouse.url)
    try:
        with connection.cursor() as cursor:
            cursor.execute("set role jobs_bi")
            cursor.execute(sql)
            return cursor.fetchall()
    finally:
        connection.rollback()
        connection.close()


def test_analytics_models_pass_their_dbt_tests_on_planted_rows(bi_warehouse):
    result = bi_warehouse.dbt("test", "--select", "path:models/analytics")
    # Enabled through DBT_ANALYTICS_TESTS: make sure they ran rather than being filtered out.
    assert "PASS=" in result.stdout and "PASS=0" not in result.stdout, result.stdout[-2000:]


@pytest.mark.parametrize("model", ANALYTICS_MODELS)
def test_bi_reads_every_analytics_model(bi_warehouse, model):
    rows = as_bi(bi_warehouse, f"select count(*) from analytics.{model}")
    assert rows[0][0] > 0


def test_bi_reads_the_non_personal_marts_columns(bi_warehouse):
    assert as_bi(bi_warehouse, "select count(*) from marts.fact_jobs")[0][0] == 20
    assert as_bi(bi_warehouse, "select company_name, overall_rating from marts.dim_companies")
    assert as_bi(bi_warehouse, "select profile_id, rank_score from marts.dim_ranking")[0][0] == 1


def test_bi_cannot_create_or_change_analytics(bi_warehouse):
    with pytest.raises(psycopg2.errors.InsufficientPrivilege):
        as_bi(bi_warehouse, "create view analytics.mine as select 1")
    with pytest.raises(psycopg2.errors.InsufficientPrivilege):
        as_bi(bi_warehouse, "drop view analytics.analytics_job_volumes_daily")


def test_analytics_models_expose_no_personal_columns(bi_warehouse):
    columns = bi_warehouse.query(
        """select table_name, column_name from information_schema.columns
           where table_schema = 'analytics'
             and (column_name like %s or column_name like %s or column_name like %s)""",
        ("%email%", "%profile_name%", "%webhook%"),
    )
    assert columns == []


@pytest.mark.parametrize(
    "sql",
    [
        "select email from marts.profile_preferences",
        "select profile_name from marts.profile_preferences",
        "select count(*) from marts.notification_log",
    ],
)
def test_bi_cannot_read_personal_data(bi_warehouse, sql):
    with pytest.raises(psycopg2.errors.InsufficientPrivilege):
        as_bi(bi_warehouse, sql)


# Tableau data sources (bi/tableau/*.tds): XML checked against a small schema, then every table
# and column they name is looked up in the built warehouse, as the BI role sees it.
TDS_DIR = REPO_ROOT / "bi" / "tableau"
# Tableau's local types for the PostgreSQL types the analytics models use.
LOCAL_TYPES = {"text": "string", "bigint": "integer", "integer": "integer", "numeric": "real", "date": "date"}
TDS_FILES = sorted(TDS_DIR.glob("*.tds"))


def parse_tds(path):
    root = ElementTree.parse(path).getroot()
    assert root.tag == "datasource", f"{path.name}: root is <{root.tag}>"
    connections = root.findall("./connection/named-connections/named-connection/connection")
    assert len(connections) == 1, f"{path.name}: expected one named connection"
    relations = root.findall("./connection/relation")
    assert len(relations) == 1, f"{path.name}: expected one relation"
    table = re.fullmatch(r"\[(\w+)\]\.\[(\w+)\]", relations[0].get("table", ""))
    assert table, f"{path.name}: relation table must be [schema].[table]"
    records = {
        record.findtext("remote-name"): record.findtext("local-type")
        for record in root.findall("./connection/metadata-records/metadata-record[@class='column']")
    }
    columns = [column.get("name", "").strip("[]") for column in root.findall("./column")]
    return connections[0], table.groups(), records, columns


def bi_columns(warehouse, schema: str, table: str) -> dict[str, str]:
    rows = as_bi(
        warehouse,
        f"""select column_name, data_type from information_schema.columns
            where table_schema = '{schema}' and table_name = '{table}'""",
    )
    return dict(rows)


def test_one_tds_per_dashboard():
    tables = {parse_tds(path)[1] for path in TDS_FILES}
    assert tables == {("analytics", model) for model in ANALYTICS_MODELS}


@pytest.mark.parametrize("path", TDS_FILES, ids=lambda path: path.name)
def test_tds_connects_read_only_over_tls_without_secrets(path):
    connection, _, _, _ = parse_tds(path)
    assert connection.get("class") == "postgres"
    assert connection.get("sslmode") == "require"
    assert connection.get("authentication") == "username-password"
    assert connection.get("username") == "bi_readonly_user"
    # The password is typed into Tableau, never stored in the data source.
    root = ElementTree.parse(path).getroot()
    assert not [element.tag for element in root.iter() if "password" in element.attrib]


@pytest.mark.parametrize("path", TDS_FILES, ids=lambda path: path.name)
def test_tds_tables_and_columns_exist_in_the_warehouse(bi_warehouse, path):
    _, (schema, table), records, columns = parse_tds(path)
    warehouse_columns = bi_columns(bi_warehouse, schema, table)
    assert warehouse_columns, f"{schema}.{table} is not visible to jobs_bi"
    assert set(records) == set(warehouse_columns), f"{path.name}: metadata records differ from {table}"
    for name, local_type in records.items():
        assert local_type == LOCAL_TYPES[warehouse_columns[name]], f"{path.name}: {name} is {local_type}"
    unknown = set(columns) - set(warehouse_columns)
    assert not unknown, f"{path.name}: unknown columns {unknown}"
