"""Lint, Chromium, Odoo's test runner and pytest-odoo."""

import os
import re
import shutil
import subprocess
import sys

from .bootstrap import venv_python
from .common import (
    CONFIG,
    LOGS,
    REPO,
    SUITE_ADDONS,
    VENV,
    Step,
    log_tail,
    run_logged,
    say,
)
from .databases import drop_database, odoo_cmd
from .postgres import pg_connect


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


def run_addon_tests(db, port, modules=SUITE_ADDONS, log_name="test-addons.log"):
    """Install `modules` (the suite's addons) in `db` with Odoo's test
    runner, running their tests; (passed, failed)."""
    tags = ",".join("/" + name for name in modules)
    log_path = LOGS / log_name
    what = "the suite's addons" if modules is SUITE_ADDONS else ", ".join(modules)
    with Step(
        f"Addon tests: install {what} in '{db}' with --test-enable "
        f"(Odoo's runner, tours included; log {log_path.relative_to(REPO)})"
    ) as step:
        rc = stream_filtered(
            odoo_cmd(
                "-d",
                db,
                "-i",
                ",".join(modules),
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


# the tag of the role tours' classes (addons/dist_governance/tests/common_tour.py)
ROLE_TOUR_TAG = "dist_role_tour"
ROLE_SCREENSHOTS = REPO / "docs" / "roles" / "img"
# role screenshots that also illustrate another page: {picture: copy}
SCREENSHOT_COPIES = {
    "executive_dashboard.png": REPO / "docs" / "img" / "control_tower_dashboard.png",
}


def run_role_tours(db, port, shots_dir=ROLE_SCREENSHOTS):
    """Install the suite's addons in `db` and run only the role tours (classes
    tagged dist_role_tour), their screenshots written to `shots_dir`.
    Returns (passed, failed, pictures written)."""
    log_path = LOGS / "screenshots.log"
    shots_dir.mkdir(parents=True, exist_ok=True)
    before = {p.name: p.stat().st_mtime_ns for p in shots_dir.glob("*.png")}
    with Step(
        f"Role tours: install the suite's addons in '{db}', run the classes tagged "
        f"{ROLE_TOUR_TAG} with DIST_SCREENSHOTS={shots_dir.relative_to(REPO)} "
        f"(log {log_path.relative_to(REPO)})"
    ) as step:
        rc = stream_filtered(
            odoo_cmd(
                "-d",
                db,
                "-i",
                ",".join(SUITE_ADDONS),
                "--test-enable",
                f"--test-tags={ROLE_TOUR_TAG}",
                "--stop-after-init",
                f"--http-port={port}",
                "--log-level=info",
            ),
            log_path,
            re.compile(
                r" (WARNING|ERROR|CRITICAL) |: (FAIL|ERROR):"
                r"|Ran \d+ tests|tests when loading|screenshot .* written"
            ),
            env=dict(os.environ, DIST_SCREENSHOTS=str(shots_dir)),
        )
        text = log_path.read_text(errors="replace")
        match = ODOO_RESULT_RE.search(text)
        written = sorted(
            p
            for p in shots_dir.glob("*.png")
            if before.get(p.name) != p.stat().st_mtime_ns
        )
        for name, copy in SCREENSHOT_COPIES.items():
            if (shots_dir / name) in written:
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(shots_dir / name, copy)
                written.append(copy)
        if not match:
            step.note = f"no test report (exit status {rc}): install failed"
            say(log_tail(log_path, 30))
            return 0, 1, written
        failed, errors, total = (int(g) for g in match.groups())
        bad = failed + errors or (1 if rc != 0 else 0)
        step.note = f"{total - failed - errors} passed, {bad} failed"
        return total - failed - errors, bad, written


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
                # (HttpCase serves only then); in test mode, loading the
                # registry runs the at_install tests of every installed
                # module unless the tags exclude them: pytest picks its own
                "--odoo-extra=test-enable",
                "--odoo-extra=test-tags=-standard",
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


def stale_test_database(db_name):
    """Is dist_test_<pid> left over by a `make test` that is no longer running?"""
    try:
        pid = int(db_name.rsplit("_", 1)[1])
    except ValueError:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # someone else's process, alive
    return False


def throwaway_database(prefix):
    """`<prefix>_<pid>`, after dropping those an interrupted run left."""
    db = f"{prefix}_{os.getpid()}"
    with Step("Throwaway test database") as step:
        conn = pg_connect()
        try:
            with conn.cursor() as cr:
                cr.execute(
                    "SELECT datname FROM pg_database WHERE datname LIKE %s",
                    (prefix.replace("_", "\\_") + "\\_%",),
                )
                stale = [row[0] for row in cr.fetchall() if stale_test_database(row[0])]
        finally:
            conn.close()
        for name in stale:
            drop_database(name)
        step.note = f"'{db}'" + (f", dropped {len(stale)} stale" if stale else "")
    return db
