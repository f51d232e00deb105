{{
    config(
        alias='glassdoor_companies',
        unique_key='raw_company_id',
        indexes=[
            {'columns': ['company_lookup_key']},
            {'columns': ['dwh_load_id']},
        ],
    )
}}

-- Empty, typed shell: rows arrive from `jobctl extract-companies`, never from dbt.
select
    cast(null as text) as raw_company_id,
    cast(null as text) as company_lookup_key,
    cast(null as jsonb) as raw_payload,
    cast(null as text) as dwh_load_id,
    cast(null as date) as dwh_load_date,
    cast(null as timestamptz) as dwh_load_timestamp,
    cast(null as text) as dwh_source_system
where false
