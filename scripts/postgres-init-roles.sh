#!/bin/sh
# Run by the postgres image on its first start (mounted into /docker-entrypoint-initdb.d by
# docker-compose.yml): creates the portal's owner role (glab_owner, runs the migrations) and its
# application role (glab_app, what web, worker and beat connect as) with docs/db-roles.sql,
# mounted at /glab/db-roles.sql. For a database that already exists, run the same file by hand
# (docs/deployment.md, "Database roles").
set -eu
psql -X -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v owner=glab_owner -v owner_password="$DB_OWNER_PASSWORD" \
    -v app=glab_app -v app_password="$DB_APP_PASSWORD" \
    -f /glab/db-roles.sql
