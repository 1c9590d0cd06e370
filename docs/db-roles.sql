-- The portal's two database roles (docs/deployment.md, "Database roles"). Run once per
-- database as a superuser, connected to the portal's database; idempotent (safe to run again,
-- e.g. to change a password or to convert an existing database):
--
--   psql -v ON_ERROR_STOP=1 -d glab \
--        -v owner=glab_owner -v owner_password="$DB_OWNER_PASSWORD" \
--        -v app=glab_app -v app_password="$DB_APP_PASSWORD" -f docs/db-roles.sql
--
-- owner: owns the database, its schema and every table; runs `manage.py migrate` (the one-shot
--        migration step, MIGRATE_DATABASE_URL). Not a superuser.
-- app:   what web, worker and beat connect as (DATABASE_URL). Owns nothing, so it can never
--        `ALTER TABLE ... DISABLE TRIGGER` the ledger's append-only trigger; its privileges on
--        the tables are granted by the owner (`manage.py db_roles`, run by every migrate when
--        DB_APP_ROLE is set): read and write everywhere, only SELECT and INSERT on the ledger.

\set ON_ERROR_STOP on

SELECT format('CREATE ROLE %I', :'owner')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'owner') \gexec
SELECT format('CREATE ROLE %I', :'app')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'app') \gexec
SELECT format('ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD %L',
              :'owner', :'owner_password') \gexec
SELECT format('ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD %L',
              :'app', :'app_password') \gexec
-- The application role must not act as the owner.
SELECT format('REVOKE %I FROM %I', :'owner', :'app')
 WHERE pg_has_role(:'app', :'owner', 'MEMBER') \gexec

-- The owner owns the database and its schema (CREATE EXTENSION pg_trgm, a trusted extension,
-- then needs no superuser); nobody else may create objects in it.
SELECT format('ALTER DATABASE %I OWNER TO %I', current_database(), :'owner') \gexec
ALTER SCHEMA public OWNER TO :"owner";
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SELECT format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO %I', current_database(), :'app') \gexec
GRANT USAGE ON SCHEMA public TO :"app";

-- An existing database (migrated as another role): hand every table, sequence, view and
-- function of the schema to the owner (a table's own sequences follow it). A no-op on a new one.
SELECT format('ALTER TABLE %I.%I OWNER TO %I', schemaname, tablename, :'owner')
  FROM pg_tables WHERE schemaname = 'public' AND tableowner <> :'owner' \gexec
SELECT format('ALTER SEQUENCE %I.%I OWNER TO %I', schemaname, sequencename, :'owner')
  FROM pg_sequences WHERE schemaname = 'public' AND sequenceowner <> :'owner' \gexec
SELECT format('ALTER VIEW %I.%I OWNER TO %I', schemaname, viewname, :'owner')
  FROM pg_views WHERE schemaname = 'public' AND viewowner <> :'owner' \gexec
SELECT format('ALTER ROUTINE %s OWNER TO %I', p.oid::regprocedure, :'owner')
  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = 'public' AND p.proowner <> (SELECT oid FROM pg_roles WHERE rolname = :'owner')
   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = p.oid AND d.deptype = 'e') \gexec
