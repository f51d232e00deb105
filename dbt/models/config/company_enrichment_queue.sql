{{
    config(
        schema='staging',
        unique_key='company_lookup_key',
        indexes=[{'columns': ['enrichment_status', 'next_attempt_at']}],
        post_hook=[
            "alter table {{ this }}
                alter column enrichment_status set default 'pending',
                alter column attempt_count set default 0,
                alter column created_at set default now()",
            "{{ grant_if_role_exists('select, insert, update', 'jobs_loader') }}",
        ],
    )
}}

-- Work queue of employers to look up on Glassdoor, keyed on the normalised name.
-- Written by `jobctl extract-companies`; dbt only creates the table.
select
    cast(null as text) as company_lookup_key,
    cast(null as text) as employer_name,
    cast(null as text) as employer_website,
    cast(null as text) as enrichment_status,
    cast(null as integer) as attempt_count,
    cast(null as timestamptz) as last_attempt_at,
    cast(null as timestamptz) as next_attempt_at,
    cast(null as text) as last_error,
    cast(null as text) as matched_company_id,
    cast(null as timestamptz) as created_at
where false
