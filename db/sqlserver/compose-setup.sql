-- docker-compose.yml's `gold-db-setup` job, as sa: the database, the two SQL logins, then
-- roles.sql and the memberships. Runs before the workers' first migration: roles.sql grants on
-- SCHEMA::dbo, which covers the tables the migrations create later, and gps_writer needs those
-- rights to create them. Every step is idempotent (a restart of the job re-runs it; a changed
-- password is applied). sqlcmd fills $(GOLD_WRITER_PASSWORD) and $(GOLD_READER_PASSWORD) from
-- the environment; they are written inside N'…', so they must hold no quote (docs/operations.md,
-- "Docker Compose"). Not executed here: these machines have no SQL Server.

IF DB_ID(N'gold') IS NULL CREATE DATABASE gold;
GO

IF SUSER_ID(N'gps_writer') IS NULL
  CREATE LOGIN gps_writer WITH PASSWORD = N'$(GOLD_WRITER_PASSWORD)', DEFAULT_DATABASE = gold;
ELSE
  ALTER LOGIN gps_writer WITH PASSWORD = N'$(GOLD_WRITER_PASSWORD)';
IF SUSER_ID(N'gps_reader') IS NULL
  CREATE LOGIN gps_reader WITH PASSWORD = N'$(GOLD_READER_PASSWORD)', DEFAULT_DATABASE = gold;
ELSE
  ALTER LOGIN gps_reader WITH PASSWORD = N'$(GOLD_READER_PASSWORD)';
GO

USE gold;
GO

IF DATABASE_PRINCIPAL_ID(N'gps_writer') IS NULL CREATE USER gps_writer FOR LOGIN gps_writer;
IF DATABASE_PRINCIPAL_ID(N'gps_reader') IS NULL CREATE USER gps_reader FOR LOGIN gps_reader;
GO

:r /gps/sqlserver/roles.sql
GO

IF IS_ROLEMEMBER(N'gps_writer_role', N'gps_writer') = 0 ALTER ROLE gps_writer_role ADD MEMBER gps_writer;
IF IS_ROLEMEMBER(N'gps_reader_role', N'gps_reader') = 0 ALTER ROLE gps_reader_role ADD MEMBER gps_reader;
GO
