"""Odoo's configuration file and the databases it serves or tests."""

import hashlib
import os
import re
import shutil
from pathlib import Path

from .bootstrap import venv_python, venv_site_packages
from .common import (
    CONFIG,
    DEMO_DB,
    LOCAL,
    REPO,
    SUITE_ADDONS,
    SetupError,
    Step,
    log_tail,
    odoo_src,
    run_logged,
    say,
)
from .postgres import pg_connect


def write_config(src):
    with Step(f"Odoo configuration ({CONFIG.relative_to(REPO)})"):
        LOCAL.mkdir(exist_ok=True)
        (LOCAL / "data").mkdir(exist_ok=True)
        master = LOCAL / "master_password"
        if not master.exists():
            master.write_text(hashlib.sha256(os.urandom(32)).hexdigest()[:24] + "\n")
            master.chmod(0o600)
        addons_path = [
            src / "addons",
            venv_site_packages() / "odoo" / "addons",
            REPO / "addons",
        ]
        lines = [
            "; Written by tools/suite.py on every run: edit config/odoo.conf.example",
            "; for servers of your own, not this file.",
            "[options]",
            "addons_path = " + ",".join(str(p) for p in addons_path),
            f"data_dir = {LOCAL / 'data'}",
            f"admin_passwd = {master.read_text().strip()}",
            "without_demo = all",
            "max_cron_threads = 1",
            "limit_time_real = 1200",
            "limit_time_cpu = 1200",
        ]
        for env_name, key in (
            ("PGHOST", "db_host"),
            ("PGPORT", "db_port"),
            ("PGUSER", "db_user"),
            ("PGPASSWORD", "db_password"),
        ):
            if os.environ.get(env_name):
                lines.append(f"{key} = {os.environ[env_name]}")
        CONFIG.write_text("\n".join(lines) + "\n")


def database_exists(name):
    conn = pg_connect()
    try:
        with conn.cursor() as cr:
            cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
            return bool(cr.fetchone())
    finally:
        conn.close()


def drop_database(name, data_dir=None):
    """Drop a database and its file store under data_dir (default:
    .local/data, the generated configuration's)."""
    conn = pg_connect()
    conn.autocommit = True
    try:
        with conn.cursor() as cr:
            cr.execute(
                # our own sessions only: PostgreSQL stops autovacuum itself
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid() "
                "AND usename = current_user",
                (name,),
            )
            cr.execute(f'DROP DATABASE IF EXISTS "{name}"')
    finally:
        conn.close()
    shutil.rmtree(
        Path(data_dir or LOCAL / "data") / "filestore" / name, ignore_errors=True
    )


def scenario_marker(name):
    """The scenario stamp in a database, None if it was never completed."""
    import psycopg2

    try:
        conn = pg_connect(name)
    except psycopg2.OperationalError:
        return None
    try:
        with conn.cursor() as cr:
            cr.execute(
                "SELECT value FROM ir_config_parameter WHERE key = %s",
                ("dist_scenario.generated",),
            )
            row = cr.fetchone()
            return row[0] if row else None
    except psycopg2.Error:
        return None
    finally:
        conn.close()


def odoo_cmd(*args):
    return [str(venv_python()), str(odoo_src() / "odoo-bin"), "-c", str(CONFIG)] + [
        str(a) for a in args
    ]


FINGERPRINT_KEY = "dist_suite.addons_fingerprint"


def addons_fingerprint():
    """A digest of the suite's addon sources (code, data, views): a reused
    database made from other sources is updated before it is served."""
    digest = hashlib.sha1()
    for name in SUITE_ADDONS:
        root = REPO / "addons" / name
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix in (".py", ".xml", ".csv", ".js"):
                digest.update(str(path.relative_to(root)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def stored_fingerprint(name):
    conn = pg_connect(name)
    try:
        with conn.cursor() as cr:
            cr.execute(
                "SELECT value FROM ir_config_parameter WHERE key = %s",
                (FINGERPRINT_KEY,),
            )
            row = cr.fetchone()
            return row[0] if row else None
    finally:
        conn.close()


def store_fingerprint(name, value):
    conn = pg_connect(name)
    try:
        with conn.cursor() as cr:
            cr.execute(
                "UPDATE ir_config_parameter SET value = %s WHERE key = %s",
                (value, FINGERPRINT_KEY),
            )
            if not cr.rowcount:
                cr.execute(
                    "INSERT INTO ir_config_parameter (key, value, create_date, "
                    "write_date) VALUES (%s, %s, now(), now())",
                    (FINGERPRINT_KEY, value),
                )
        conn.commit()
    finally:
        conn.close()


def update_addons(db, log_name):
    rc, log = run_logged(
        odoo_cmd(
            "-d",
            db,
            "-u",
            ",".join(SUITE_ADDONS),
            "--stop-after-init",
            "--no-http",
        ),
        log_name,
    )
    text = Path(log).read_text(errors="replace")
    if rc != 0 or re.search(r" (CRITICAL|ERROR) ", text):
        raise SetupError(
            f"Updating the suite's addons in '{db}' failed "
            f"(full log: {log}):\n{log_tail(log, 20)}\n"
            "make run RESET=1 rebuilds the demo database from scratch."
        )


def install_addons(db, log_name, extra=(), modules=SUITE_ADDONS):
    rc, log = run_logged(
        odoo_cmd(
            "-d",
            db,
            "-i",
            ",".join(modules),
            "--stop-after-init",
            "--no-http",
            *extra,
        ),
        log_name,
    )
    text = Path(log).read_text(errors="replace")
    if rc != 0 or re.search(r" (CRITICAL|ERROR) ", text):
        what = (
            "the suite's addons"
            if list(modules) == SUITE_ADDONS
            else ", ".join(modules)
        )
        raise SetupError(
            f"Installing {what} in '{db}' failed "
            f"(full log: {log}):\n{log_tail(log, 20)}"
        )


def build_scenario(db, scale, log_name):
    rc, log = run_logged(
        [
            venv_python(),
            "-m",
            "tools.scenario",
            "-c",
            CONFIG,
            "-d",
            db,
            "--scale",
            scale,
            "--check",
        ],
        log_name,
        cwd=REPO,
    )
    if rc != 0:
        raise SetupError(
            f"The demo scenario generator failed in '{db}' "
            f"(full log: {log}):\n{log_tail(log, 20)}"
        )
    summary = [
        line
        for line in Path(log).read_text().splitlines()
        if line.startswith("scenario:")
    ]
    for line in summary:
        say("    " + line)


def ensure_demo_database(reset, scale):
    db = DEMO_DB
    marker = scenario_marker(db) if database_exists(db) else None
    if reset and database_exists(db):
        with Step(f"Dropping database '{db}' (RESET=1)"):
            drop_database(db)
        marker = None
    elif database_exists(db) and marker is None:
        with Step(f"Dropping unfinished database '{db}' from an interrupted run"):
            drop_database(db)
    elif marker and not (LOCAL / "data" / "filestore" / db).is_dir():
        # made by another checkout: its attachments (web assets included)
        # live in that checkout's .local/data, so the UI would load broken
        with Step(
            f"Dropping database '{db}': its file store is not in this checkout "
            f"({LOCAL / 'data' / 'filestore' / db}), so it is rebuilt"
        ):
            drop_database(db)
        marker = None
    if marker:
        with Step(f"Database '{db}'") as step:
            step.note = f"reused: {marker}; make run RESET=1 rebuilds it"
            if not marker.startswith(f"scale {scale},"):
                step.note += f" (at scale '{scale}': make run RESET=1 SCALE={scale})"
        fingerprint = addons_fingerprint()
        if stored_fingerprint(db) != fingerprint:
            with Step(f"Updating the suite's addons in '{db}' (their sources changed)"):
                update_addons(db, "update-demo.log")
                store_fingerprint(db, fingerprint)
        return
    with Step(f"Creating database '{db}' with the suite's addons"):
        install_addons(db, "install-demo.log")
    with Step(f"Demo scenario at scale '{scale}' (deterministic, fixed seed)"):
        build_scenario(db, scale, "scenario-demo.log")
    store_fingerprint(db, addons_fingerprint())
