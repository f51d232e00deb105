{{ config(alias='dwh_load_archives', unique_key='load_id') }}

-- One row per finished load once its archive object was attempted: 'archived' rows are done,
-- 'failed' rows are retried by the next loader run from the load's rows in raw.
select
    cast(null as text) as load_id,
    cast(null as text) as archive_status,
    cast(null as text) as object_url,
    cast(null as integer) as row_count,
    cast(null as bigint) as object_bytes,
    cast(null as text) as sha256,
    cast(null as integer) as attempts,
    cast(null as text) as error_message,
    cast(null as timestamptz) as archived_at
where false
