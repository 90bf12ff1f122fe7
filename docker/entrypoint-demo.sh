#!/bin/sh
# Entrypoint of the Odoo Distribution Suite's demo image (docker/Dockerfile,
# used by docker-compose.yml). It does what `make run` does on a machine of
# one's own (tools/suite.py):
#
#   first start   create the database dist_demo with the suite's addons,
#                 without demo data, then build the demo scenario in it
#                 (python3 -m tools.scenario, which stamps the database with
#                 the ir.config_parameter dist_scenario.generated);
#   every start   serve Odoo on that one database (--db-filter=^dist_demo$),
#                 log in as admin/admin.
#
# A database left without the stamp by an interrupted first start is dropped
# and built again. `docker compose down -v` removes the volumes, so the next
# `docker compose up` starts from scratch.
#
# Environment (the names the official odoo image uses):
#   HOST, PORT, USER, PASSWORD   PostgreSQL server and role; defaults db, 5432,
#                                odoo, odoo. PASSWORD_FILE: read the password
#                                from that file (Docker secrets).
#   DIST_SCALE                   scenario scale on first start (default small;
#                                see tools/scenario/presets.py)
# Values set in the configuration file ($ODOO_RC) win over the environment.
#
# Arguments starting with "-" are passed on to the serving odoo process
# (docker compose run odoo --dev=xml); any other command is run as it is, with
# the database settings exported as PGHOST etc. (docker compose run odoo bash).
set -eu

DEMO_DB=dist_demo
SUITE_ADDONS=dist_governance,dist_purchase_policy,dist_wms_rules,dist_helpdesk_cases,dist_finance_controls,dist_purchase_wms,dist_helpdesk_wms
SUITE_DIR=/opt/dist-suite
ODOO_RC=${ODOO_RC:-/etc/odoo/odoo.conf}
SCALE=${DIST_SCALE:-small}

say() {
    echo "entrypoint-demo: $*"
}

# The value of an [options] key in $ODOO_RC, empty when absent or False.
conf_value() {
    [ -r "$ODOO_RC" ] || return 0
    sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*//p" "$ODOO_RC" \
        | sed 's/[[:space:]]*$//' | tail -n 1 | grep -v -x -i -e false -e none || true
}

if [ -n "${PASSWORD_FILE:-}" ]; then
    PASSWORD=$(cat "$PASSWORD_FILE")
fi
DB_HOST=$(conf_value db_host)
DB_PORT=$(conf_value db_port)
DB_USER=$(conf_value db_user)
DB_PASSWORD=$(conf_value db_password)
DB_HOST=${DB_HOST:-${HOST:-${PGHOST:-db}}}
DB_PORT=${DB_PORT:-${PORT:-${PGPORT:-5432}}}
DB_USER=${DB_USER:-${USER:-${POSTGRES_USER:-${PGUSER:-odoo}}}}
DB_PASSWORD=${DB_PASSWORD:-${PASSWORD:-${POSTGRES_PASSWORD:-${PGPASSWORD:-odoo}}}}
DATA_DIR=$(conf_value data_dir)
DATA_DIR=${DATA_DIR:-/var/lib/odoo}

# For libpq clients that take no --db_* options: psql below, the scenario
# generator (it reads only -c and -d), and whatever command is run instead.
PGHOST=$DB_HOST
PGPORT=$DB_PORT
PGUSER=$DB_USER
PGPASSWORD=$DB_PASSWORD
export PGHOST PGPORT PGUSER PGPASSWORD

case "${1:-}" in
    "" | -*) ;;
    *) exec "$@" ;;
esac

# odoo with the configuration file and the database connection
odoo_db() {
    odoo -c "$ODOO_RC" \
        --db_host "$DB_HOST" --db_port "$DB_PORT" \
        --db_user "$DB_USER" --db_password "$DB_PASSWORD" \
        "$@"
}

# one value from PostgreSQL: sql DATABASE QUERY
sql() {
    psql -X -q -t -A -v ON_ERROR_STOP=1 -d "$1" -c "$2"
}

say "waiting for PostgreSQL at $DB_HOST:$DB_PORT (role $DB_USER)"
wait-for-psql.py --db_host "$DB_HOST" --db_port "$DB_PORT" \
    --db_user "$DB_USER" --db_password "$DB_PASSWORD" --timeout=60

exists=$(sql postgres "SELECT count(*) FROM pg_database WHERE datname = '$DEMO_DB'")
marker=""
if [ "$exists" != 0 ]; then
    # An error here stops the script: only a database that answers and lacks
    # the stamp counts as unfinished (and gets dropped below).
    has_params=$(sql "$DEMO_DB" "SELECT to_regclass('public.ir_config_parameter') IS NOT NULL")
    if [ "$has_params" = t ]; then
        marker=$(sql "$DEMO_DB" "SELECT value FROM ir_config_parameter WHERE key = 'dist_scenario.generated'")
    fi
fi

if [ -n "$marker" ]; then
    say "database $DEMO_DB reused: $marker"
else
    if [ "$exists" != 0 ]; then
        say "dropping database $DEMO_DB left unfinished by an interrupted first start"
        sql postgres "DROP DATABASE \"$DEMO_DB\""
    fi
    rm -rf "$DATA_DIR/filestore/$DEMO_DB"

    say "creating database $DEMO_DB with $SUITE_ADDONS (no demo data)"
    odoo_db -d "$DEMO_DB" -i "$SUITE_ADDONS" --without-demo=all \
        --stop-after-init --no-http
    installed=$(sql "$DEMO_DB" "SELECT count(*) FROM ir_module_module WHERE state = 'installed' AND name = ANY (string_to_array('$SUITE_ADDONS', ','))")
    wanted=$(echo "$SUITE_ADDONS" | tr ',' '\n' | wc -l)
    if [ "$installed" != "$wanted" ]; then
        say "ERROR: only $installed of the suite's $wanted addons got installed in $DEMO_DB (see the log above)" >&2
        exit 1
    fi

    say "building the demo scenario at scale '$SCALE' (deterministic, fixed seed)"
    (cd "$SUITE_DIR" && python3 -m tools.scenario -c "$ODOO_RC" -d "$DEMO_DB" --scale "$SCALE")
fi

say "serving $DEMO_DB: http://localhost:8069, log in as admin/admin"
exec odoo -c "$ODOO_RC" -d "$DEMO_DB" "--db-filter=^$DEMO_DB\$" \
    --db_host "$DB_HOST" --db_port "$DB_PORT" \
    --db_user "$DB_USER" --db_password "$DB_PASSWORD" \
    "$@"
