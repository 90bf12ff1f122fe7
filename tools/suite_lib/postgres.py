"""A PostgreSQL server that answers and a role that may create databases."""

import os
import shutil
import subprocess
import time
from pathlib import Path

from .common import SetupError, Step, say


def pg_connect(dbname="postgres"):
    import psycopg2

    return psycopg2.connect(dbname=dbname, connect_timeout=5)


def pg_probe():
    """(state, message): state is ok, down, auth, norole or nocreatedb."""
    import psycopg2

    try:
        conn = pg_connect()
    except psycopg2.OperationalError as exc:
        msg = str(exc).strip()
        if "role" in msg and "does not exist" in msg:
            return "norole", msg
        if "authentication failed" in msg or "no password supplied" in msg:
            return "auth", msg
        return "down", msg
    try:
        with conn.cursor() as cr:
            cr.execute(
                "SELECT rolcreatedb OR rolsuper FROM pg_roles "
                "WHERE rolname = current_user"
            )
            row = cr.fetchone()
    finally:
        conn.close()
    if not row or not row[0]:
        return "nocreatedb", "the role may not create databases"
    return "ok", None


def pg_user():
    import getpass

    return os.environ.get("PGUSER") or getpass.getuser()


def debian_clusters():
    """[(version, name, port, status)] from pg_lsclusters, [] if not Debian."""
    if not shutil.which("pg_lsclusters"):
        return []
    out = subprocess.run(
        ["pg_lsclusters", "--no-header"], capture_output=True, text=True
    ).stdout
    clusters = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 4:
            clusters.append((parts[0], parts[1], parts[2], parts[3]))
    return clusters


def as_postgres(cmd):
    """Run a command as the postgres OS user (root: runuser; else sudo -n)."""
    if os.geteuid() == 0:
        runner = ["runuser", "-u", "postgres", "--"]
    elif shutil.which("sudo"):
        runner = ["sudo", "-n", "-u", "postgres", "--"]
    else:
        return 1, "neither root nor sudo"
    proc = subprocess.run(runner + cmd, capture_output=True, text=True)
    return proc.returncode, (proc.stdout + proc.stderr).strip()


def privileged(cmd):
    if os.geteuid() == 0:
        full = cmd
    elif shutil.which("sudo"):
        full = ["sudo", "-n"] + cmd
    else:
        return 1, "neither root nor sudo"
    proc = subprocess.run(full, capture_output=True, text=True)
    return proc.returncode, (proc.stdout + proc.stderr).strip()


def _is_remote_host():
    host = os.environ.get("PGHOST", "").strip()
    return (
        bool(host)
        and not host.startswith("/")
        and host
        not in (
            "localhost",
            "127.0.0.1",
            "::1",
        )
    )


def _where():
    return (
        f"{os.environ.get('PGHOST', 'local socket')}:{os.environ.get('PGPORT', '5432')}"
    )


def _create_debian_cluster():
    """No cluster yet: create one with the newest installed PostgreSQL."""
    if not shutil.which("pg_ctlcluster") and not shutil.which("initdb"):
        raise SetupError(
            f"PostgreSQL is not installed, and no server answers at {_where()}.\n"
            "Install it (Debian/Ubuntu: apt install postgresql), or set "
            "PGHOST/PGPORT to a running server where your role has CREATEDB."
        )
    version = next(
        (
            v
            for v in ("17", "16", "15", "14", "13")
            if Path(f"/usr/lib/postgresql/{v}/bin/initdb").exists()
        ),
        None,
    )
    if not version or not shutil.which("pg_createcluster"):
        raise SetupError(
            "PostgreSQL is installed but has no cluster, and no server answers "
            f"at {_where()}.\nCreate and start one (Debian: sudo "
            "pg_createcluster 15 main --start) or set PGHOST/PGPORT."
        )
    say(f"    creating PostgreSQL {version} cluster 'main'")
    rc, out = privileged(["pg_createcluster", version, "main"])
    if rc != 0:
        raise SetupError(
            "No PostgreSQL cluster exists and creating one needs root:\n"
            f"    {out}\nRun: sudo pg_createcluster {version} main --start"
        )
    return debian_clusters()


def _start_local_server():
    """Start the local Debian cluster (creating it if needed); return probe."""
    if _is_remote_host():
        _state, msg = pg_probe()
        raise SetupError(
            f"PGHOST/PGPORT point at {_where()}, which does not answer:\n"
            f"    {msg}\nStart that server or unset PGHOST/PGPORT to use the "
            "local cluster."
        )
    clusters = debian_clusters() or _create_debian_cluster()
    want_port = os.environ.get("PGPORT", "5432")
    clusters.sort(key=lambda c: (c[2] != want_port, -float(c[0])))
    version, name, port, status = clusters[0]
    if status != "online":
        say(f"    starting PostgreSQL {version}/{name} on port {port}")
        rc, out = privileged(["pg_ctlcluster", version, name, "start"])
        if rc != 0:
            raise SetupError(
                f"PostgreSQL {version}/{name} is installed but stopped, and "
                f"starting it failed:\n    {out}\nStart it yourself (sudo "
                f"pg_ctlcluster {version} {name} start) or set PGHOST/PGPORT "
                "to a running server."
            )
    os.environ["PGPORT"] = port
    state, msg = "down", ""
    for _ in range(50):
        state, msg = pg_probe()
        if state != "down":
            break
        time.sleep(0.2)
    if state == "down":
        raise SetupError(
            f"PostgreSQL {version}/{name} was started but does not answer on "
            f"port {port}:\n    {msg}"
        )
    return state, msg


def _grant_role(user, state):
    """Create the login role or give it CREATEDB, as the postgres user."""
    port = os.environ.get("PGPORT", "5432")
    if state == "norole":
        say(f"    creating login role '{user}' with CREATEDB")
        sql = f'CREATE ROLE "{user}" LOGIN CREATEDB'
    else:
        say(f"    giving role '{user}' CREATEDB")
        sql = f'ALTER ROLE "{user}" CREATEDB'
    rc, out = as_postgres(["psql", "-p", port, "-v", "ON_ERROR_STOP=1", "-c", sql])
    if rc != 0:
        raise SetupError(
            f"PostgreSQL answers but role '{user}' cannot create databases, and "
            f"fixing that as the postgres user failed:\n    {out}\n"
            f"Run: sudo -u postgres psql -c '{sql}' (or set PGUSER/PGPASSWORD "
            "to a role that has CREATEDB)."
        )
    return pg_probe()


def ensure_postgres():
    with Step("PostgreSQL server and role") as step:
        user = pg_user()
        if user == "postgres":
            raise SetupError(
                "Odoo refuses to use the 'postgres' database role. Run as "
                "another OS user, or set PGUSER to a role with CREATEDB."
            )
        state, msg = pg_probe()
        if state == "ok":
            step.note = f"server at {_where()} answers, role {user}"
            return
        if state == "auth":
            raise SetupError(
                f"PostgreSQL at {_where()} answers but refuses role '{user}':\n"
                f"    {msg.splitlines()[-1]}\nSet PGPASSWORD (or PGUSER) to a "
                "login that works, or use a local cluster reached by its socket."
            )
        if state == "down":
            state, msg = _start_local_server()
        if state in ("norole", "nocreatedb"):
            state, msg = _grant_role(user, state)
        if state != "ok":
            raise SetupError(
                f"PostgreSQL answers but role '{user}' cannot be used: {msg}."
            )
        step.note = f"port {os.environ.get('PGPORT', '5432')}, role {user}"
