"""Backups of a database with its file store, their restore and their proof.

make backup         one consistent, checksummed backup in backups/<db>-<UTC>/
make restore        checksums first, then a new database and its file store
make verify-backup  a scratch restore that must open, let users log in and
                    hold the row counts the backup recorded; then dropped
make staging        a neutralized copy of production for release testing

A backup directory holds three files:

    dump.pgdump       pg_dump's custom format, taken in an exported snapshot
    filestore.tar.gz  the database's file store, copied after the dump
    manifest.json     what was backed up (versions, row counts per table in
                      the snapshot) and the sha256 of the two files above
"""

import configparser
import hashlib
import json
import os
import re
import secrets
import shutil
import subprocess
import tarfile
import time
import urllib.error
import urllib.request
from datetime import datetime, timezone
from http.cookiejar import CookieJar
from pathlib import Path

from .bootstrap import venv_python
from .common import (
    CONFIG,
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
from .databases import database_exists, drop_database, odoo_cmd
from .postgres import pg_connect

MANIFEST = "manifest.json"
DUMP = "dump.pgdump"
FILESTORE = "filestore.tar.gz"
# the three files' sha256 in sha256sum's format: `sha256sum -c SHA256SUMS`
# checks a backup without this tool, and the manifest cannot change unseen
SUMS = "SHA256SUMS"
MANIFEST_FORMAT = 1
# users logged in by verify-backup: at most this many, of different roles
LOGIN_USERS = 5
# suite.py imports this module before it enters the virtualenv, with any
# Python 3.8+: datetime.UTC (3.11) is not there yet
UTC = timezone.utc  # noqa: UP017


# --------------------------------------------------------------------------
# Where things are
# --------------------------------------------------------------------------


def data_dir():
    """ODOO_DATA_DIR when set (a server of your own), else Odoo's data_dir
    from the generated configuration (.local/data)."""
    if os.environ.get("ODOO_DATA_DIR"):
        return Path(os.environ["ODOO_DATA_DIR"])
    parser = configparser.ConfigParser()
    parser.read(CONFIG)
    value = parser.get("options", "data_dir", fallback="")
    return Path(value) if value else LOCAL / "data"


def odoo(*args):
    """odoo_cmd, with ODOO_DATA_DIR's file stores when set."""
    cmd = odoo_cmd(*args)
    if os.environ.get("ODOO_DATA_DIR"):
        cmd.append(f"--data-dir={os.environ['ODOO_DATA_DIR']}")
    return cmd


def drop(db):
    """Drop a database and its file store (ODOO_DATA_DIR's too)."""
    drop_database(db)
    shutil.rmtree(filestore_dir(db), ignore_errors=True)


def filestore_dir(db):
    return data_dir() / "filestore" / db


def backup_root(path=None):
    root = Path(path) if path else REPO / "backups"
    return root if root.is_absolute() else Path.cwd() / root


def latest_backup(root, db=None):
    """The newest backup directory under root (of `db` if given), or None."""
    found = []
    if root.is_dir():
        for child in root.iterdir():
            manifest = child / MANIFEST
            if not manifest.is_file():
                continue
            try:
                data = json.loads(manifest.read_text())
            except (OSError, ValueError):
                continue
            if db and data.get("database") != db:
                continue
            found.append((data.get("created_at", ""), child.name, child))
    return max(found)[2] if found else None


# --------------------------------------------------------------------------
# Checksums and the manifest
# --------------------------------------------------------------------------


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_manifest(backup):
    path = Path(backup) / MANIFEST
    if not path.is_file():
        raise SetupError(f"{backup} is not a backup: it has no {MANIFEST}.")
    try:
        manifest = json.loads(path.read_text())
    except ValueError as exc:
        raise SetupError(f"{path} is not valid JSON ({exc}).") from exc
    if manifest.get("format") != MANIFEST_FORMAT:
        raise SetupError(
            f"{path} has format {manifest.get('format')!r}; this tool reads "
            f"format {MANIFEST_FORMAT}."
        )
    return manifest


def checksum_problems(backup, manifest):
    """[message] for every file missing or not what the manifest says."""
    problems = []
    files = manifest.get("files") or {}
    for name in (DUMP, FILESTORE):
        if name not in files:
            problems.append(f"{name}: not listed in the manifest")
    for name, expected in sorted(files.items()):
        path = Path(backup) / name
        if not path.is_file():
            problems.append(f"{name}: missing")
            continue
        actual = sha256_of(path)
        if actual != expected["sha256"]:
            problems.append(
                f"{name}: sha256 {actual[:16]}... but the manifest says "
                f"{expected['sha256'][:16]}..."
            )
    sums = Path(backup) / SUMS
    if not sums.is_file():
        problems.append(f"{SUMS}: missing")
        return problems
    listed = {}
    for line in sums.read_text().splitlines():
        digest, _sep, name = line.partition("  ")
        listed[name] = digest
    if listed.get(MANIFEST) != sha256_of(Path(backup) / MANIFEST):
        problems.append(f"{MANIFEST}: not the one {SUMS} names (edited?)")
    for name, expected in sorted(files.items()):
        if listed.get(name) != expected["sha256"]:
            problems.append(f"{name}: {SUMS} and the manifest disagree")
    return problems


def write_sums(target):
    lines = [
        f"{sha256_of(target / name)}  {name}" for name in (DUMP, FILESTORE, MANIFEST)
    ]
    (target / SUMS).write_text("\n".join(lines) + "\n")


def verify_checksums(backup):
    manifest = read_manifest(backup)
    with Step(f"Checksums of {backup}") as step:
        problems = checksum_problems(backup, manifest)
        if problems:
            raise SetupError(
                f"The backup {backup} is damaged; nothing was restored:\n    "
                + "\n    ".join(problems)
            )
        step.note = f"{len(manifest['files'])} files match the manifest and {SUMS}"
    return manifest


def compare_counts(expected, actual):
    """[message] for each table whose row count differs, or which is missing
    on one side."""
    problems = []
    for table in sorted(set(expected) | set(actual)):
        if table not in actual:
            problems.append(f"{table}: in the backup, not in the restore")
        elif table not in expected:
            problems.append(f"{table}: in the restore, not in the backup")
        elif expected[table] != actual[table]:
            problems.append(
                f"{table}: {expected[table]} rows backed up, {actual[table]} restored"
            )
    return problems


# --------------------------------------------------------------------------
# Reading a database
# --------------------------------------------------------------------------


def count_rows(cr):
    """{table: rows} of every ordinary table of the public schema."""
    cr.execute(
        "SELECT c.relname FROM pg_class c "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') "
        "AND NOT c.relispartition ORDER BY c.relname"
    )
    tables = [name for (name,) in cr.fetchall()]
    counts = {}
    for table in tables:
        # the names come from the catalogue above, quoted as identifiers
        cr.execute('SELECT count(*) FROM "{}"'.format(table.replace('"', '""')))
        counts[table] = cr.fetchone()[0]
    return counts


def installed_modules(cr):
    cr.execute(
        "SELECT name, latest_version FROM ir_module_module "
        "WHERE state = 'installed' ORDER BY name"
    )
    return dict(cr.fetchall())


def git_sha(path):
    proc = subprocess.run(
        ["git", "-C", str(path), "rev-parse", "HEAD"], capture_output=True, text=True
    )
    if proc.returncode != 0:
        return None
    dirty = subprocess.run(
        ["git", "-C", str(path), "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return proc.stdout.strip() + ("-dirty" if dirty else "")


def tool_version(name):
    proc = subprocess.run([name, "--version"], capture_output=True, text=True)
    return proc.stdout.strip()


def require_tools(*names):
    missing = [name for name in names if not shutil.which(name)]
    if missing:
        raise SetupError(
            "The PostgreSQL client programs are missing: "
            + ", ".join(missing)
            + " (Debian/Ubuntu: apt install postgresql-client, of the server's "
            "version or newer)."
        )


# --------------------------------------------------------------------------
# make backup
# --------------------------------------------------------------------------


def _tar_filestore(db, target):
    """Tar the file store of `db` (an empty archive if it has none);
    return (files, bytes)."""
    source = filestore_dir(db)
    files = size = 0
    with tarfile.open(target, "w:gz", compresslevel=6) as tar:
        if source.is_dir():
            for path in sorted(source.rglob("*")):
                if path.is_file():
                    files += 1
                    size += path.stat().st_size
            tar.add(source, arcname="filestore")
    return files, size


def backup(db, root):
    """Back up `db` and its file store into a new directory under root."""
    require_tools("pg_dump")
    if not database_exists(db):
        raise SetupError(f"Database '{db}' does not exist: nothing to back up.")
    now = datetime.now(UTC)
    target = root / f"{db}-{now.strftime('%Y%m%dT%H%M%SZ')}"
    if target.exists():
        raise SetupError(f"{target} exists already; try again in a second.")
    target.mkdir(parents=True)
    timings = {}
    conn = pg_connect(db)
    try:
        # One snapshot for the row counts and the dump: the transaction that
        # exported it stays open until pg_dump has finished.
        conn.set_session(isolation_level="REPEATABLE READ", readonly=True)
        with conn.cursor() as cr:
            cr.execute("SELECT pg_export_snapshot()")
            snapshot = cr.fetchone()[0]
            with Step(f"Row counts of '{db}' in snapshot {snapshot}") as step:
                t0 = time.monotonic()
                counts = count_rows(cr)
                modules = installed_modules(cr)
                cr.execute("SHOW server_version")
                server_version = cr.fetchone()[0]
                timings["row_counts"] = round(time.monotonic() - t0, 1)
                step.note = (
                    f"{len(counts)} tables, {sum(counts.values())} rows, "
                    f"{len(modules)} modules installed"
                )
            with Step(f"pg_dump of '{db}' in the same snapshot") as step:
                t0 = time.monotonic()
                rc, log = run_logged(
                    [
                        "pg_dump",
                        "--format=custom",
                        f"--snapshot={snapshot}",
                        "--no-owner",
                        f"--file={target / DUMP}",
                        db,
                    ],
                    f"backup-{db}.log",
                )
                if rc != 0:
                    shutil.rmtree(target, ignore_errors=True)
                    raise SetupError(
                        f"pg_dump of '{db}' failed (full log: {log}):\n"
                        f"{log_tail(log, 10)}"
                    )
                timings["dump"] = round(time.monotonic() - t0, 1)
                step.note = f"{(target / DUMP).stat().st_size / 1e6:.1f} MB"
        conn.rollback()
    finally:
        conn.close()
    # The file store is copied after the dump, on purpose. Odoo only adds
    # files to it while it runs (an attachment's content is a new file named
    # by its checksum); files are removed only by the garbage collector, and
    # only once no attachment row refers to them. So a copy taken after the
    # snapshot holds every file the dump's ir_attachment rows name (plus
    # perhaps a few newer ones nobody refers to, which are harmless). Copied
    # before the dump, it could miss the files of attachments created in
    # between. verify-backup checks that every file the dump names is there.
    with Step(f"File store of '{db}' ({filestore_dir(db)})") as step:
        t0 = time.monotonic()
        files, size = _tar_filestore(db, target / FILESTORE)
        timings["filestore"] = round(time.monotonic() - t0, 1)
        step.note = f"{files} files, {size / 1e6:.1f} MB"
    with Step("Checksums and manifest") as step:
        manifest = {
            "format": MANIFEST_FORMAT,
            "database": db,
            "created_at": now.isoformat(timespec="seconds"),
            "snapshot": snapshot,
            "suite": {
                "git_sha": git_sha(REPO),
                "addons": {name: modules.get(name) for name in SUITE_ADDONS},
            },
            "odoo": {
                "version": _odoo_version(),
                "source_git_sha": git_sha(odoo_src()),
            },
            "postgresql": {
                "server": server_version,
                "pg_dump": tool_version("pg_dump"),
            },
            "modules": modules,
            "filestore": {"files": files, "bytes": size},
            "row_counts": counts,
            "files": {
                name: {
                    "sha256": sha256_of(target / name),
                    "bytes": (target / name).stat().st_size,
                }
                for name in (DUMP, FILESTORE)
            },
            "timings_s": timings,
        }
        (target / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n")
        write_sums(target)
        step.note = str(target / MANIFEST)
    return target, manifest


def _odoo_version():
    try:
        from odoo import release
    except ImportError:
        return None
    return release.version


# --------------------------------------------------------------------------
# make restore
# --------------------------------------------------------------------------


def _extract_filestore(archive, target):
    """Extract the archive's filestore/ into target, refusing any member that
    would land outside it."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    root = target.resolve()
    with tarfile.open(archive, "r:gz") as tar:
        for member in tar.getmembers():
            parts = Path(member.name).parts
            if not parts or parts[0] != "filestore":
                raise SetupError(f"{archive}: unexpected member {member.name!r}")
            if not (member.isdir() or member.isfile()):
                raise SetupError(f"{archive}: {member.name!r} is not a plain file")
            dest = (target / Path(*parts[1:])).resolve() if parts[1:] else root
            if dest != root and root not in dest.parents:
                raise SetupError(f"{archive}: {member.name!r} leaves the file store")
            if member.isdir():
                dest.mkdir(parents=True, exist_ok=True)
            else:
                dest.parent.mkdir(parents=True, exist_ok=True)
                with tar.extractfile(member) as src, open(dest, "wb") as out:
                    shutil.copyfileobj(src, out)


def restore(backup_dir, db, reset=False, manifest=None):
    """Restore a verified backup into the new database `db`."""
    require_tools("pg_restore", "createdb")
    backup_dir = Path(backup_dir)
    manifest = manifest or verify_checksums(backup_dir)
    if database_exists(db):
        if not reset:
            raise SetupError(
                f"Database '{db}' exists; restore into another name (DB=...) or "
                f"pass RESET=1 to drop it and its file store first."
            )
        with Step(f"Dropping database '{db}' and its file store (RESET=1)"):
            drop(db)
    with Step(f"Restoring '{manifest['database']}' as '{db}'"):
        rc, log = run_logged(["createdb", db], f"restore-{db}.log")
        if rc == 0:
            rc, log = run_logged(
                [
                    "pg_restore",
                    "--no-owner",
                    # all or nothing, and one commit instead of one per
                    # object: 14 s instead of 50 s for dev_backup's 588 tables
                    "--single-transaction",
                    "--exit-on-error",
                    f"--dbname={db}",
                    backup_dir / DUMP,
                ],
                f"restore-{db}.log",
            )
        if rc != 0:
            if database_exists(db):
                drop(db)
            raise SetupError(
                f"Restoring into '{db}' failed (full log: {log}):\n{log_tail(log, 10)}"
            )
    with Step(f"File store of '{db}' ({filestore_dir(db)})") as step:
        _extract_filestore(backup_dir / FILESTORE, filestore_dir(db))
        step.note = f"{manifest['filestore']['files']} files"
    return manifest


# --------------------------------------------------------------------------
# Odoo on a restored database
# --------------------------------------------------------------------------

# Run in Odoo's virtualenv on the given database: load its registry; with
# --passwords, give the chosen users the throwaway passwords read from stdin.
# Prints one line of JSON prefixed by RESULT:.
ODOO_PROBE = r"""
import json, os, sys
import odoo
from odoo import SUPERUSER_ID, api
config_path, db, mode = sys.argv[1:4]
options = ["-c", config_path, "--log-level=warn"]
if os.environ.get("ODOO_DATA_DIR"):
    options.append("--data-dir=" + os.environ["ODOO_DATA_DIR"])
odoo.tools.config.parse_config(options)
registry = odoo.modules.registry.Registry(db)
result = {"models": len(registry), "users": []}
with registry.cursor() as cr:
    env = api.Environment(cr, SUPERUSER_ID, {})
    if mode == "users":
        wanted = int(sys.argv[4])
        users = env["res.users"].search(
            [("share", "=", False), ("active", "=", True), ("id", "!=", SUPERUSER_ID)],
            order="id",
        )
        seen = set()
        for user in users:
            suite_groups = env["ir.model.data"].search([
                ("model", "=", "res.groups"), ("module", "=like", "dist\\_%"),
                ("res_id", "in", user.groups_id.ids),
            ])
            groups = env["res.groups"].browse(suite_groups.mapped("res_id"))
            names = sorted(
                name for name in groups.mapped("name")
                if not name.startswith("Distribution Suite:")
            )
            if user.has_group("base.group_system"):
                names.insert(0, "Settings")
            role = ", ".join(names) or "internal user"
            # one user per role
            if role in seen:
                continue
            seen.add(role)
            result["users"].append({"login": user.login, "role": role})
            if len(result["users"]) >= wanted:
                break
    elif mode == "passwords":
        passwords = json.loads(sys.stdin.read())
        for login, password in passwords.items():
            user = env["res.users"].search([("login", "=", login)])
            user.password = password
    elif mode == "reset-identity":
        # a copy must not share production's uuid (one database to Odoo's
        # services) or its secret (which signs sessions and tokens)
        env["ir.config_parameter"].init(force=True)
    cr.commit()
print("RESULT:" + json.dumps(result))
"""


def odoo_probe(db, mode, *extra, stdin=None):
    proc = subprocess.run(
        [str(venv_python()), "-c", ODOO_PROBE, str(CONFIG), db, mode, *extra],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    line = next((x for x in proc.stdout.splitlines() if x.startswith("RESULT:")), None)
    if proc.returncode != 0 or line is None:
        tail = "\n".join(
            "    | " + x for x in (proc.stdout + proc.stderr).splitlines()[-15:]
        )
        raise SetupError(f"Odoo could not open '{db}' ({mode}):\n{tail}")
    return json.loads(line[len("RESULT:") :])


def missing_attachment_files(db):
    """store_fname of the attachments whose file is not in the file store."""
    conn = pg_connect(db)
    try:
        with conn.cursor() as cr:
            cr.execute(
                "SELECT DISTINCT store_fname FROM ir_attachment "
                "WHERE store_fname IS NOT NULL AND store_fname <> ''"
            )
            names = [name for (name,) in cr.fetchall()]
    finally:
        conn.close()
    root = filestore_dir(db)
    return [name for name in names if not (root / name).is_file()]


def restored_counts(db):
    conn = pg_connect(db)
    try:
        with conn.cursor() as cr:
            return count_rows(cr)
    finally:
        conn.close()


class _Server:
    """An Odoo server on one database, for the log-in checks."""

    def __init__(self, db, port):
        self.db, self.port = db, port
        self.url = f"http://127.0.0.1:{port}"

    def __enter__(self):
        from .common import LOGS

        LOGS.mkdir(parents=True, exist_ok=True)
        self.log_path = LOGS / f"verify-backup-{self.db}.log"
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(
            odoo(
                "-d",
                self.db,
                f"--db-filter=^{re.escape(self.db)}$",
                f"--http-port={self.port}",
                "--http-interface=127.0.0.1",
                "--max-cron-threads=0",
                "--workers=0",
            ),
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        t0 = time.monotonic()
        while time.monotonic() - t0 < 180:
            if self.proc.poll() is not None:
                break
            try:
                with urllib.request.urlopen(self.url + "/web/login", timeout=10):
                    return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.5)
        self.__exit__(None, None, None)
        raise SetupError(
            f"Odoo did not serve '{self.db}' on port {self.port} "
            f"(log: {self.log_path}):\n{log_tail(self.log_path, 15)}"
        )

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        return False

    def login_and_menus(self, login, password):
        """(ok, detail): authenticate over HTTP, then load the user's menus."""
        opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar())
        )
        body = json.dumps(
            {
                "jsonrpc": "2.0",
                "method": "call",
                "params": {"db": self.db, "login": login, "password": password},
            }
        ).encode()
        request = urllib.request.Request(
            self.url + "/web/session/authenticate",
            data=body,
            headers={"Content-Type": "application/json"},
        )
        with opener.open(request, timeout=60) as resp:
            answer = json.loads(resp.read())
        if answer.get("error") or not (answer.get("result") or {}).get("uid"):
            message = (answer.get("error") or {}).get("data", {}).get("message")
            return False, f"log-in refused: {message or answer}"
        with opener.open(
            self.url + "/web/webclient/load_menus/verify", timeout=60
        ) as resp:
            menus = json.loads(resp.read())
        if not isinstance(menus, dict) or "root" not in menus:
            return False, "logged in, but the menus did not load"
        apps = len(menus["root"].get("children") or [])
        return True, f"{len(menus) - 1} menus, {apps} apps"


def verify_backup(backup_dir, port, keep=False):
    """Restore into a scratch database and prove it; [problem] (empty: ok)."""
    backup_dir = Path(backup_dir)
    manifest = verify_checksums(backup_dir)
    stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    scratch = f"dist_verify_{stamp}"
    problems = []
    try:
        restore(backup_dir, scratch, manifest=manifest)
        with Step("Row counts per table, against the manifest") as step:
            problems += compare_counts(manifest["row_counts"], restored_counts(scratch))
            step.note = (
                f"{len(manifest['row_counts'])} tables, "
                f"{sum(manifest['row_counts'].values())} rows: "
                + ("equal" if not problems else f"{len(problems)} differ")
            )
        with Step("Files of the attachments in the restored file store") as step:
            missing = missing_attachment_files(scratch)
            problems += [f"attachment file missing: {name}" for name in missing[:20]]
            step.note = f"{len(missing)} missing"
        with Step("Odoo loads the registry; users to log in") as step:
            probe = odoo_probe(scratch, "users", str(LOGIN_USERS))
            users = probe["users"]
            step.note = f"{probe['models']} models; users: " + ", ".join(
                u["login"] for u in users
            )
        if not users:
            problems.append("no active internal user to log in with")
        # throwaway passwords, set in the scratch copy only
        passwords = {u["login"]: secrets.token_urlsafe(18) for u in users}
        if passwords:
            odoo_probe(scratch, "passwords", stdin=json.dumps(passwords))
            with Step(f"Log-ins over HTTP (port {port}) and their menus"):
                with _Server(scratch, port) as server:
                    for user in users:
                        ok, detail = server.login_and_menus(
                            user["login"], passwords[user["login"]]
                        )
                        say(
                            f"    {'ok  ' if ok else 'FAIL'} {user['login']:<30} "
                            f"{detail:<22} ({user['role'][:60]})"
                        )
                        if not ok:
                            problems.append(f"{user['login']}: {detail}")
    finally:
        if not keep and database_exists(scratch):
            with Step(f"Dropping '{scratch}' and its file store"):
                drop(scratch)
    return manifest, problems


# --------------------------------------------------------------------------
# make staging
# --------------------------------------------------------------------------


def neutralize(db):
    with Step(f"Neutralizing '{db}' (odoo-bin neutralize)") as step:
        cmd = odoo("-d", db)
        # the command comes first on odoo-bin's command line
        cmd.insert(2, "neutralize")
        rc, log = run_logged(cmd, f"neutralize-{db}.log")
        text = Path(log).read_text(errors="replace")
        if rc != 0 or "Neutralization finished" not in text:
            raise SetupError(
                f"Neutralizing '{db}' failed: THE DATABASE IS NOT NEUTRALIZED "
                f"(full log: {log}):\n{log_tail(log, 15)}"
            )
        conn = pg_connect(db)
        try:
            with conn.cursor() as cr:
                cr.execute("SELECT count(*) FROM ir_cron WHERE active")
                crons = cr.fetchone()[0]
                cr.execute(
                    "SELECT count(*) FROM ir_mail_server WHERE active "
                    "AND smtp_host <> 'invalid'"
                )
                servers = cr.fetchone()[0]
        finally:
            conn.close()
        if servers:
            raise SetupError(f"'{db}' still has {servers} active mail server(s).")
        step.note = (
            f"{crons} scheduled action(s) still active (Odoo keeps its autovacuum)"
        )
    with Step(f"New identity for '{db}' (database uuid and secret)"):
        odoo_probe(db, "reset-identity")


def staging(db, staging_db, root, from_backup=None, reset=False):
    if staging_db == db:
        raise SetupError("The staging database must have another name than production.")
    if database_exists(staging_db) and not reset:
        raise SetupError(
            f"Database '{staging_db}' exists; pass RESET=1 to replace it "
            f"(make staging RESET=1)."
        )
    if from_backup:
        source = Path(from_backup)
    else:
        # a fresh backup: it works while production is in use (createdb -T
        # needs production to have no connection), and it is one more backup
        source, _manifest = backup(db, root)
    restore(source, staging_db, reset=reset)
    neutralize(staging_db)
    return source
