#!/bin/bash
# First start of the PostgreSQL primary of docker-compose.scale.yml (run once
# by the postgres image's entrypoint from /docker-entrypoint-initdb.d/, on an
# empty data directory): the role the read replica streams with, its
# physical replication slot, and the pg_hba.conf line that lets it connect.
set -euo pipefail

: "${REPLICATION_USER:=replicator}"
: "${REPLICATION_SLOT:=replica1}"
: "${REPLICATION_PASSWORD:?set REPLICATION_PASSWORD}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v repl_user="$REPLICATION_USER" -v repl_password="$REPLICATION_PASSWORD" \
    -v repl_slot="$REPLICATION_SLOT" <<'SQL'
CREATE ROLE :"repl_user" WITH REPLICATION LOGIN PASSWORD :'repl_password';
-- the slot keeps the WAL the replica has not received yet (also while it is
-- down: watch pg_replication_slots, docs/operations.md)
SELECT pg_create_physical_replication_slot(:'repl_slot');
SQL

# the replication pseudo-database is not matched by "all": a line of its own
echo "host replication $REPLICATION_USER all scram-sha-256" >> "$PGDATA/pg_hba.conf"
