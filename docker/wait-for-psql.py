#!/usr/bin/env python3
"""Wait until PostgreSQL accepts a connection (docker/entrypoint-demo.sh).

    wait-for-psql.py --db_host db --db_port 5432 --db_user odoo \
        --db_password odoo [--timeout 60]

Exits 0 once a connection to the `postgres` database succeeds, 1 when the
timeout passes first (the last error is printed).
"""

import argparse
import sys
import time

import psycopg2


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db_host", required=True)
    parser.add_argument("--db_port", default="5432")
    parser.add_argument("--db_user", required=True)
    parser.add_argument("--db_password", default="")
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    deadline = time.monotonic() + args.timeout
    error = None
    while time.monotonic() < deadline:
        try:
            psycopg2.connect(
                host=args.db_host,
                port=args.db_port,
                user=args.db_user,
                password=args.db_password,
                dbname="postgres",
                connect_timeout=5,
            ).close()
            return 0
        except psycopg2.OperationalError as exc:
            error = exc
            time.sleep(1)
    print(
        f"PostgreSQL not reachable after {args.timeout:.0f}s: {error}", file=sys.stderr
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
