-- The two database roles of a Tomoni deploy (README, "Deploy"). Run once, as a PostgreSQL superuser:
--   psql -h db.internal -U postgres -v owner_password="'…'" -v app_password="'…'" -f deploy/postgres_roles.sql
--
-- tomoni_owner owns the database and its tables: only `manage.py migrate` connects as it.
-- tomoni_app is the role the application (gunicorn, celery) connects as. It reads and writes rows but owns no
-- table, so it cannot drop or disable the triggers that keep the capital ledger, the ballots and the audit log
-- append-only, cannot TRUNCATE them (no TRUNCATE privilege, and their TRUNCATE triggers refuse any role but the
-- owner), and cannot change the schema.

CREATE ROLE tomoni_owner LOGIN PASSWORD :owner_password;
CREATE ROLE tomoni_app LOGIN PASSWORD :app_password;
CREATE DATABASE tomoni OWNER tomoni_owner ENCODING 'UTF8' TEMPLATE template0;

\connect tomoni
REVOKE ALL ON DATABASE tomoni FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE tomoni TO tomoni_app;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
ALTER SCHEMA public OWNER TO tomoni_owner;
GRANT USAGE ON SCHEMA public TO tomoni_app;

-- Tables and sequences that tomoni_owner creates from now on (every migration): rows, never the schema.
ALTER DEFAULT PRIVILEGES FOR ROLE tomoni_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO tomoni_app;
ALTER DEFAULT PRIVILEGES FOR ROLE tomoni_owner IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO tomoni_app;
-- Tables already there (when the roles are added to an existing database owned by tomoni_owner).
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO tomoni_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO tomoni_app;
