{{
    config(
        alias='quarantine',
        unique_key='quarantine_id',
        post_hook=[
            "{{ ensure_identity('quarantine_id') }}",
            "alter table {{ this }} alter column received_at set default now()",
        ],
    )
}}

-- Records the loaders could not accept, with the reason: only identity (job_id, title, employer)
-- and shape failures, never type noise on optional fields. raw_text is the received text cut at
-- 64 KiB; raw_text_length is the full length (characters), so a cut copy is recognisable.
select
    cast(null as bigint) as quarantine_id,
    cast(null as text) as load_id,
    cast(null as text) as dwh_source_system,
    cast(null as text) as resource_name,
    cast(null as bigint) as profile_id,
    cast(null as text) as company_lookup_key,
    cast(null as text) as reason,
    cast(null as text) as raw_text,
    cast(null as bigint) as raw_text_length,
    cast(null as timestamptz) as received_at
where false
