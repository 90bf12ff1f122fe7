#!/usr/bin/env python3
"""Set up, serve and test the Odoo Distribution Suite.

This is the engine behind the README's two commands:

    make run    ->  suite.py run     set up what is missing, build the demo
                                     database once, serve http://localhost:8069
    make test   ->  suite.py test    set up what is missing, lint, install the
                                     four addons with their tests in a throwaway
                                     database, run the top-level tests/

It starts with the standard library only (any Python 3.8+), creates `.venv`
with Python 3.11 or 3.12, then re-executes itself inside that virtualenv so
the later steps can use psycopg2 and Odoo.

Every step prints what it does and how long it took. A broken environment
ends with one message saying what to do (exit status 2), not a traceback.
"""

import argparse
import hashlib
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
VENV = REPO / ".venv"
LOCAL = REPO / ".local"
LOGS = LOCAL / "logs"
CONFIG = LOCAL / "odoo.conf"
SUITE_ADDONS = [
    "dist_governance",
    "dist_purchase_policy",
    "dist_wms_rules",
    "dist_helpdesk_cases",
]
DEMO_DB = "dist_demo"
# ODOO_GIT_URL may point at a mirror
ODOO_GIT_URL = os.environ.get("ODOO_GIT_URL", "https://github.com/odoo/odoo.git")
ODOO_BRANCH = "18.0"
SUPPORTED_PYTHONS = ("3.11", "3.12")
IN_VENV_FLAG = "DIST_SUITE_IN_VENV"


class SetupError(Exception):
    """A problem of the environment, reported as one clear message."""


# --------------------------------------------------------------------------
# Output helpers
# --------------------------------------------------------------------------


def say(msg=""):
    print(msg, flush=True)


class Step:
    """Context manager printing `==> what` and `    done in Xs`."""

    def __init__(self, what):
        self.what = what
        self.note = ""

    def __enter__(self):
        self.t0 = time.monotonic()
        say(f"==> {self.what}")
        return self

    def __exit__(self, exc_type, exc, tb):
        took = time.monotonic() - self.t0
        if exc_type is None:
            note = f" ({self.note})" if self.note else ""
            say(f"    done in {took:.1f}s{note}")
        else:
            say(f"    failed after {took:.1f}s")
        return False


def log_tail(path, lines=25):
    try:
        content = Path(path).read_text(errors="replace").splitlines()
    except OSError:
        return ""
    return "\n".join("    | " + line for line in content[-lines:])


def run_logged(cmd, log_name, env=None, cwd=None):
    """Run a command with its output in .local/logs/<log_name>; return rc."""
    LOGS.mkdir(parents=True, exist_ok=True)
    log_path = LOGS / log_name
    with open(log_path, "w") as log:
        log.write("$ " + " ".join(shlex.quote(str(c)) for c in cmd) + "\n")
        log.flush()
        proc = subprocess.run(
            [str(c) for c in cmd],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=cwd,
        )
    return proc.returncode, log_path


def default_odoo_src():
    cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(
        os.path.expanduser("~"), ".cache"
    )
    return Path(cache) / "odoo-src" / ODOO_BRANCH


def odoo_src():
    return Path(os.environ.get("ODOO_SRC") or default_odoo_src())


# --------------------------------------------------------------------------
# Stage 1 (system Python): Odoo source and the virtualenv
# --------------------------------------------------------------------------


def check_odoo_tree(path):
    """Return None when `path` holds Odoo 18.0, else what is wrong."""
    release = path / "odoo" / "release.py"
    if not (path / "odoo-bin").is_file() or not release.is_file():
        return f"no Odoo source at {path}"
    if not re.search(r"^version_info = \(18, 0,", release.read_text(), re.MULTILINE):
        return f"{path} holds an Odoo that is not 18.0"
    return None


def ensure_odoo_source():
    src = odoo_src()
    with Step(f"Odoo {ODOO_BRANCH} Community source ({src})") as step:
        problem = check_odoo_tree(src)
        if problem is None:
            step.note = "found"
            return src
        explicit = bool(os.environ.get("ODOO_SRC"))
        if explicit or src.exists():
            raise SetupError(
                f"{problem}.\n"
                f"Point ODOO_SRC at an Odoo {ODOO_BRANCH} Community checkout "
                f"(the directory holding odoo-bin), or remove {src} so that "
                f"set-up can clone {ODOO_GIT_URL} (branch {ODOO_BRANCH}) there."
            )
        if not shutil.which("git"):
            raise SetupError(
                f"{problem}, and git is not installed to clone it.\n"
                f"Install git, or put an Odoo {ODOO_BRANCH} Community checkout "
                f"at {src} (or anywhere, and set ODOO_SRC to it)."
            )
        say(f"    cloning {ODOO_GIT_URL} branch {ODOO_BRANCH} (shallow, ~1 GB)")
        tmp = src.with_name(src.name + ".partial")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.parent.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ, GIT_TERMINAL_PROMPT="0")
        rc, log = run_logged(
            [
                "git",
                "clone",
                "--depth=1",
                "--single-branch",
                f"--branch={ODOO_BRANCH}",
                ODOO_GIT_URL,
                tmp,
            ],
            "odoo-clone.log",
            env=env,
        )
        if rc != 0 or check_odoo_tree(tmp) is not None:
            shutil.rmtree(tmp, ignore_errors=True)
            raise SetupError(
                f"{problem}, and cloning {ODOO_GIT_URL} (branch {ODOO_BRANCH}) "
                f"failed (no network?):\n{log_tail(log, 3)}\n"
                f"Put an Odoo {ODOO_BRANCH} Community checkout at {src}, or set "
                f"ODOO_SRC=/path/to/odoo (the directory holding odoo-bin), "
                f"then run the command again."
            )
        tmp.rename(src)
        step.note = "cloned"
        return src


def find_python():
    """The interpreter for .venv: $PYTHON, else python3.11, python3.12, python3."""
    candidates = [os.environ.get("PYTHON")] if os.environ.get("PYTHON") else []
    candidates += ["python3.11", "python3.12", "python3"]
    seen = []
    for cand in candidates:
        exe = shutil.which(cand)
        if not exe:
            continue
        try:
            out = subprocess.run(
                [
                    exe,
                    "-c",
                    "import sys, venv; print('%d.%d' % sys.version_info[:2])",
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
        except (subprocess.CalledProcessError, OSError):
            continue
        seen.append(f"{cand} ({out})")
        if out in SUPPORTED_PYTHONS:
            return exe, out
    raise SetupError(
        "Odoo 18 and the pinned requirements need Python 3.11 or 3.12 "
        "with the venv module; found "
        + (", ".join(seen) or "no python3 at all")
        + ".\nInstall python3.11 (Debian/Ubuntu: apt install python3.11 "
        "python3.11-venv python3.11-dev) or set PYTHON=/path/to/python3.11."
    )


def venv_python():
    return VENV / "bin" / "python"


def venv_site_packages():
    out = subprocess.run(
        [
            str(venv_python()),
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['purelib'])",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    return Path(out)


def requirements_stamp(pyver):
    digest = hashlib.sha256()
    for name in ("requirements.txt", "oca-addons.txt"):
        digest.update((REPO / name).read_bytes())
    digest.update(pyver.encode())
    return digest.hexdigest()


def ensure_venv(src):
    with Step("Python virtualenv (.venv) with requirements.txt and OCA addons") as step:
        exe, pyver = find_python()
        stamp_file = VENV / ".dist-suite-stamp"
        stamp = requirements_stamp(pyver)
        healthy = venv_python().exists() and (
            stamp_file.exists() and stamp_file.read_text().strip() == stamp
        )
        if not healthy:
            if not venv_python().exists():
                say(f"    creating .venv with Python {pyver}")
                rc, log = run_logged([exe, "-m", "venv", VENV], "venv.log")
                if rc != 0:
                    raise SetupError(
                        f"Could not create {VENV} with {exe}:\n{log_tail(log)}\n"
                        "On Debian/Ubuntu: apt install python3.11-venv"
                    )
            pip = [venv_python(), "-m", "pip", "--disable-pip-version-check"]
            say("    installing requirements.txt (first time takes a minute or two)")
            rc, log = run_logged(
                pip + ["install", "-r", REPO / "requirements.txt"], "pip.log"
            )
            if rc != 0:
                hint = ""
                if "pg_config" in Path(log).read_text(errors="replace"):
                    hint = (
                        "\npsycopg2 needs the PostgreSQL client headers: "
                        "apt install libpq-dev (Debian/Ubuntu)."
                    )
                raise SetupError(
                    f"pip could not install requirements.txt "
                    f"(full log: {log}):\n{log_tail(log, 12)}{hint}"
                )
            say("    installing the OCA addons pinned in oca-addons.txt (--no-deps)")
            rc, log = run_logged(
                pip + ["install", "--no-deps", "-r", REPO / "oca-addons.txt"],
                "pip-oca.log",
            )
            if rc != 0:
                raise SetupError(
                    f"pip could not install the OCA addons "
                    f"(full log: {log}):\n{log_tail(log, 12)}"
                )
            stamp_file.write_text(stamp + "\n")
            step.note = f"installed, Python {pyver}"
        else:
            step.note = f"up to date, Python {pyver}"
        # `import odoo` from the virtualenv (pytest-odoo, the scenario
        # generator): a .pth file pointing at the source, rewritten every time
        # in case ODOO_SRC moved.
        (venv_site_packages() / "dist-suite-odoo-src.pth").write_text(f"{src}\n")


def reexec_in_venv(argv):
    env = dict(os.environ, **{IN_VENV_FLAG: "1"})
    env["ODOO_SRC"] = str(odoo_src())
    os.execve(str(venv_python()), [str(venv_python()), str(Path(__file__))] + argv, env)


# --------------------------------------------------------------------------
# Stage 2 (inside .venv): PostgreSQL, configuration, databases
# --------------------------------------------------------------------------


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


def drop_database(name):
    conn = pg_connect()
    conn.autocommit = True
    try:
        with conn.cursor() as cr:
            cr.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                (name,),
            )
            cr.execute(f'DROP DATABASE IF EXISTS "{name}"')
    finally:
        conn.close()
    shutil.rmtree(LOCAL / "data" / "filestore" / name, ignore_errors=True)


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


def install_addons(db, log_name, extra=()):
    rc, log = run_logged(
        odoo_cmd(
            "-d",
            db,
            "-i",
            ",".join(SUITE_ADDONS),
            "--stop-after-init",
            "--no-http",
            *extra,
        ),
        log_name,
    )
    text = Path(log).read_text(errors="replace")
    if rc != 0 or re.search(r" (CRITICAL|ERROR) ", text):
        raise SetupError(
            f"Installing the suite's addons in '{db}' failed "
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
    if marker:
        with Step(f"Database '{db}'") as step:
            step.note = f"reused: {marker}; make run RESET=1 rebuilds it"
            if not marker.startswith(f"scale {scale},"):
                step.note += f" (at scale '{scale}': make run RESET=1 SCALE={scale})"
        return
    with Step(f"Creating database '{db}' with the four addons"):
        install_addons(db, "install-demo.log")
    with Step(f"Demo scenario at scale '{scale}' (deterministic, fixed seed)"):
        build_scenario(db, scale, "scenario-demo.log")


def port_in_use(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("0.0.0.0", port))
        except OSError:
            return True
    return False


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def who_listens(port):
    if not shutil.which("ss"):
        return ""
    out = subprocess.run(
        ["ss", "-ltnpH", f"sport = :{port}"], capture_output=True, text=True
    ).stdout
    match = re.search(r'users:\(\("([^"]+)",pid=(\d+)', out)
    return f" by {match.group(1)} (pid {match.group(2)})" if match else ""


ROLE_HINT = (
    "admin/admin, or a role user whose password is its login: buyer_import, "
    "purchasing_manager_import, warehouse_operator_domestic, "
    "warehouse_manager_domestic, service_agent_aftersales, "
    "service_manager_aftersales, process_owner_domestic, "
    "governance_controller_import, executive_group (see docs/roles/)"
)


def _stop(proc, first_signal):
    """Let Odoo shut down gracefully; force it only if it hangs."""
    if proc.poll() is None:
        proc.send_signal(first_signal)
    try:
        return proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.wait()


def serve(db, port):
    cmd = odoo_cmd("-d", db, f"--db-filter=^{db}$", f"--http-port={port}")
    say(f"==> Serving '{db}' at http://localhost:{port}")
    # Started from a background job, SIGINT may arrive ignored: restore it,
    # and pass SIGTERM on, so stopping this process always stops Odoo.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    proc = subprocess.Popen(cmd)
    # only forward: the wait below returns once Odoo has stopped
    signal.signal(signal.SIGTERM, lambda sig, _frame: proc.send_signal(sig))
    t0 = time.monotonic()
    url = f"http://127.0.0.1:{port}/web/login"
    ready = False
    while proc.poll() is None and time.monotonic() - t0 < 180:
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                if resp.status == 200:
                    ready = True
                    break
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    if ready:
        say(
            f"==> Ready after {time.monotonic() - t0:.1f}s: "
            f"http://localhost:{port} - log in as {ROLE_HINT}. Ctrl-C stops."
        )
    try:
        return proc.wait()
    except KeyboardInterrupt:
        # Ctrl-C in a terminal reaches Odoo too; give it a moment to stop on
        # its own before asking (a second SIGINT would force it).
        try:
            return proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            return _stop(proc, signal.SIGINT)


# --------------------------------------------------------------------------
# Lint and tests
# --------------------------------------------------------------------------


def lint():
    """ruff, ruff-format --check and pylint-odoo's mandatory checks."""
    bin_dir = VENV / "bin"
    targets = ["addons", "tools", "tests", "bench"]
    checks = [
        ("ruff check", [bin_dir / "ruff", "check", "--no-fix", *targets]),
        ("ruff format --check", [bin_dir / "ruff", "format", "--check", *targets]),
        (
            "pylint-odoo (mandatory checks)",
            [
                bin_dir / "pylint",
                "--rcfile",
                REPO / ".pylintrc-mandatory",
                *sorted(str(p) for p in (REPO / "addons").iterdir() if p.is_dir()),
            ],
        ),
    ]
    failed = []
    with Step("Lint: " + ", ".join(name for name, _ in checks)) as step:
        for name, cmd in checks:
            log_name = "lint-" + re.sub(r"\W+", "-", name).strip("-") + ".log"
            rc, log = run_logged(cmd, log_name, cwd=REPO)
            if rc != 0:
                failed.append(name)
                say(f"    {name}: FAILED")
                say(log_tail(log, 40))
        step.note = "clean" if not failed else "failed: " + ", ".join(failed)
    return failed


def ensure_chromium():
    with Step("Chromium for browser tours") as step:
        for exe in ("chromium", "chromium-browser", "google-chrome"):
            if shutil.which(exe):
                step.note = f"found {shutil.which(exe)}"
                return True
        if os.geteuid() == 0 and shutil.which("apt-get"):
            say("    installing Debian's chromium (apt-get)")
            env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
            rc, log = run_logged(
                ["apt-get", "install", "-y", "--no-install-recommends", "chromium"],
                "apt-chromium.log",
                env=env,
            )
            if rc != 0:
                run_logged(["apt-get", "update"], "apt-update.log", env=env)
                rc, log = run_logged(
                    ["apt-get", "install", "-y", "--no-install-recommends", "chromium"],
                    "apt-chromium.log",
                    env=env,
                )
            if rc == 0 and shutil.which("chromium"):
                step.note = "installed"
                return True
            say(f"    could not install chromium:\n{log_tail(log, 5)}")
        say(
            "    WARNING: no Chromium: browser tours will be skipped. Install it "
            "(Debian/Ubuntu: sudo apt install chromium) and run make test again."
        )
        step.note = "missing"
        return False


ODOO_RESULT_RE = re.compile(
    r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database"
)


def stream_filtered(cmd, log_path, echo_re, env=None, cwd=None):
    """Run cmd; log everything; echo the lines matching echo_re and tracebacks."""
    LOGS.mkdir(parents=True, exist_ok=True)
    timestamp = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")
    echoing = False
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [str(c) for c in cmd],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
            env=env,
            cwd=cwd,
        )
        for line in proc.stdout:
            log.write(line)
            if timestamp.match(line):
                echoing = bool(echo_re.search(line))
            if echoing:
                sys.stdout.write("    " + line)
                sys.stdout.flush()
        return proc.wait()


def run_addon_tests(db, port):
    """Install the four addons in `db` with Odoo's test runner; (passed, failed)."""
    tags = ",".join("/" + name for name in SUITE_ADDONS)
    log_path = LOGS / "test-addons.log"
    with Step(
        f"Addon tests: install the four addons in '{db}' with --test-enable "
        f"(Odoo's runner, tours included; log {log_path.relative_to(REPO)})"
    ) as step:
        rc = stream_filtered(
            odoo_cmd(
                "-d",
                db,
                "-i",
                ",".join(SUITE_ADDONS),
                "--test-enable",
                f"--test-tags={tags}",
                "--stop-after-init",
                f"--http-port={port}",
                "--log-level=info",
            ),
            log_path,
            re.compile(
                r" (WARNING|ERROR|CRITICAL) |: (FAIL|ERROR):"
                r"|Ran \d+ tests|tests when loading"
            ),
        )
        text = log_path.read_text(errors="replace")
        match = ODOO_RESULT_RE.search(text)
        if not match:
            step.note = f"no test report (exit status {rc}): install failed"
            say(log_tail(log_path, 30))
            return 0, 1
        failed, errors, total = (int(g) for g in match.groups())
        bad = failed + errors
        if rc != 0 and bad == 0:
            bad = 1  # the install broke outside any test
        step.note = f"{total - failed - errors} passed, {bad} failed"
        return total - failed - errors, bad


def run_toplevel_tests(db):
    """Run tests/ with pytest-odoo against `db`; (passed, failed)."""
    junit = LOGS / "pytest.xml"
    with Step("Cross-module tests: tests/ with pytest-odoo") as step:
        junit.unlink(missing_ok=True)
        proc = subprocess.run(
            [
                venv_python(),
                "-m",
                "pytest",
                "tests",
                f"--odoo-config={CONFIG}",
                f"--odoo-database={db}",
                "--odoo-http",
                "--odoo-log-level=warn",
                # Odoo's test framework expects test mode when it is imported
                "--odoo-extra=test-enable",
                f"--junitxml={junit}",
                "-p",
                "no:cacheprovider",
                "-q",
            ],
            cwd=REPO,
        )
        passed = failed = 0
        if junit.exists():
            import xml.etree.ElementTree as ET

            root = ET.parse(junit).getroot()
            suites = [root] if root.tag == "testsuite" else list(root)
            for suite in suites:
                total = int(suite.get("tests", 0))
                bad = int(suite.get("failures", 0)) + int(suite.get("errors", 0))
                skipped = int(suite.get("skipped", 0))
                passed += total - bad - skipped
                failed += bad
        if proc.returncode not in (0, 5) and failed == 0:
            failed = 1  # pytest itself broke (collection, usage)
        step.note = f"{passed} passed, {failed} failed"
        return passed, failed


# --------------------------------------------------------------------------
# Commands
# --------------------------------------------------------------------------


def common_setup():
    ensure_postgres()
    write_config(odoo_src())


def cmd_setup(args):
    common_setup()
    return 0


def cmd_run(args):
    t0 = time.monotonic()
    if port_in_use(args.port):
        raise SetupError(
            f"Port {args.port} is already in use{who_listens(args.port)}. Stop "
            f"that program (an earlier make run?) or choose another port: "
            f"make run PORT=8070"
        )
    common_setup()
    ensure_demo_database(args.reset, args.scale)
    say(f"==> Set-up finished in {time.monotonic() - t0:.1f}s")
    return serve(DEMO_DB, args.port)


def cmd_scenario(args):
    common_setup()
    if args.reset and database_exists(args.db):
        with Step(f"Dropping database '{args.db}'"):
            drop_database(args.db)
    if database_exists(args.db):
        raise SetupError(
            f"Database '{args.db}' exists; pass --reset (make scenario RESET=1) "
            "to rebuild it."
        )
    with Step(f"Creating database '{args.db}' with the four addons"):
        install_addons(args.db, f"install-{args.db}.log")
    with Step(f"Scenario at scale '{args.scale}'"):
        build_scenario(args.db, args.scale, f"scenario-{args.db}.log")
    return 0


def cmd_lint(args):
    return 1 if lint() else 0


def _pid_alive(db_name):
    """Is the `make test` that owns dist_test_<pid> still running?"""
    try:
        pid = int(db_name.rsplit("_", 1)[1])
    except ValueError:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def cmd_test(args):
    t0 = time.monotonic()
    lint_failed = [] if args.skip_lint else lint()
    common_setup()
    browser_failed = not ensure_chromium() and os.environ.get("CI") == "true"
    if browser_failed:
        say("    CI=true: the browser tours must run, and cannot without Chromium.")
    db = f"dist_test_{os.getpid()}"
    with Step("Throwaway test database") as step:
        conn = pg_connect()
        try:
            with conn.cursor() as cr:
                cr.execute(
                    "SELECT datname FROM pg_database "
                    "WHERE datname LIKE 'dist\\_test\\_%'"
                )
                stale = [row[0] for row in cr.fetchall() if not _pid_alive(row[0])]
        finally:
            conn.close()
        for name in stale:
            drop_database(name)
        step.note = f"'{db}'" + (f", dropped {len(stale)} stale" if stale else "")
    passed = failed = 0
    try:
        p, f = run_addon_tests(db, free_port())
        passed, failed = passed + p, failed + f
        if database_exists(db):
            p, f = run_toplevel_tests(db)
            passed, failed = passed + p, failed + f
    finally:
        if not args.keep_db and database_exists(db):
            drop_database(db)
    if lint_failed:
        say("Lint failed: " + ", ".join(lint_failed))
        failed += len(lint_failed)
    if browser_failed:
        failed += 1
    say(f"==> make test finished in {time.monotonic() - t0:.1f}s")
    say(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


def main(argv):
    parser = argparse.ArgumentParser(
        prog="suite.py", description=__doc__.split("\n")[0]
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("setup", help="set up what is missing, then stop")
    p_run = sub.add_parser("run", help="set up, build the demo database once, serve")
    p_run.add_argument("--reset", action="store_true", help="rebuild the database")
    p_run.add_argument("--port", type=int, default=8069)
    p_run.add_argument("--scale", default="small")
    p_test = sub.add_parser("test", help="lint and run every test")
    p_test.add_argument("--keep-db", action="store_true")
    p_test.add_argument("--skip-lint", action="store_true")
    sub.add_parser("lint", help="ruff, ruff-format and pylint-odoo")
    p_sc = sub.add_parser("scenario", help="a database with the scenario at a scale")
    p_sc.add_argument("--db", required=True)
    p_sc.add_argument("--scale", default="small")
    p_sc.add_argument("--reset", action="store_true")
    args = parser.parse_args(argv)

    try:
        if not os.environ.get(IN_VENV_FLAG):
            say(f"Odoo Distribution Suite: {args.command}")
            src = ensure_odoo_source()
            ensure_venv(src)
            reexec_in_venv(argv)  # does not return
        handler = {
            "setup": cmd_setup,
            "run": cmd_run,
            "test": cmd_test,
            "lint": cmd_lint,
            "scenario": cmd_scenario,
        }[args.command]
        return handler(args)
    except SetupError as exc:
        say(f"\nERROR: {exc}")
        return 2
    except KeyboardInterrupt:
        say("\ninterrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
