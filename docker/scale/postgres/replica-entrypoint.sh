#!/bin/bash
# Entrypoint of the read replica of docker-compose.scale.yml, on the official
# postgres image. First start (empty data directory): copy the primary with
# pg_basebackup, streaming the WAL of the copy (-X stream) and writing the
# standby settings (-R: standby.signal and primary_conninfo, with the
# replication slot the primary's init script created). Every start: the
# image's own entrypoint, which finds the data directory ready and runs
# postgres as a hot standby (read-only queries, kept current by streaming).
set -euo pipefail

: "${PRIMARY_HOST:=db-primary}"
: "${PRIMARY_PORT:=5432}"
: "${REPLICATION_USER:=replicator}"
: "${REPLICATION_SLOT:=replica1}"
: "${REPLICATION_PASSWORD:?set REPLICATION_PASSWORD}"

# The replication password, where libpq looks for it: the postgres user's
# ~/.pgpass (outside the data volume, so written at every start). Both
# pg_basebackup and the standby's WAL receiver read it; -R records it as the
# passfile of primary_conninfo. In .pgpass, ":" and "\" are escaped.
pgpass=/var/lib/postgresql/.pgpass
escaped=$(printf '%s' "$REPLICATION_PASSWORD" | sed 's/[\\:]/\\&/g')
printf '%s:%s:replication:%s:%s\n' "$PRIMARY_HOST" "$PRIMARY_PORT" "$REPLICATION_USER" "$escaped" > "$pgpass"
chown postgres:postgres "$pgpass"
chmod 0600 "$pgpass"

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    echo "replica: waiting for the primary at $PRIMARY_HOST:$PRIMARY_PORT"
    until pg_isready -q -h "$PRIMARY_HOST" -p "$PRIMARY_PORT"; do
        sleep 2
    done
    echo "replica: copying the primary (pg_basebackup)"
    mkdir -p "$PGDATA"
    chown postgres:postgres "$PGDATA"
    chmod 0700 "$PGDATA"
    gosu postgres pg_basebackup \
        --host="$PRIMARY_HOST" --port="$PRIMARY_PORT" --username="$REPLICATION_USER" \
        --pgdata="$PGDATA" --wal-method=stream --write-recovery-conf \
        --slot="$REPLICATION_SLOT" --checkpoint=fast --no-password
fi

exec docker-entrypoint.sh "$@"
