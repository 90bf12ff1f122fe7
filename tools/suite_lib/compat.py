"""make test-compat: the upstream addons' own tests with the suite installed.

Odoo's runner, on a database where everything is already installed, runs
only post_install tests, and an upstream addon's at_install tests run while
that addon installs, before the suite is in the registry. So the tests of the
addons the suite extends are run with pytest-odoo against a throwaway
database holding the four addons, with the whole registry loaded;
tests/compat/plugin.py keeps only the tests Odoo's runner would run (its
loader, its default tags).

A failure is allowed only when tests/compat/known_failures.txt lists it with
its reason; those are the tests that fail the same way without the suite.
The baseline mode (make test-compat BASELINE=1) runs the same tests in a
database with the same upstream modules and without the four addons, to
check that claim.
"""

import ast
import json
import re
import shutil
import subprocess
import threading
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
    say,
)
from .databases import install_addons
from .postgres import pg_connect

# The upstream addons whose own tests run, with the seconds their tests took
# here (2 shared cores): the lanes are balanced by them.
COMPAT_ADDONS = {
    "base_tier_validation": 100,
    "purchase_tier_validation": 15,
    "helpdesk_mgmt": 40,
    "queue_job": 15,
    "purchase": 120,
    "purchase_stock": 355,
    "sale_stock": 180,
    "sale": 295,
    "stock": 270,
    # the scanner app dist_wms_rules depends on, and its dependency with
    # tests (web_widget_numeric_step has none in Python)
    "stock_barcodes": 120,
    "stock_move_line_qty_picked": 20,
    # dist_finance_controls (issue 21): the tier validation of journal
    # entries and payments it registers in the matrix, the landed costs and
    # margins it reads
    "account_move_tier_validation": 25,
    "account_payment_tier_validation": 20,
    "stock_landed_costs": 80,
    "sale_margin": 15,
    # Odoo's accounting has 747 tests (about 20 minutes here): the files of
    # what the suite changes, vendor bills and payments (COMPAT_FILES)
    "account": 180,
}
# addons of which only some test files run: {addon: [file names]}
COMPAT_FILES = {
    "account": [
        "test_account_move_in_invoice.py",
        "test_account_payment.py",
        "test_account_payment_register.py",
    ],
}
KNOWN_FAILURES = REPO / "tests" / "compat" / "known_failures.txt"
# base_tier_validation's tests create a company named "My Company", the name
# of the main company in a database without demo data (unique): the main
# company takes the name demo data gives it, in both databases.
MAIN_COMPANY_NAME = "YourCompany"


def upstream_dependencies():
    """The modules the four addons depend on that are not the suite's own."""
    deps = set()
    for name in SUITE_ADDONS:
        manifest = ast.literal_eval(
            (REPO / "addons" / name / "__manifest__.py").read_text()
        )
        deps.update(manifest.get("depends", []))
    return sorted(deps - set(SUITE_ADDONS))


def modules_to_install(addons, baseline):
    """The suite's four addons (or, for the baseline, what they stand on) and
    the addons under test; Odoo's auto_install brings the same extras to
    both databases, since no upstream module depends on the suite."""
    wanted = upstream_dependencies() if baseline else list(SUITE_ADDONS)
    return wanted + [name for name in addons if name not in wanted]


def installed_modules(db):
    conn = pg_connect(db)
    try:
        with conn.cursor() as cr:
            cr.execute(
                "SELECT name FROM ir_module_module WHERE state = 'installed' "
                "ORDER BY name"
            )
            return [row[0] for row in cr.fetchall()]
    finally:
        conn.close()


def rename_main_company(db):
    conn = pg_connect(db)
    try:
        with conn.cursor() as cr:
            cr.execute(
                "UPDATE res_company SET name = %s WHERE id = ("
                "  SELECT res_id FROM ir_model_data"
                "   WHERE module = 'base' AND name = 'main_company')",
                (MAIN_COMPANY_NAME,),
            )
        conn.commit()
    finally:
        conn.close()


def prepare_database(db, modules, label):
    """Install `modules` in `db`; say if the upstream modules installed
    differ from those of the other mode's last database."""
    baseline = bool(label)
    what = "without the suite: " if baseline else ""
    with Step(f"Installing {what}{', '.join(modules)} in '{db}'") as step:
        install_addons(db, f"compat{label}-install.log", modules=modules)
        rename_main_company(db)
        installed = installed_modules(db)
        (LOGS / f"compat{label}-modules.txt").write_text("\n".join(installed) + "\n")
        step.note = f"{len(installed)} modules installed"
    other = LOGS / f"compat{'' if baseline else '-baseline'}-modules.txt"
    if other.exists():
        theirs = set(other.read_text().split()) - set(SUITE_ADDONS)
        ours = set(installed) - set(SUITE_ADDONS)
        if ours != theirs:
            say(
                f"    WARNING: upstream modules differ from those of {other.name}: "
                f"only here {sorted(ours - theirs)}, "
                f"only there {sorted(theirs - ours)}"
            )


def addon_test_dirs(addons):
    """{addon: its tests/ directory}, where Odoo imports each addon from.

    Asked of Odoo itself (the addons path of .local/odoo.conf), so that
    pytest imports the test files under the same names Odoo does.
    """
    script = (
        "import json, sys, odoo\n"
        "odoo.tools.config.parse_config(['-c', sys.argv[1]])\n"
        "from odoo.modules.module import get_module_path\n"
        "print(json.dumps({n: get_module_path(n, display_warning=False)"
        " for n in sys.argv[2:]}))\n"
    )
    proc = subprocess.run(
        [str(venv_python()), "-c", script, str(CONFIG), *addons],
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise SetupError(f"Could not locate the addons under test:\n{proc.stderr}")
    paths = json.loads(proc.stdout.strip().splitlines()[-1])
    missing = [name for name, path in paths.items() if not path]
    if missing:
        raise SetupError(
            "These addons are not on the addons path of .local/odoo.conf: "
            + ", ".join(missing)
        )
    return {name: Path(path) / "tests" for name, path in paths.items()}


def addon_test_paths(addons):
    """{addon: [what pytest runs]}: its tests/ directory, or the files of it
    COMPAT_FILES names."""
    paths = {}
    for name, tests_dir in addon_test_dirs(addons).items():
        files = COMPAT_FILES.get(name)
        paths[name] = [tests_dir / f for f in files] if files else [tests_dir]
        missing = [p for p in paths[name] if not p.exists()]
        if missing:
            raise SetupError(
                f"{name}'s tests have no {', '.join(p.name for p in missing)} "
                "(COMPAT_FILES in tools/suite_lib/compat.py)"
            )
    return paths


# --------------------------------------------------------------------------
# The known failures
# --------------------------------------------------------------------------

ENTRY_RE = re.compile(r"^(\S+)\s+(\S.*)$")


def load_known_failures(path=KNOWN_FAILURES):
    """{entry: reason}. An entry is a test id, or a class or file prefix of
    ids (`addon/tests/test_x.py::TestClass`); every entry needs its reason,
    which starts with [flaky] when the test also passes at times."""
    known = {}
    if not path.exists():
        return known
    shown = path.relative_to(REPO) if path.is_relative_to(REPO) else path
    for number, raw in enumerate(path.read_text().splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = ENTRY_RE.match(line)
        if not match or "::" not in match.group(1) and ".py" not in match.group(1):
            raise SetupError(
                f"{shown}:{number}: expected "
                f"'<addon>/tests/<file>.py::<Class>::<method>  <reason>', "
                f"got: {raw}"
            )
        entry, reason = match.groups()
        if entry in known:
            raise SetupError(f"{shown}:{number}: {entry} twice")
        known[entry] = reason
    return known


FLAKY = "[flaky]"


def may_pass(reason):
    """An entry whose test was seen to pass and fail without the suite: its
    passing does not make the list stale."""
    return reason.startswith(FLAKY)


def matching_entry(test_id, known):
    """The known-failures entry covering `test_id`, or None."""
    for entry in known:
        if test_id == entry or test_id.startswith(entry + "::"):
            return entry
    return None


def entry_addon(entry):
    return entry.split("/", 1)[0]


# --------------------------------------------------------------------------
# Running one addon's tests
# --------------------------------------------------------------------------


def run_addon(db, addon, tests_paths, label):
    """pytest-odoo over one addon's tests in `db`: (its results as a list of
    dicts, or None when pytest did not finish; the log's path)."""
    log_path = LOGS / f"compat{label}-{addon}.log"
    report = LOGS / f"compat{label}-{addon}.json"
    report.unlink(missing_ok=True)
    cmd = [
        venv_python(),
        "-m",
        "pytest",
        *tests_paths,
        "-c",
        REPO / "pyproject.toml",
        "--rootdir",
        REPO,
        f"--odoo-config={CONFIG}",
        f"--odoo-database={db}",
        "--odoo-http",
        "--odoo-log-level=warn",
        "-p",
        "tests.compat.plugin",
        f"--compat-report={report}",
        "-p",
        "no:cacheprovider",
        "-q",
        "-rN",
    ]
    with open(log_path, "w") as log:
        log.write("$ " + " ".join(str(c) for c in cmd) + "\n")
        log.flush()
        proc = subprocess.run(
            [str(c) for c in cmd],
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=REPO,
        )
    # exit status 0 or 1: pytest ran the tests (1: some failed); anything
    # else: it stopped short (usage, collection, internal error)
    if not report.exists() or proc.returncode not in (0, 1):
        return None, log_path
    return json.loads(report.read_text())["tests"], log_path


def summarize(results, known):
    counts = {"passed": 0, "failed": 0, "known": 0, "skipped": 0}
    for test in results:
        if test["outcome"] == "failed" and matching_entry(test["id"], known):
            counts["known"] += 1
        else:
            counts[test["outcome"]] += 1
    return counts


def plan_lanes(addons, jobs, seconds=None):
    """Addons spread over `jobs` lanes, longest first onto the lightest
    lane (by the seconds measured here), each lane in the given order."""
    seconds = COMPAT_ADDONS if seconds is None else seconds
    lanes = [[] for _ in range(max(1, min(jobs, len(addons))))]
    load = [0.0] * len(lanes)
    for addon in sorted(addons, key=lambda a: -seconds.get(a, 60)):
        lane = load.index(min(load))
        lanes[lane].append(addon)
        load[lane] += seconds.get(addon, 60)
    return [sorted(lane, key=addons.index) for lane in lanes]


def clone_database(db, clone):
    """A copy of `db` (and its file store) for a second lane."""
    conn = pg_connect()
    conn.autocommit = True
    try:
        with conn.cursor() as cr:
            cr.execute(f'CREATE DATABASE "{clone}" TEMPLATE "{db}"')
    finally:
        conn.close()
    filestore = LOCAL / "data" / "filestore"
    if (filestore / db).is_dir():
        shutil.copytree(filestore / db, filestore / clone)


def run_all(lane_dbs, addons, label, known):
    """Every addon's tests, the lanes side by side, one database each:
    ({id: result}, broken addons, {addon: seconds})."""
    dirs = addon_test_paths(addons)
    lanes = plan_lanes(addons, len(lane_dbs))
    results, broken, seconds = {}, [], {}
    lock = threading.Lock()

    def lane(db, names):
        for addon in names:
            t0 = time.monotonic()
            tests, log_path = run_addon(db, addon, dirs[addon], label)
            took = time.monotonic() - t0
            with lock:
                seconds[addon] = took
                if tests is None:
                    broken.append(addon)
                    say(f"    {addon}: pytest did not finish ({took:.0f}s):")
                    say(log_tail(log_path, 30))
                    continue
                results.update((test["id"], test) for test in tests)
                counts = summarize(tests, known)
                say(
                    f"    {addon}: {counts['passed']} passed, "
                    f"{counts['failed']} failed, {counts['known']} known "
                    f"failures, {counts['skipped']} skipped in {took:.0f}s "
                    f"(log {log_path.relative_to(REPO)})"
                )

    with Step(
        "The upstream addons' own tests with pytest-odoo, "
        + (
            f"in {len(lanes)} lanes side by side: "
            + "; ".join(", ".join(names) for names in lanes)
            if len(lanes) > 1
            else ", ".join(addons)
        )
    ) as step:
        threads = [
            threading.Thread(target=lane, args=(db, names))
            for db, names in zip(lane_dbs, lanes, strict=False)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        step.note = f"{len(results)} tests"
    return results, broken, seconds


def results_path(label):
    return LOGS / f"compat{label}-results.json"


def save_results(results, label, addons):
    """Keep the last results of every addon: a run of some addons replaces
    theirs only."""
    merged = {
        test_id: test
        for test_id, test in (load_results(label) or {}).items()
        if test.get("addon") not in addons
    }
    merged.update(results)
    results_path(label).write_text(json.dumps(merged, indent=1, sort_keys=True))


def load_results(label):
    path = results_path(label)
    return json.loads(path.read_text()) if path.exists() else None


# --------------------------------------------------------------------------
# Verdicts
# --------------------------------------------------------------------------


def _same_way(message, other):
    """Do two first lines of an error say the same, record ids aside?"""

    def strip(text):
        return re.sub(r"\d+", "#", text or "")

    return strip(message) == strip(other)


def _listed_in_run(known, addons):
    return {e: r for e, r in known.items() if entry_addon(e) in addons}


def suite_verdict(results, known, addons):
    """With the suite: (passed, failed). Failed counts every failure that
    is not listed and every listed entry none of whose tests failed."""
    listed = _listed_in_run(known, addons)
    unexpected, hit = [], set()
    passed = 0
    for test_id, test in sorted(results.items()):
        if test["outcome"] == "passed":
            passed += 1
        elif test["outcome"] == "failed":
            entry = matching_entry(test_id, listed)
            if entry:
                hit.add(entry)
            else:
                unexpected.append(test)
    stale = [
        entry for entry in listed if entry not in hit and not may_pass(listed[entry])
    ]
    if unexpected:
        say(f"Failures not listed in {KNOWN_FAILURES.relative_to(REPO)}:")
        for test in unexpected:
            say(f"    {test['id']}\n        {test['message']}")
    if stale:
        say(
            f"Listed in {KNOWN_FAILURES.relative_to(REPO)} but did not fail "
            "(fixed, renamed or gone: take them off the list):"
        )
        for entry in stale:
            say(f"    {entry}")
    known_count = sum(
        1
        for test_id, test in results.items()
        if test["outcome"] == "failed" and matching_entry(test_id, listed)
    )
    skipped = sum(1 for test in results.values() if test["outcome"] == "skipped")
    say(
        f"{known_count} known failures (listed with their reasons in "
        f"{KNOWN_FAILURES.relative_to(REPO)}; make test-compat BASELINE=1 "
        f"checks they fail without the suite), {skipped} skipped"
    )
    return passed, len(unexpected) + len(stale)


def baseline_verdict(results, known, addons, suite_results):
    """Without the suite: does every listed entry fail here too?
    (confirmed, not confirmed)."""
    listed = _listed_in_run(known, addons)
    confirmed, refuted = [], []
    for entry in listed:
        failing = [
            test
            for test_id, test in sorted(results.items())
            if test["outcome"] == "failed" and matching_entry(test_id, {entry: ""})
        ]
        if not failing:
            if not may_pass(listed[entry]):
                refuted.append(entry)
            continue
        confirmed.append(entry)
        for test in failing:
            with_suite = (suite_results or {}).get(test["id"])
            if with_suite and with_suite["outcome"] == "failed":
                if not _same_way(test["message"], with_suite["message"]):
                    say(
                        f"    {test['id']} fails differently with the suite:\n"
                        f"        without: {test['message']}\n"
                        f"        with:    {with_suite['message']}"
                    )
    if refuted:
        say(
            "Listed as known failures but they pass without the suite (so the "
            "suite causes them: they must be fixed, not listed):"
        )
        for entry in refuted:
            say(f"    {entry}")
    unlisted = [
        test
        for test_id, test in sorted(results.items())
        if test["outcome"] == "failed" and not matching_entry(test_id, listed)
    ]
    if unlisted:
        say("Failing without the suite, not listed (they pass with it):")
        for test in unlisted:
            say(f"    {test['id']}\n        {test['message']}")
    if suite_results is None:
        say(
            "    (no results of a run with the suite in .local/logs: run make "
            "test-compat first to compare the errors)"
        )
    return len(confirmed), len(refuted)
