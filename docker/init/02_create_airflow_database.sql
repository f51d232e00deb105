-- Compose only: Airflow's metadata database lives on the same PostgreSQL server as the warehouse,
-- in its own database so the two never share tables. Runs once, on the server's first start.
select 'create database airflow'
where not exists (select from pg_database where datname = 'airflow')
\gexec
