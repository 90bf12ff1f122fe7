"""The addons' translation templates (addons/<addon>/i18n/<addon>.pot):
written from a database by tools/i18n_pot.py, and checked against one."""

import re
import tempfile
from pathlib import Path

from .bootstrap import venv_python
from .common import CONFIG, REPO, SUITE_ADDONS, SetupError, Step, log_tail, run_logged

# the header lines that change on every export (the dates) or with the Odoo
# build that exports (its version)
DATE_LINE = re.compile(
    rb'^"(POT-Creation-Date|PO-Revision-Date|Project-Id-Version): [^"]*"\n', re.M
)


def pot_path(root, addon):
    return Path(root) / addon / "i18n" / f"{addon}.pot"


def _same(a, b):
    """The same template but for the export dates and Odoo's version in its
    header?"""
    return DATE_LINE.sub(b"", a) == DATE_LINE.sub(b"", b)


def _export(db, out_dir):
    rc, log = run_logged(
        [
            venv_python(),
            REPO / "tools" / "i18n_pot.py",
            "-c",
            CONFIG,
            "-d",
            db,
            "--out",
            out_dir,
        ],
        "i18n-export.log",
        cwd=REPO,
    )
    if rc != 0:
        raise SetupError(
            f"Exporting the translation templates from '{db}' failed "
            f"(full log: {log}):\n{log_tail(log, 15)}"
        )


def write_pots(db):
    """Write the templates from `db`; a template that differs only by its
    dates is left as it is. Returns the addons whose template changed."""
    changed = []
    with Step(f"Translation templates from '{db}'") as step:
        with tempfile.TemporaryDirectory(prefix="dist_i18n_") as tmp:
            _export(db, tmp)
            for addon in SUITE_ADDONS:
                new = pot_path(tmp, addon).read_bytes()
                target = pot_path(REPO / "addons", addon)
                if target.exists() and _same(target.read_bytes(), new):
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(new)
                changed.append(addon)
        step.note = "changed: " + ", ".join(changed) if changed else "all current"
    return changed


def stale_pots(db):
    """The addons whose committed template differs from what `db` exports
    (header dates aside)."""
    stale = []
    with Step(f"Translation templates current (i18n-check against '{db}')") as step:
        with tempfile.TemporaryDirectory(prefix="dist_i18n_") as tmp:
            _export(db, tmp)
            for addon in SUITE_ADDONS:
                target = pot_path(REPO / "addons", addon)
                new = pot_path(tmp, addon).read_bytes()
                if not target.exists() or not _same(target.read_bytes(), new):
                    stale.append(addon)
        step.note = (
            "stale: " + ", ".join(stale) + " (run make i18n and commit)"
            if stale
            else "current"
        )
    return stale
