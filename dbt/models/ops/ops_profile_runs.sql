{{ config(post_hook=[
    "{{ revoke_if_role_exists('all', 'jobs_ui') }}",
    "{{ revoke_if_role_exists('all', 'jobs_bi') }}",
]) }}

-- One row per DAG run and profile in its scope: the profile's outcome of the whole run, which
-- pipeline_run_metrics' post-hook publishes to profile_preferences (last_run_*).
--   failed  - the run broke before the profile had data (a step before data failed), or its own
--             extraction failed or never ran;
--   partial - it got data, but a later step failed or did not run (for everyone, or just for this
--             profile, such as its digest), or some of its API calls errored;
--   success - everything ran.
{%- set steps_before_data = ['initialize_tables', 'extract_job_postings'] %}
{%- set before_data = "step in ('" ~ steps_before_data | join("', '") ~ "')" %}

with

profile_steps as (
    select * from {{ ref('ops_run_profile_steps') }}
),

per_profile as (
    select
        dag_run_id,
        profile_id,
        bool_or({{ before_data }} and step_status = 'failed') as failed_before_data,
        -- No extraction step in the DAG counts as an extraction that never ran.
        coalesce(max(run_status) filter (where step = 'extract_job_postings'), 'skipped') as extract_status,
        bool_or(not {{ before_data }} and step_status in ('failed', 'skipped')) as later_step_failed,
        bool_or(step <> 'extract_job_postings' and run_status = 'failed') as own_step_failed,
        coalesce(max(jobs_found) filter (where step = 'extract_job_postings'), 0) as jobs_found
    from profile_steps
    group by dag_run_id, profile_id
),

final as (
    select
        dag_run_id,
        profile_id,
        case
            when failed_before_data or extract_status in ('failed', 'skipped') then 'failed'
            when later_step_failed or own_step_failed or extract_status = 'partial' then 'partial'
            else 'success'
        end as profile_run_status,
        extract_status,
        jobs_found
    from per_profile
)

select * from final
