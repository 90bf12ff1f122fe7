"""Paths, constants and output helpers shared by every step."""

import os
import shlex
import subprocess
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ENTRY = REPO / "tools" / "suite.py"
VENV = REPO / ".venv"
LOCAL = REPO / ".local"
LOGS = LOCAL / "logs"
CONFIG = LOCAL / "odoo.conf"
SUITE_ADDONS = [
    "dist_governance",
    "dist_purchase_policy",
    "dist_wms_rules",
    "dist_helpdesk_cases",
    "dist_finance_controls",
    # bridges: behaviour that needs two of the domain addons above
    # (auto-installed with both; named so that tests and fingerprints see them)
    "dist_purchase_wms",
    "dist_helpdesk_wms",
]
# bridges between a suite addon and an Odoo module the suite does not install
# (auto-installed where that module is): make test installs and tests them
# last, in its own step, so that what they bring (stock_delivery installs the
# Sales app) does not change what the other tests see
OPTIONAL_BRIDGES = [
    "dist_helpdesk_delivery",
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
