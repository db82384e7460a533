-- Azure SQL / SQL Server: the pipeline writes, the API only reads, enforced by the database.
-- Run once per database as its administrator, before the workers' first start: the grants are on
-- SCHEMA::dbo, so they cover the tables the migrations create later, and the writer needs them to
-- create those tables at all. Users are created from Entra ID identities (managed identities of
-- the worker and the API) so no password is stored; docker-compose.yml uses SQL logins instead
-- (db/sqlserver/compose-setup.sql, which includes this file).
-- Not executed in CI: these machines have no SQL Server (see docs/operations.md, "SQL Server / Azure SQL").

IF DATABASE_PRINCIPAL_ID('gps_writer_role') IS NULL CREATE ROLE gps_writer_role;
IF DATABASE_PRINCIPAL_ID('gps_reader_role') IS NULL CREATE ROLE gps_reader_role;

-- Writer: create and change gold objects (knex migrations) and their rows.
GRANT CREATE TABLE TO gps_writer_role;
GRANT ALTER, SELECT, INSERT, UPDATE, DELETE, REFERENCES ON SCHEMA::dbo TO gps_writer_role;

-- Reader: SELECT on every table of the schema, now and future; nothing else.
GRANT SELECT ON SCHEMA::dbo TO gps_reader_role;
DENY INSERT, UPDATE, DELETE, ALTER ON SCHEMA::dbo TO gps_reader_role;

-- Bind the identities (replace with the managed identities' names):
-- CREATE USER [gps-worker-identity] FROM EXTERNAL PROVIDER; ALTER ROLE gps_writer_role ADD MEMBER [gps-worker-identity];
-- CREATE USER [gps-api-identity] FROM EXTERNAL PROVIDER;    ALTER ROLE gps_reader_role ADD MEMBER [gps-api-identity];
