"""make test-uninstall: every addon of the suite uninstalled from a database
with data, checked for what it leaves behind, installed again and its core
flows walked (tools/suite_lib/uninstall_probe.py does the work inside Odoo)."""

import json
from pathlib import Path

from .bootstrap import venv_python
from .common import (
    CONFIG,
    LOGS,
    OPTIONAL_BRIDGES,
    REPO,
    SUITE_ADDONS,
    Step,
    log_tail,
    run_logged,
    say,
)
from .databases import build_scenario, install_addons

# the bridges first, then each domain addon (with the bridges that need it),
# dist_governance last (with everything, as every addon depends on it)
ORDER = [
    "dist_purchase_wms",
    "dist_helpdesk_wms",
    "dist_helpdesk_delivery",
    "dist_helpdesk_cases",
    "dist_finance_controls",
    "dist_wms_rules",
    "dist_purchase_policy",
    "dist_governance",
]
# the tiny scenario: orders, receipts, KPI snapshots, exceptions, cases,
# matrix lines... the history that may keep shipped records from going
SCALE = "tiny"


def prepare(db):
    with Step(f"Installing the suite and its bridges in '{db}'"):
        install_addons(
            db, "install-uninstall.log", modules=SUITE_ADDONS + OPTIONAL_BRIDGES
        )
    with Step(f"Scenario at scale '{SCALE}' (data that may block removal)"):
        build_scenario(db, SCALE, "scenario-uninstall.log")


def run_probe(db, addons=ORDER):
    """Uninstall, check, reinstall and smoke each addon in turn; return the
    report (one entry per addon)."""
    LOGS.mkdir(parents=True, exist_ok=True)
    report_path = LOGS / "test-uninstall.json"
    odoo_log = LOGS / "test-uninstall-odoo.log"
    report_path.unlink(missing_ok=True)
    with Step("Uninstall, check, reinstall and smoke, addon by addon") as step:
        rc, log = run_logged(
            [
                venv_python(),
                "-m",
                "tools.suite_lib.uninstall_probe",
                "-c",
                CONFIG,
                "-d",
                db,
                "--logfile",
                odoo_log,
                "--report",
                report_path,
                *addons,
            ],
            "test-uninstall.log",
            cwd=REPO,
        )
        report = json.loads(report_path.read_text()) if report_path.exists() else []
        if rc != 0 or len(report) != len(addons):
            say(log_tail(log, 30))
            report.append(
                {
                    "addon": "(probe)",
                    "errors": [f"the probe stopped (exit {rc}); log: {log}"],
                }
            )
        step.note = f"Odoo's log: {Path(odoo_log).relative_to(REPO)}"
    return report


def problems(entry):
    """Every failure of one addon's entry, as lines."""
    found = list(entry.get("errors", []))
    for key, what in (
        ("uninstall_log", "logged while uninstalling"),
        ("reinstall_log", "logged while reinstalling"),
        ("smoke_log", "logged by the smoke flows"),
    ):
        found += [f"{what}: {line}" for line in entry.get(key, [])]
    found += [f"left behind: {line}" for line in entry.get("leftovers", [])]
    return found


def print_report(report):
    """One block per addon; the number of addons that failed."""
    failed = 0
    for entry in report:
        lines = problems(entry)
        failed += bool(lines)
        removed = [a for a in entry.get("removed", []) if a != entry["addon"]]
        say(
            f"  {entry['addon']}: {'FAILED' if lines else 'ok'}"
            + (f" (with {', '.join(removed)})" if removed else "")
        )
        say(
            "    uninstall {}s, reinstall {}s, smoke {}s: {}".format(
                entry.get("uninstall_s", "-"),
                entry.get("reinstall_s", "-"),
                entry.get("smoke_s", "-"),
                "; ".join(entry.get("smoke", [])) or "no flow run",
            )
        )
        for line in lines:
            say("    " + line.rstrip().replace("\n", "\n    "))
    return failed
