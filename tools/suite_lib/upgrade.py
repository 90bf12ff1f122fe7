"""make test-upgrade: a database made by a released suite, upgraded to the
checkout's addons, keeps its rows and its administrator's edits, and the
upgrade logs no warning.

Releases are recorded in RELEASES at the repository's root (name, commit,
date); the old tree is taken from the commit with `git archive`, so no tag
is needed. The steps: install the release's addons in a throwaway database
(its addons path), build its tiny scenario with its own generator, apply the
user edits of upgrade_probe.EDITS, snapshot; `-u` the checkout's addons;
snapshot again and compare."""

import ast
import json
import re
import subprocess
import time
from pathlib import Path

from .bootstrap import venv_python
from .common import (
    CONFIG,
    LOCAL,
    LOGS,
    REPO,
    SUITE_ADDONS,
    SetupError,
    Step,
    log_tail,
    odoo_src,
    run_logged,
    say,
)

RELEASES = REPO / "RELEASES"
UPGRADE_DIR = LOCAL / "upgrade"
PROBE = Path(__file__).resolve().parent / "upgrade_probe.py"
SCALE = "tiny"

# A log line of Odoo at these levels fails the upgrade
LOG_LEVEL_RE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (WARNING|ERROR|CRITICAL) "
)
# Warnings of the upgrade that are not the suite's: (regex searched in the
# line, reason), the reason naming the upstream code that logs it and why the
# suite cannot avoid it. Empty: the upgrade from 2026.12.07 logs none.
ALLOWED_LOG_LINES = []


def read_releases():
    """[(name, sha, date)] in file order (oldest first)."""
    if not RELEASES.exists():
        raise SetupError(f"No {RELEASES.relative_to(REPO)}: no release is recorded.")
    releases = []
    for number, line in enumerate(RELEASES.read_text().splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split()
        if len(parts) != 3 or not re.fullmatch(r"[0-9a-f]{40}", parts[1]):
            raise SetupError(
                f"{RELEASES.relative_to(REPO)} line {number}: expected "
                f"'<name> <full commit sha> <date>', got {line!r}"
            )
        releases.append(tuple(parts))
    if not releases:
        raise SetupError(f"{RELEASES.relative_to(REPO)} records no release.")
    return releases


def find_release(name=None):
    releases = read_releases()
    if name is None:
        return releases[-1]
    for release in releases:
        if release[0] == name:
            return release
    raise SetupError(
        f"No release '{name}' in {RELEASES.relative_to(REPO)} (recorded: "
        + ", ".join(r[0] for r in releases)
        + ")"
    )


def extract_release(name, sha):
    """The release's addons, tools and tests in .local/upgrade/<name>/ (kept
    for the next run: a commit does not change)."""
    dest = UPGRADE_DIR / name
    stamp = dest / ".extracted"
    if stamp.exists() and stamp.read_text().strip() == sha:
        return dest
    probe = subprocess.run(
        ["git", "cat-file", "-e", f"{sha}^{{commit}}"],
        cwd=REPO,
        capture_output=True,
    )
    if probe.returncode != 0:
        raise SetupError(
            f"Release {name}'s commit {sha} is not in this clone (a shallow "
            "clone?). Fetch the history first: git fetch --unshallow (or "
            f"git fetch origin {sha})."
        )
    if dest.exists():
        subprocess.run(["rm", "-rf", str(dest)], check=True)
    dest.mkdir(parents=True)
    archive = subprocess.Popen(
        ["git", "archive", "--format=tar", sha, "addons", "tools", "tests"],
        cwd=REPO,
        stdout=subprocess.PIPE,
    )
    untar = subprocess.run(["tar", "-x", "-C", str(dest)], stdin=archive.stdout)
    archive.stdout.close()
    if archive.wait() != 0 or untar.returncode != 0:
        raise SetupError(f"git archive {sha} into {dest} failed.")
    stamp.write_text(sha + "\n")
    return dest


def release_config(tree):
    """The checkout's odoo.conf with the release's addons instead of ours."""
    ours = str(REPO / "addons")
    lines = []
    for line in CONFIG.read_text().splitlines():
        if line.startswith("addons_path"):
            paths = [p.strip() for p in line.split("=", 1)[1].split(",")]
            paths = [str(tree / "addons") if p == ours else p for p in paths]
            line = "addons_path = " + ",".join(paths)
        lines.append(line)
    conf = tree / "odoo.conf"
    conf.write_text("\n".join(lines) + "\n")
    return conf


def release_addons(tree):
    """SUITE_ADDONS as the release's tools/suite_lib/common.py lists them."""
    source = (tree / "tools" / "suite_lib" / "common.py").read_text()
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and any(
            getattr(t, "id", None) == "SUITE_ADDONS" for t in node.targets
        ):
            return list(ast.literal_eval(node.value))
    raise SetupError(f"No SUITE_ADDONS in {tree}/tools/suite_lib/common.py")


def odoo_run(conf, db, log_name, *args):
    cmd = [venv_python(), odoo_src() / "odoo-bin", "-c", conf, "-d", db, *args]
    return run_logged(cmd, log_name)


def probe(conf, db, action, log_name, cwd):
    rc, log = run_logged(
        [venv_python(), PROBE, action, "-c", conf, "-d", db], log_name, cwd=cwd
    )
    lines = Path(log).read_text(errors="replace").splitlines()
    if rc != 0 or not lines or not lines[-1].startswith("{"):
        raise SetupError(
            f"upgrade_probe {action} failed in '{db}' (full log: {log}):\n"
            f"{log_tail(log, 20)}"
        )
    return json.loads(lines[-1])


def log_problems(log):
    problems = []
    for line in Path(log).read_text(errors="replace").splitlines():
        if LOG_LEVEL_RE.match(line) and not any(
            re.search(pattern, line) for pattern, _why in ALLOWED_LOG_LINES
        ):
            problems.append(line)
    return problems


def compare(before, after):
    """(failures, tables checked, rows before, rows after, edits kept)."""
    failures = []
    for table, count in sorted(before["counts"].items()):
        if table not in after["counts"]:
            failures.append(f"table {table} ({count} rows) is gone")
        elif after["counts"][table] < count:
            failures.append(
                f"table {table}: {count} rows before, {after['counts'][table]} after"
            )
    kept = 0
    for key, values in sorted(before["edits"].items()):
        now = after["edits"].get(key)
        if now != values:
            failures.append(f"user edit of {key} changed: {values} -> {now}")
        else:
            kept += 1
    rows_before = sum(before["counts"].values())
    rows_after = sum(after["counts"].get(t, 0) for t in before["counts"])
    return failures, len(before["counts"]), rows_before, rows_after, kept


def test_upgrade(db, name=None):
    """Run the whole check in `db` (which must not exist); 0 or 1."""
    t0 = time.monotonic()
    name, sha, date = find_release(name)
    with Step(f"Release {name} ({sha[:12]}, {date}) into .local/upgrade/{name}"):
        tree = extract_release(name, sha)
        conf = release_config(tree)
        old_addons = release_addons(tree)
    with Step(f"Installing release {name}'s addons in '{db}'"):
        rc, log = odoo_run(
            conf,
            db,
            f"upgrade-{name}-install.log",
            "-i",
            ",".join(old_addons),
            "--stop-after-init",
            "--no-http",
        )
        if rc != 0 or re.search(r" (CRITICAL|ERROR) ", Path(log).read_text()):
            raise SetupError(
                f"Installing release {name} failed (full log: {log}):\n"
                f"{log_tail(log, 20)}"
            )
    with Step(f"Release {name}'s scenario at scale '{SCALE}' (its own generator)"):
        rc, log = run_logged(
            [venv_python(), "-m", "tools.scenario", "-c", conf, "-d", db]
            + ["--scale", SCALE],
            f"upgrade-{name}-scenario.log",
            cwd=tree,
        )
        if rc != 0:
            raise SetupError(
                f"Release {name}'s scenario failed (full log: {log}):\n"
                f"{log_tail(log, 20)}"
            )
    with Step(
        "User edits (matrix line, exception type, category SLA, crons), "
        "then the snapshot before the upgrade"
    ):
        before = probe(conf, db, "edit", f"upgrade-{name}-before.log", tree)
    new_addons = [a for a in SUITE_ADDONS if a not in old_addons]
    upgrade_log = LOGS / f"upgrade-{name}-to-head.log"
    with Step(
        f"Upgrading to the checkout: -u {','.join(old_addons)}"
        + (f" -i {','.join(new_addons)}" if new_addons else "")
        + f" (log {upgrade_log.relative_to(REPO)})"
    ) as step:
        t_up = time.monotonic()
        args = ["-u", ",".join(old_addons)]
        if new_addons:
            args += ["-i", ",".join(new_addons)]
        rc, log = odoo_run(
            CONFIG,
            db,
            upgrade_log.name,
            *args,
            "--stop-after-init",
            "--no-http",
            "--log-level=info",
        )
        upgrade_seconds = time.monotonic() - t_up
        step.note = f"exit status {rc}"
    with Step("Snapshot after the upgrade"):
        after = probe(CONFIG, db, "snapshot", f"upgrade-{name}-after.log", REPO)
    failures, tables, rows_before, rows_after, kept = compare(before, after)
    problems = log_problems(upgrade_log)
    if rc != 0:
        failures.append(f"the upgrade exited with status {rc}")
    say(f"Upgrade {name} ({sha[:12]}) -> checkout, database '{db}':")
    say(f"    tables checked: {tables} ({rows_before} rows before, {rows_after} after)")
    say(f"    user edits kept: {kept} of {len(before['edits'])}")
    say(
        f"    warnings/errors in the upgrade log: {len(problems)}"
        f" ({len(ALLOWED_LOG_LINES)} allow-listed patterns)"
    )
    say(f"    upgrade {upgrade_seconds:.0f}s, whole check {time.monotonic() - t0:.0f}s")
    for line in problems[:20]:
        say("    log: " + line[:300])
    if len(problems) > 20:
        say(f"    ... {len(problems) - 20} more in {upgrade_log}")
    for failure in failures:
        say("    FAIL: " + failure)
    if problems:
        say(f"    FAIL: the upgrade logged {len(problems)} warning/error line(s)")
    return 1 if failures or problems else 0
