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
    """Drop a database and its file store, in the data directory this tool
    uses (ODOO_DATA_DIR's when set)."""
    drop_database(db, data_dir=data_dir())


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


def _tar_filestore(source, target):
    """Tar the file store `source` into `target` as filestore/... (an empty
    archive if there is none); return (files, bytes, {relative name}).

    A file removed while the walk runs (Odoo's garbage collector) is skipped:
    the caller compares what was copied with what the dump refers to."""
    files = size = 0
    members = set()
    with tarfile.open(target, "w:gz", compresslevel=6) as tar:
        if not source.is_dir():
            return files, size, members
        tar.add(source, arcname="filestore", recursive=False)
        for folder, dirnames, filenames in os.walk(source):
            dirnames.sort()
            for name in sorted(filenames):
                path = Path(folder) / name
                relative = path.relative_to(source).as_posix()
                try:
                    info = tar.gettarinfo(path, arcname=f"filestore/{relative}")
                    if not info.isreg():
                        continue
                    # opened before the member's header is written: a file
                    # gone by then leaves no trace in the archive
                    with open(path, "rb") as handle:
                        tar.addfile(info, handle)
                except FileNotFoundError:
                    continue
                members.add(relative)
                files += 1
                size += info.size
    return files, size, members


def _missing_in_copy(referenced, members):
    """The referenced file names (store_fname) the copy does not hold."""
    return sorted(set(referenced) - set(members))


def _copy_filestore(source, target, referenced):
    """Tar `source` into `target` and check that it holds every file the
    dump's attachments name; copy once more if not (a file removed between
    the snapshot and the copy is gone for good, but a slow walk may race);
    raise SetupError naming the files still missing.
    Return (files, bytes)."""
    files, size, members = _tar_filestore(source, target)
    missing = _missing_in_copy(referenced, members)
    if missing:
        say(
            f"    {len(missing)} file(s) the dump names are not in the copy; "
            "copying the file store once more"
        )
        files, size, members = _tar_filestore(source, target)
        missing = _missing_in_copy(referenced, members)
    if missing:
        raise SetupError(
            f"{len(missing)} attachment file(s) the dump refers to are not in "
            f"the file store {source} (removed since the snapshot, or lost "
            f"before it), e.g. {', '.join(missing[:5])}. A backup that cannot "
            "restore every attachment is not a backup: none was kept. Run "
            "make backup again; if the same files are missing, the file store "
            "lacks them (check the attachments that name them)."
        )
    return files, size


def referenced_files(cr):
    """The distinct store_fname of the attachments stored in the file store."""
    cr.execute(
        "SELECT DISTINCT store_fname FROM ir_attachment "
        "WHERE store_fname IS NOT NULL AND store_fname <> ''"
    )
    return [name for (name,) in cr.fetchall()]


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
    try:
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
                    referenced = referenced_files(cr)
                    cr.execute("SHOW server_version")
                    server_version = cr.fetchone()[0]
                    timings["row_counts"] = round(time.monotonic() - t0, 1)
                    step.note = (
                        f"{len(counts)} tables, {sum(counts.values())} rows, "
                        f"{len(modules)} modules installed, "
                        f"{len(referenced)} attachment files named"
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
                        raise SetupError(
                            f"pg_dump of '{db}' failed (full log: {log}):\n"
                            f"{log_tail(log, 10)}"
                        )
                    timings["dump"] = round(time.monotonic() - t0, 1)
                    step.note = f"{(target / DUMP).stat().st_size / 1e6:.1f} MB"
            conn.rollback()
        finally:
            conn.close()
        # The file store is copied after the dump, on purpose. Odoo adds files to
        # it while it runs (an attachment's content is a new file named by its
        # checksum), so a copy taken before the dump could miss the files of
        # attachments created in between. But the garbage collector
        # (ir.attachment's _gc_file_store, run by the autovacuum) may remove a
        # file after the snapshot and before the copy, if its last attachment
        # row was deleted meanwhile: the dump still refers to it. So the copy is
        # checked against the attachments of the snapshot (read with the row
        # counts), copied once more if a file is missing, and the backup fails
        # if one is still missing. What a finished backup guarantees: every file
        # an attachment of the dump names is in the archive (plus perhaps newer
        # files nobody in the dump refers to, which are harmless).
        with Step(f"File store of '{db}' ({filestore_dir(db)})") as step:
            t0 = time.monotonic()
            files, size = _copy_filestore(
                filestore_dir(db), target / FILESTORE, referenced
            )
            timings["filestore"] = round(time.monotonic() - t0, 1)
            step.note = (
                f"{files} files, {size / 1e6:.1f} MB; all {len(referenced)} "
                "files the dump names"
            )
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
    except BaseException as exc:
        # no partial backup without a manifest: latest_backup skips one, but
        # it fills the disk and misleads whoever looks into backups/
        shutil.rmtree(target, ignore_errors=True)
        if isinstance(exc, SetupError) or not isinstance(exc, Exception):
            raise
        raise SetupError(
            f"The backup of '{db}' failed ({type(exc).__name__}: {exc}); "
            f"the partial {target} was removed."
        ) from exc
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


def _temporary_name(db, what):
    """`<db>__<what>_<pid>`, within PostgreSQL's 63 bytes."""
    suffix = f"__{what}_{os.getpid()}"
    return db[: 63 - len(suffix)] + suffix


def _terminate_sessions(cr, db):
    # our own sessions only, as drop_database does
    cr.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        "WHERE datname = %s AND pid <> pg_backend_pid() AND usename = current_user",
        (db,),
    )


def _rename_database(old, new):
    conn = pg_connect()
    conn.autocommit = True
    try:
        with conn.cursor() as cr:
            _terminate_sessions(cr, old)
            # both names are ours: the existing database and its temporary
            # name, quoted as identifiers
            cr.execute(
                'ALTER DATABASE "{}" RENAME TO "{}"'.format(
                    old.replace('"', '""'), new.replace('"', '""')
                )
            )
    finally:
        conn.close()


def _swap_filestore(new, current):
    """Put the file store `new` in the place of `current` (which may not
    exist): the old one is renamed aside first, then deleted."""
    aside = current.with_name(_temporary_name(current.name, "replaced"))
    # left by an interrupted run of the same pid: rename needs the name free
    shutil.rmtree(aside, ignore_errors=True)
    if current.exists():
        current.rename(aside)
    try:
        current.parent.mkdir(parents=True, exist_ok=True)
        new.rename(current)
    except BaseException:
        if aside.exists() and not current.exists():
            aside.rename(current)
        raise
    shutil.rmtree(aside, ignore_errors=True)


def _restore_problems(db, manifest):
    """[message]: the row counts of `db` against the manifest, and the files
    its attachments name that its file store lacks."""
    problems = compare_counts(manifest["row_counts"], restored_counts(db))
    missing = missing_attachment_files(db)
    if missing:
        problems.append(
            f"{len(missing)} attachment file(s) missing, e.g. " + ", ".join(missing[:5])
        )
    return problems


def restore(backup_dir, db, reset=False, manifest=None, check=True):
    """Restore a verified backup as the database `db`.

    Everything is restored under a temporary name first (database and file
    store) and checked (with `check`: the row counts and the attachments'
    files); only then does it take the name `db`, replacing the existing
    database and file store with RESET. On any failure the temporary copy is
    dropped, and an existing database stays as it was."""
    require_tools("pg_restore", "createdb")
    backup_dir = Path(backup_dir)
    manifest = manifest or verify_checksums(backup_dir)
    exists = database_exists(db)
    if exists and not reset:
        raise SetupError(
            f"Database '{db}' exists; restore into another name (DB=...) or "
            f"pass RESET=1 to replace it (it stays as it is until the restore "
            f"has succeeded)."
        )
    temporary = _temporary_name(db, "restoring")
    if database_exists(temporary):
        drop(temporary)
    try:
        with Step(f"Restoring '{manifest['database']}' as '{temporary}'"):
            rc, log = run_logged(["createdb", temporary], f"restore-{db}.log")
            if rc == 0:
                rc, log = run_logged(
                    [
                        "pg_restore",
                        "--no-owner",
                        # all or nothing, and one commit instead of one per
                        # object: 14 s instead of 50 s for dev_backup's 588
                        # tables
                        "--single-transaction",
                        "--exit-on-error",
                        f"--dbname={temporary}",
                        backup_dir / DUMP,
                    ],
                    f"restore-{db}.log",
                )
            if rc != 0:
                raise SetupError(
                    f"Restoring into '{temporary}' failed (full log: {log}):\n"
                    f"{log_tail(log, 10)}"
                )
        with Step(f"File store of '{temporary}' ({filestore_dir(temporary)})") as step:
            _extract_filestore(backup_dir / FILESTORE, filestore_dir(temporary))
            step.note = f"{manifest['filestore']['files']} files"
        if check:
            with Step("Row counts and attachment files, against the manifest"):
                problems = _restore_problems(temporary, manifest)
                if problems:
                    raise SetupError(
                        f"The restore of {backup_dir} does not match its "
                        "manifest:\n    " + "\n    ".join(problems[:20])
                    )
    except BaseException:
        with Step(f"Dropping the temporary '{temporary}' and its file store"):
            drop(temporary)
        if exists:
            say(f"    '{db}' and its file store were not touched.")
        raise
    label = f"Replacing '{db}' and its file store" if exists else f"Naming it '{db}'"
    with Step(label):
        if exists:
            # renamed aside, not dropped, until the restore has its name
            previous = _temporary_name(db, "replaced")
            if database_exists(previous):
                drop(previous)
            _rename_database(db, previous)
            try:
                _rename_database(temporary, db)
                _swap_filestore(filestore_dir(temporary), filestore_dir(db))
            except BaseException:
                # back as it was: the old database under its name
                if database_exists(db):
                    _rename_database(db, temporary)
                _rename_database(previous, db)
                drop(temporary)
                raise
            drop_database(previous, data_dir=data_dir())
        else:
            _rename_database(temporary, db)
            _swap_filestore(filestore_dir(temporary), filestore_dir(db))
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
            names = referenced_files(cr)
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
    # the pid too: two runs in the same second must not share (and drop) one
    scratch = f"dist_verify_{stamp}_{os.getpid()}"
    problems = []
    try:
        # its own checks below report problems instead of stopping at one
        restore(backup_dir, scratch, manifest=manifest, check=False)
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
